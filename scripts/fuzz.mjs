// `npm run fuzz`: the never-throw properties of test/fuzz (permission rules, loaders, state files, reporters) with
// 100,000 cases per target instead of CI's few hundred, then the number of cases each target ran.
// `node scripts/fuzz.mjs --runs 5000` for a shorter run; other arguments go to vitest (e.g. a file filter).
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const at = args.indexOf('--runs');
const runs = at >= 0 ? Number(args.splice(at, 2)[1]) : 100_000;
if (!Number.isInteger(runs) || runs <= 0) {
  console.error('fuzz: --runs needs a positive whole number');
  process.exit(2);
}
const report = path.join(os.tmpdir(), `agentgov-fuzz-${process.pid}.jsonl`);
const started = performance.now();
const vitest = spawnSync(process.execPath, [path.join(REPO, 'node_modules', 'vitest', 'vitest.mjs'), 'run', 'test/fuzz', ...args], {
  cwd: REPO,
  stdio: 'inherit',
  env: { ...process.env, AGENTGOV_FUZZ_RUNS: String(runs), AGENTGOV_FUZZ_REPORT: report },
});
let counts = [];
try {
  counts = readFileSync(report, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
} catch {
  // No target ran (vitest failed to start): reported below.
} finally {
  rmSync(report, { force: true });
}
const width = Math.max(6, ...counts.map((c) => c.target.length));
console.log(`\nfuzz: cases run per target (asked for ${runs.toLocaleString('en-US')} each), ${((performance.now() - started) / 60_000).toFixed(1)} min`);
for (const c of counts.sort((a, b) => a.target.localeCompare(b.target))) console.log(`  ${c.target.padEnd(width)}  ${c.runs.toLocaleString('en-US').padStart(9)}${c.runs < runs ? '  (stopped at a failure)' : ''}`);
console.log(`  ${'total'.padEnd(width)}  ${counts.reduce((n, c) => n + c.runs, 0).toLocaleString('en-US').padStart(9)} in ${counts.length} targets`);
process.exitCode = vitest.status === 0 && counts.length > 0 ? 0 : 1;
