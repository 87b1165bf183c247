// Memory planning benchmark: `agentgov memory plan` over a generated auto-memory store of 50,000 memory files, against
// plainly reading the same files (a walk and one read per file) in a fresh Node process, measured in the same run.
// Runs against the built code in dist/ (`npm run bench` builds first). Run alone: `node bench/memory.bench.mjs`.
// AGENTGOV_BENCH_KEEP=1 keeps the generated store (its path is printed) for profiling.
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmtInt, fmtMs, median, rng } from './bench-lib.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.resolve(process.env.AGENTGOV_DIST ?? path.join(REPO, 'dist'));
const FILES = 50_000;
const RUNS = 3;
const BUDGET_RATIO = 2;
const TYPES = ['user', 'feedback', 'project', 'reference'];

export const name = 'memory';

const READ_ALL = `
const fs = require('node:fs'), path = require('node:path');
let n = 0, bytes = 0;
const walk = (d) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else { bytes += fs.readFileSync(p).length; n++; } } };
walk(process.argv[1]);
process.stdout.write(n + ' ' + bytes);
`;

async function generate(base) {
  const root = path.join(base, 'project');
  const home = path.join(base, 'home');
  const memory = path.join(home, '.claude', 'projects', root.replace(/[^A-Za-z0-9]/g, '-'), 'memory');
  await mkdir(root, { recursive: true });
  await mkdir(memory, { recursive: true });
  const random = rng(7);
  const now = Date.now();
  const index = [];
  for (let i = 0; i < FILES; i += 500) {
    await Promise.all(
      Array.from({ length: Math.min(500, FILES - i) }, async (_, k) => {
        const n = i + k;
        const type = TYPES[n % TYPES.length];
        const modified = new Date(now - Math.floor(random() * 400) * 86_400_000).toISOString();
        const shape = n % 2 === 0 ? `type: ${type}` : `metadata:\n  type: ${type}`;
        const body = `Fact number ${n}: ${'lorem ipsum dolor sit amet '.repeat(1 + (n % 8))}\n**Why:** because.\n**How to apply:** see [[memory-${(n + 1) % FILES}]] and \`src/file${n % 100}.ts\`.\n`;
        const file = path.join(memory, `${type}_${n}.md`);
        await writeFile(file, `---\nname: memory-${n}\ndescription: memory number ${n}\n${shape}\nmodified: ${modified}\n---\n${body}`);
        const old = new Date(now - 3_600_000);
        await utimes(file, old, old);
      }),
    );
    if (i < 200) index.push(`- [Memory ${i}](${TYPES[i % TYPES.length]}_${i}.md) — hook`);
  }
  await writeFile(path.join(memory, 'MEMORY.md'), `${index.join('\n')}\n`);
  return { root, home, memory, state: path.join(base, 'state') };
}

function timed(args) {
  const t0 = performance.now();
  const result = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - t0;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return { ms, stdout: result.stdout };
}

/** Runs the benchmark, prints its figures, and returns whether the budget holds. */
export default async function run({ log = (line) => console.log(line) } = {}) {
  const base = await mkdtemp(path.join(os.tmpdir(), 'agentgov-memory-bench-'));
  try {
    const t0 = performance.now();
    const ws = await generate(base);
    log(`generated ${fmtInt(FILES)} memory files in ${fmtMs(performance.now() - t0)} ms${process.env.AGENTGOV_BENCH_KEEP ? ` at ${base}` : ''}`);
    const main = path.join(REPO, 'bin', 'agentgov.js');
    const plan = ['--max-old-space-size=4096', main, 'memory', 'plan', ws.root, '--home', ws.home, '--state-dir', ws.state, '--format', 'json', '--output', path.join(base, 'plan.json')];
    const read = ['-e', READ_ALL, ws.memory];
    // Warm the page cache once, then alternate the two so that neither gets a warmer machine.
    timed(read);
    const reads = [];
    const plans = [];
    for (let i = 0; i < RUNS; i++) {
      reads.push(timed(read).ms);
      plans.push(timed(plan).ms);
    }
    const readMs = median(reads);
    const planMs = median(plans);
    const ratio = planMs / readMs;
    log(`read every file (fresh node): ${fmtMs(readMs)} ms (median of ${RUNS})`);
    log(`agentgov memory plan:         ${fmtMs(planMs)} ms (median of ${RUNS})`);
    log(`ratio ${ratio.toFixed(2)} (budget ${BUDGET_RATIO})`);
    const figures = [{ measure: 'memory plan of 50,000 files / reading them', value: ratio, budget: BUDGET_RATIO, unit: '×', ok: ratio <= BUDGET_RATIO }];
    return { ok: ratio <= BUDGET_RATIO, figures, ratio };
  } finally {
    if (!process.env.AGENTGOV_BENCH_KEEP) await rm(base, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await run();
  process.exitCode = result.ok ? 0 : 1;
}
