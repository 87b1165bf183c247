// Pathological-pattern benchmark: rules and paths built to blow up a backtracking matcher (bench/pattern-cases.mjs:
// `Bash(*a*a…b)`, `Read(**/**/…/x)`, 10,000-character rules, 10,000 stars, 10,000-folder paths, 2,000-part compounds).
//
// The floor: the permissions pipeline (load + effective merge + auditor) over an ordinary settings file with the SAME
// NUMBER of rules in each list as the hostile one (20), drawn from the permissions benchmark's realistic mix (rules of
// about 25 characters on average). It is timed like the hostile file: a fresh process per run (permissions-worker.mjs), the two
// alternated. The cases of a run share one fresh process and run in order, so each is timed with the modules loaded
// and with what earlier cases parsed and contained memoised (the pipeline over the hostile file is the cold measure).
//
// Every figure is CPU time (user + system), which the machine's load disturbs far less than wall time; medians of RUNS.
// Budget: the pipeline over the hostile file, and the slowest case, each cost at most BUDGET_RATIO times the floor:
// pathological patterns cost no more than ordinary ones of the same count, give or take the linear cost of being 300
// times longer. Measured on 2 cores at load 8–10 (Node 20, 4 runs): hostile 3.1–3.8×, slowest case 3.0–3.4× (the same
// merge and auditor, in the cases' process). Budget 5×: a parse made quadratic in the rule's length (adding about the
// hostile file's own cost) measured 6.3×; the old floor (an ordinary file of the same BYTE size, 4,805 rules) let the
// hostile pipeline cost 9× more before failing.
// Runs against the built code in dist/ (`npm run bench` builds first). Run alone: `node bench/patterns.bench.mjs`.
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmtInt, fmtMs, median } from './bench-lib.mjs';
import { writeWorkspace } from './pattern-cases.mjs';
import { generateRules } from './permissions.bench.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.resolve(process.env.AGENTGOV_DIST ?? path.join(REPO, 'dist'));
const RUNS = 5;
const BUDGET_RATIO = 5;

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
    const hostileRules = JSON.parse(await readFile(path.join(hostile.root, '.claude', 'settings.json'), 'utf8')).permissions;
    const ordinary = await writeOrdinary(path.join(base, 'ordinary'), hostileRules);
    const pipeline = (dirs, expectedRules) => {
      const r = node([path.join(REPO, 'bench', 'permissions-worker.mjs'), DIST, dirs.root, dirs.home, dirs.managedDir]);
      if (r.rules !== expectedRules) throw new Error(`${dirs.root}: ${r.rules} effective rules loaded, expected ${expectedRules}`);
      return r;
    };
    const count = Object.values(hostileRules).flat().length;
    const caseTimes = new Map();
    const floors = [];
    const hostiles = [];
    const wrong = new Set();
    pipeline(ordinary, count); // warm-up: file cache, and the first spawn
    for (let i = 0; i < RUNS; i++) {
      floors.push(pipeline(ordinary, count));
      hostiles.push(pipeline(hostile, count));
      const dir = path.join(base, `cases-${i}`);
      await mkdir(dir);
      for (const c of node([path.join(REPO, 'bench', 'pattern-cases.mjs'), DIST, dir])) {
        caseTimes.set(c.name, [...(caseTimes.get(c.name) ?? []), c]);
        if (!c.ok) wrong.add(c.name);
      }
    }
    const cpu = (runs) => median(runs.map((r) => r.cpuMs));
    const wall = (runs) => median(runs.map((r) => r.ms));
    const floor = cpu(floors);
    const hostileMs = cpu(hostiles);
    const cases = [...caseTimes].map(([caseName, runs]) => ({ caseName, ms: cpu(runs), wallMs: wall(runs) })).sort((a, b) => b.ms - a.ms);
    log(`patterns: ${cases.length} pathological cases, CPU ms (wall ms), median of ${RUNS} runs, each run's cases in one fresh process, Node ${process.version}`);
    for (const c of cases) log(`${fmtMs(c.ms).padStart(9)} ms (${fmtMs(c.wallMs)})  ${c.caseName}${wrong.has(c.caseName) ? '  WRONG ANSWER' : ''}`);
    const slowest = cases[0];
    const hostileRatio = hostileMs / floor;
    const caseRatio = slowest.ms / floor;
    const bytes = (rules) => Object.values(rules).flat().reduce((n, r) => n + r.length, 0);
    log('');
    log(`floor: permissions pipeline over an ordinary settings file of ${count} rules (${fmtInt(bytes(ordinary.permissions))} characters of rules): ${fmtMs(floor)} ms CPU (${fmtMs(wall(floors))} ms wall), a fresh process per run`);
    log(`same pipeline over the hostile settings file of ${count} rules (${fmtInt(bytes(hostileRules))} characters): ${fmtMs(hostileMs)} ms CPU (${fmtMs(wall(hostiles))} ms wall), ratio ${hostileRatio.toFixed(2)}`);
    log(`slowest pattern case: ${fmtMs(slowest.ms)} ms CPU (${slowest.caseName}), ratio ${caseRatio.toFixed(2)}`);
    log(`budget ${BUDGET_RATIO}× for each${wrong.size > 0 ? `; ${wrong.size} wrong answers` : ''}`);
    const figures = [
      { measure: `pipeline over ${count} pathological rules (${fmtMs(hostileMs)} ms CPU) / over ${count} ordinary rules (${fmtMs(floor)} ms)`, value: hostileRatio, budget: BUDGET_RATIO, unit: '×', ok: hostileRatio <= BUDGET_RATIO },
      { measure: `slowest pathological case (${fmtMs(slowest.ms)} ms CPU) / the same floor`, value: caseRatio, budget: BUDGET_RATIO, unit: '×', ok: caseRatio <= BUDGET_RATIO },
    ];
    return { ok: figures.every((f) => f.ok) && wrong.size === 0, figures, slowestMs: slowest.ms, hostileMs, floorMs: floor };
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}

/**
 * An ordinary project settings file with as many rules in each list as `like` has: the first rules of each list in the
 * permissions benchmark's realistic mix.
 */
async function writeOrdinary(dir, like) {
  const root = path.join(dir, 'project');
  const home = path.join(dir, 'home');
  const managedDir = path.join(dir, 'managed');
  const permissions = { allow: [], ask: [], deny: [] };
  for (const r of generateRules(10_000, 0x9a77)) if (permissions[r.list].length < (like[r.list]?.length ?? 0)) permissions[r.list].push(r.raw);
  for (const list of Object.keys(permissions)) if (permissions[list].length !== (like[list]?.length ?? 0)) throw new Error(`too few generated ${list} rules`);
  await mkdir(path.join(root, '.claude'), { recursive: true });
  await mkdir(home, { recursive: true });
  await mkdir(managedDir, { recursive: true });
  await writeFile(path.join(root, '.claude', 'settings.json'), `${JSON.stringify({ permissions }, null, 2)}\n`);
  return { root, home, managedDir, permissions };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await run();
  process.exitCode = result.ok ? 0 : 1;
}
