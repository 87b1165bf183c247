// Pathological-pattern benchmark: rules and paths built to blow up a backtracking matcher (bench/pattern-cases.mjs:
// `Bash(*a*a…b)`, `Read(**/**/…/x)`, 10,000-character rules, 10,000 stars, 10,000-folder paths, 2,000-part compounds),
// each case timed cold (a fresh process per run). The floor, measured in the same run and alternated with the cases:
// the permissions pipeline (load + effective merge + auditor) over an ordinary settings file of the same size. Budget:
// the slowest case, and the whole pipeline over the hostile settings file, cost no more than the floor.
// Runs against the built code in dist/ (`npm run bench` builds first). Run alone: `node bench/patterns.bench.mjs`.
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmtMs, median } from './bench-lib.mjs';
import { writeWorkspace } from './pattern-cases.mjs';
import { generateRules } from './permissions.bench.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.resolve(process.env.AGENTGOV_DIST ?? path.join(REPO, 'dist'));
const RUNS = 5;
const BUDGET_RATIO = 1;

export const name = 'patterns';

function node(args) {
  const out = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (out.status !== 0) throw new Error(`${args.join(' ')} failed: ${out.stderr}`);
  return JSON.parse(out.stdout);
}

/** Runs the benchmark, prints its figures, and returns whether the budget holds. */
export default async function run({ log = (line) => console.log(line) } = {}) {
  const base = await mkdtemp(path.join(os.tmpdir(), 'agentgov-patterns-bench-'));
  try {
    const hostile = await writeWorkspace(path.join(base, 'hostile'));
    const bytes = (await stat(path.join(hostile.root, '.claude', 'settings.json'))).size;
    const ordinary = await writeOrdinary(path.join(base, 'ordinary'), bytes);
    const pipeline = (dirs) => {
      const r = node([path.join(REPO, 'bench', 'permissions-worker.mjs'), DIST, dirs.root, dirs.home, dirs.managedDir]);
      return r.load + r.analysis;
    };
    const caseTimes = new Map();
    const floors = [];
    const hostiles = [];
    const wrong = new Set();
    pipeline(ordinary); // warm-up: file cache, and the first spawn
    for (let i = 0; i < RUNS; i++) {
      floors.push(pipeline(ordinary));
      hostiles.push(pipeline(hostile));
      const dir = path.join(base, `cases-${i}`);
      await mkdir(dir);
      for (const c of node([path.join(REPO, 'bench', 'pattern-cases.mjs'), DIST, dir])) {
        caseTimes.set(c.name, [...(caseTimes.get(c.name) ?? []), c.ms]);
        if (!c.ok) wrong.add(c.name);
      }
    }
    const floor = median(floors);
    const hostileMs = median(hostiles);
    const cases = [...caseTimes].map(([caseName, times]) => ({ caseName, ms: median(times) })).sort((a, b) => b.ms - a.ms);
    log(`patterns: ${cases.length} pathological cases, median of ${RUNS} cold runs each (a fresh process per run), Node ${process.version}`);
    for (const c of cases) log(`${fmtMs(c.ms).padStart(9)} ms  ${c.caseName}${wrong.has(c.caseName) ? '  WRONG ANSWER' : ''}`);
    const slowest = cases[0];
    const worst = Math.max(slowest.ms, hostileMs);
    const ratio = worst / floor;
    log('');
    log(`floor: permissions pipeline over an ordinary ${bytes.toLocaleString('en-US')}-byte settings file (${ordinary.rules.toLocaleString('en-US')} rules): ${fmtMs(floor)} ms`);
    log(`same pipeline over the hostile settings file of that size: ${fmtMs(hostileMs)} ms`);
    log(`slowest pattern case: ${fmtMs(slowest.ms)} ms (${slowest.caseName})`);
    log(`ratio ${ratio.toFixed(2)} (budget ${BUDGET_RATIO})${wrong.size > 0 ? `; ${wrong.size} wrong answers` : ''}`);
    const figures = [{ measure: `slowest pathological case (${fmtMs(worst)} ms) / ordinary settings of the same size (${fmtMs(floor)} ms)`, value: ratio, budget: BUDGET_RATIO, unit: '×', ok: ratio <= BUDGET_RATIO }];
    return { ok: ratio <= BUDGET_RATIO && wrong.size === 0, figures, ratio, budget: BUDGET_RATIO, slowestMs: slowest.ms, floorMs: floor };
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}

/** An ordinary project settings file (the permissions benchmark's realistic mix) of about `bytes` bytes. */
async function writeOrdinary(dir, bytes) {
  const root = path.join(dir, 'project');
  const home = path.join(dir, 'home');
  const managedDir = path.join(dir, 'managed');
  const permissions = { allow: [], ask: [], deny: [] };
  let size = 0;
  for (const r of generateRules(100_000, 0x9a77)) {
    if (size >= bytes) break;
    permissions[r.list].push(r.raw);
    size += r.raw.length + 8;
  }
  await mkdir(path.join(root, '.claude'), { recursive: true });
  await mkdir(home, { recursive: true });
  await mkdir(managedDir, { recursive: true });
  await writeFile(path.join(root, '.claude', 'settings.json'), `${JSON.stringify({ permissions }, null, 2)}\n`);
  return { root, home, managedDir, rules: permissions.allow.length + permissions.ask.length + permissions.deny.length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await run();
  process.exitCode = result.ok ? 0 : 1;
}
