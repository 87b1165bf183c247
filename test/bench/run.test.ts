import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/shared.js';
import { tempDir, writeTree } from '../helpers/tree.js';

const RUN = path.join(REPO_ROOT, 'bench', 'run.mjs');
const node = (args: string[]) => spawnSync(process.execPath, [RUN, ...args], { cwd: REPO_ROOT, encoding: 'utf8' });

/** The summary table at the end of the output: one array of cells per row, header first. */
function summaryTable(stdout: string): string[][] {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => l.startsWith('benchmark '));
  const end = lines.findIndex((l, i) => i > start && l.trim() === '');
  return lines.slice(start, end).map((l) => l.split(/\s{2,}/));
}

describe('bench/run.mjs', () => {
  it('picks up every bench/*.bench.mjs, whatever its name', () => {
    const r = node(['--list']);
    expect(r.status).toBe(0);
    const expected = readdirSync(path.join(REPO_ROOT, 'bench')).filter((f) => f.endsWith('.bench.mjs')).sort();
    expect(expected.length).toBeGreaterThanOrEqual(3);
    expect(r.stdout.trim().split('\n').map((l) => path.basename(l))).toEqual(expected);
  });

  it('ends with one row per figure: name, measure, measured, budget, PASS/FAIL; exits 1 when one fails', () => {
    const dir = tempDir();
    writeTree(dir, {
      'fast.bench.mjs': `export const name = 'fast';
export default async function run({ log }) { log('measuring'); return { ok: true, figures: [{ measure: 'a / b', value: 1.234, budget: 2, unit: '×', ok: true }, { measure: 'c', value: 12.34, budget: 100, unit: 'ms', cmp: '<', ok: true }] }; }`,
      'legacy.bench.mjs': 'export default async function run() { return { ok: false, ratio: 3.5, budget: 2 }; }',
      'wrong.bench.mjs': "export default async function run() { return { ok: false, figures: [{ measure: 'x / y', value: 0.5, budget: 1, unit: '×', ok: true }] }; }",
      'broken.bench.mjs': "export default async function run() { throw new Error('no build'); }",
    });
    const files = ['fast', 'legacy', 'wrong', 'broken'].map((n) => path.join(dir, `${n}.bench.mjs`));
    const r = node(files);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('measuring');
    const [header, ...rows] = summaryTable(r.stdout);
    expect(header).toEqual(['benchmark', 'measure', 'measured', 'budget', 'result']);
    expect(rows).toEqual([
      ['fast', 'a / b', '1.23×', '≤ 2.00×', 'PASS'],
      ['fast', 'c', '12.3 ms', '< 100 ms', 'PASS'],
      ['legacy', 'ratio', '3.50×', '≤ 2.00×', 'FAIL'],
      // Every figure within budget, the benchmark failed all the same (a correctness check): the table says so.
      ['wrong', 'x / y', '0.50×', '≤ 1.00×', 'PASS'],
      ['wrong', 'checks', '–', '–', 'FAIL'],
      ['broken', 'error: no build', '–', '–', 'FAIL'],
    ]);
    expect(r.stdout).toMatch(/load average [\d.]+ [\d.]+ [\d.]+ at the start/);
    expect(r.stdout).toContain('1 of 4 benchmarks within budget');
  });

  it('exits 0 when every benchmark is within budget, and 2 for an unknown name', () => {
    const dir = tempDir();
    writeTree(dir, { 'ok.bench.mjs': "export default async function run() { return { ok: true, ratio: 1.1, budget: 2 }; }" });
    const ok = node([path.join(dir, 'ok.bench.mjs')]);
    expect(ok.status).toBe(0);
    expect(summaryTable(ok.stdout).slice(1)).toEqual([['ok', 'ratio', '1.10×', '≤ 2.00×', 'PASS']]);
    expect(node(['no-such-bench']).status).toBe(2);
  });
});
