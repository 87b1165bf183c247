// Pre-commit benchmark: `agentgov check` on a copy of the bundled demo repository with a staged settings change,
// against `node -e 0` (the cost of starting Node at all), alternated in the same run. Budget: 2×.
// Runs against the built code (`npm run bench` builds first). Run alone: `node bench/check.bench.mjs`.
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmtMs, median } from './bench-lib.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = 15;
const BUDGET_RATIO = 2;

export const name = 'check';

function git(cwd, ...args) {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.com', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.com' } });
  if (result.status !== 0) throw new Error(`git ${args[0]} failed: ${result.stderr}`);
}

function timed(args, cwd) {
  const t0 = performance.now();
  const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (result.status !== 0 && result.status !== 1) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return { ms, status: result.status };
}

/** Runs the benchmark, prints its figures, and returns whether the budget holds. */
export default async function run({ log = (line) => console.log(line) } = {}) {
  const base = await mkdtemp(path.join(os.tmpdir(), 'agentgov-check-bench-'));
  try {
    const root = path.join(base, 'demo');
    await cp(path.join(REPO, 'examples', 'demo'), root, { recursive: true });
    git(root, 'init', '-q');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'demo');
    const settingsFile = path.join(root, '.claude', 'settings.json');
    const settings = JSON.parse(await readFile(settingsFile, 'utf8'));
    settings.permissions.allow.push('Bash(npm run lint)');
    await writeFile(settingsFile, `${JSON.stringify(settings, null, 2)}\n`);
    git(root, 'add', '.claude/settings.json');
    const check = [path.join(REPO, 'bin', 'agentgov.js'), 'check', '--home', 'home', '--managed-dir', 'managed', '--quiet'];
    const floor = ['-e', '0'];
    // One warm-up of each, then alternate so that neither gets a warmer machine.
    timed(floor, root);
    const status = timed(check, root).status;
    const floors = [];
    const checks = [];
    for (let i = 0; i < RUNS; i++) {
      floors.push(timed(floor, root).ms);
      checks.push(timed(check, root).ms);
    }
    const floorMs = median(floors);
    const checkMs = median(checks);
    const ratio = checkMs / floorMs;
    log(`node -e 0:                         ${fmtMs(floorMs)} ms (median of ${RUNS})`);
    log(`agentgov check (staged settings):  ${fmtMs(checkMs)} ms (median of ${RUNS}, exit ${status})`);
    log(`ratio ${ratio.toFixed(2)} (budget ${BUDGET_RATIO})`);
    return { ok: ratio <= BUDGET_RATIO, ratio, budget: BUDGET_RATIO };
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await run();
  process.exitCode = result.ok ? 0 : 1;
}
