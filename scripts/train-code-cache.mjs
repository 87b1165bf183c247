// Writes one V8 code cache for the bundled CLI (run by scripts/bundle-cli.mjs, one fresh process per cache: a cache
// holds every function compiled in its process, so a command's own cache must be trained where nothing else ran).
// The commands run on the bundled demo with their output discarded. Usage: node scripts/train-code-cache.mjs <command|all>
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { BUNDLE_FILE, cacheFileFor, loadBundle } = await import('../bin/load-bundle.js');
const which = process.argv[2] ?? 'all';

const demo = path.join(repo, 'examples', 'demo');
const scopes = ['--home', path.join(demo, 'home'), '--managed-dir', path.join(demo, 'managed')];
const check = ['check', '--root', demo, path.join(demo, '.claude', 'settings.json'), ...scopes];
/**
 * What each cache is trained on: the commands whose start-up matters. History reads this repository's own history
 * (a checkout without .git trains on nothing there, and history then compiles as it goes).
 */
const history = ['history', repo, '--since', '2020-01-01', '--format', 'json', ...scopes];
const TRAINING = { all: [['--version'], ['audit', demo, ...scopes, '--format', 'json'], check], check: [check], history: [history] };
const runs = TRAINING[which];
if (!runs) {
  console.error(`train-code-cache: unknown cache ${which} (one of ${Object.keys(TRAINING).join(', ')})`);
  process.exit(2);
}

const { exports, script } = loadBundle({ useCache: false });
const io = { stdout: () => undefined, stderr: () => undefined, env: {}, cwd: repo, stdoutIsTTY: false, stderrIsTTY: false, homedir: path.join(demo, 'home'), platform: process.platform };
for (const argv of runs) {
  try {
    await exports.runCli(argv, io);
  } catch {
    // A training run that fails only leaves some functions out of the cache.
  }
}
await writeFile(cacheFileFor(BUNDLE_FILE, which === 'all' ? '' : which), script.createCachedData());
