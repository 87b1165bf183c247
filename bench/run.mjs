// Runs every bench/*.bench.mjs in turn and ends with one table row per budget: benchmark, what is measured, the
// measured figure, the budget, PASS/FAIL. Exits 1 if any benchmark fails (or throws).
//
//   node bench/run.mjs                 every benchmark (npm run bench builds first)
//   node bench/run.mjs history check   only these (a name, or a path to a .bench.mjs file)
//   node bench/run.mjs --list          the benchmarks it would run
//
// A benchmark module exports `default async function run({ log })` and optionally `name`. It returns
//   { ok, figures: [{ measure, value, budget, unit, ok, cmp? }] }   value and budget are numbers in `unit` ('×', 'ms');
//                                                                   cmp is '≤' (the default) or '<'
// or simply { ok, ratio, budget } (one figure, a ratio), or { ok } (no figure). `ok` is the whole verdict: a
// benchmark may fail its own correctness checks while every figure is within budget.
import { readdir } from 'node:fs/promises';
import os from 'node:os';
import { nodeStartupNote } from './bench-lib.mjs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const SUFFIX = '.bench.mjs';

async function selected(args) {
  const all = (await readdir(dir)).filter((f) => f.endsWith(SUFFIX)).sort().map((f) => path.join(dir, f));
  if (args.length === 0) return all;
  return args.map((arg) => {
    if (arg.endsWith('.mjs')) return path.resolve(arg);
    const file = all.find((f) => path.basename(f, SUFFIX) === arg);
    if (!file) throw new Error(`no benchmark named ${arg} (have: ${all.map((f) => path.basename(f, SUFFIX)).join(', ')})`);
    return file;
  });
}

/** The table rows of one benchmark's result. */
function rowsOf(name, result) {
  const figures = Array.isArray(result?.figures)
    ? result.figures
    : typeof result?.ratio === 'number' && typeof result?.budget === 'number'
      ? [{ measure: 'ratio', value: result.ratio, budget: result.budget, unit: '×', ok: Boolean(result.ok) }]
      : [];
  const rows = figures.map((f) => ({ name, measure: f.measure, measured: fmt(f.value, f.unit), budget: `${f.cmp ?? '≤'} ${fmt(f.budget, f.unit)}`, ok: Boolean(f.ok) }));
  // A failure no figure shows (a correctness check, a missing build): its own row, so the table never says PASS for it.
  if (!result?.ok && rows.every((r) => r.ok)) rows.push({ name, measure: result?.error ? `error: ${result.error}` : 'checks', measured: '–', budget: '–', ok: false });
  if (result?.ok && rows.length === 0) rows.push({ name, measure: '(no figure)', measured: '–', budget: '–', ok: true });
  return rows;
}

function fmt(value, unit) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return String(value);
  if (unit === '×') return `${value.toFixed(2)}×`;
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit ?? ''}`.trim();
}

function table(rows) {
  const header = { name: 'benchmark', measure: 'measure', measured: 'measured', budget: 'budget', result: 'result' };
  const lines = [header, ...rows.map((r) => ({ ...r, result: r.ok ? 'PASS' : 'FAIL' }))];
  const keys = Object.keys(header);
  const width = Object.fromEntries(keys.map((k) => [k, Math.max(...lines.map((l) => String(l[k]).length))]));
  return lines.map((l) => keys.map((k) => String(l[k]).padEnd(width[k])).join('  ').trimEnd());
}

const args = process.argv.slice(2);
const files = await selected(args.filter((a) => a !== '--list')).catch((error) => {
  console.error(`bench: ${error.message}`);
  process.exit(2);
});
if (args.includes('--list')) {
  for (const file of files) console.log(path.relative(process.cwd(), file));
} else {
  const load = () => os.loadavg().map((n) => n.toFixed(2)).join(' ');
  const loadStart = load();
  const rows = [];
  let failed = 0;
  for (const file of files) {
    const bench = await import(pathToFileURL(file).href);
    const name = typeof bench.name === 'string' ? bench.name : path.basename(file, SUFFIX);
    console.log(`\n# ${name} (${path.basename(file)})`);
    let result;
    try {
      result = await bench.default({ log: (line) => console.log(line) });
    } catch (error) {
      console.log(`${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      result = { ok: false, error: error instanceof Error ? error.message.split('\n')[0] : String(error) };
    }
    if (!result?.ok) failed++;
    rows.push(...rowsOf(name, result));
  }
  console.log(`\n## Summary (load average ${loadStart} at the start, ${load()} at the end; ${os.cpus().length} cores)\n`);
  for (const line of table(rows)) console.log(line);
  const startup = nodeStartupNote();
  if (startup) console.log(`\n${startup}`);
  console.log(`\n${files.length - failed} of ${files.length} benchmarks within budget`);
  process.exitCode = failed > 0 ? 1 : 0;
}
