import { Worker } from 'node:worker_threads';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { splitCommand } from '../../../src/policies/permission-rules/shell.js';
import { wildcardContains, wildcardMatch } from '../../../src/policies/permission-rules/glob.js';
import { pathGlobContains, pathGlobMatches } from '../../../src/policies/permission-rules/path-match.js';
import { tempDir } from '../../helpers/tree.js';

const REPO = path.resolve(import.meta.dirname, '../../..');
/** Hang guard only (the work takes well under a second): a matcher gone exponential never returns, and this ends it. */
const HANG_GUARD_MS = 120_000;

interface CaseResult {
  name: string;
  result: unknown;
  expected: unknown;
}

/** Runs bench/pattern-cases.mjs against the built dist/ in a worker thread that is terminated if it hangs. */
function runCasesInWorker(dir: string): Promise<CaseResult[]> {
  const cases = pathToFileURL(path.join(REPO, 'bench', 'pattern-cases.mjs')).href;
  const code = `const { parentPort, workerData } = require('node:worker_threads');
import(${JSON.stringify(cases)}).then((m) => m.runCases(workerData.dist, workerData.dir)).then((r) => parentPort.postMessage(r), (e) => parentPort.postMessage({ error: String(e && e.stack || e) }));`;
  const worker = new Worker(code, { eval: true, workerData: { dist: path.join(REPO, 'dist'), dir } });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`pathological patterns still running after ${HANG_GUARD_MS / 1000} s`));
    }, HANG_GUARD_MS);
    worker.once('message', (message: CaseResult[] | { error: string }) => {
      clearTimeout(timer);
      void worker.terminate();
      if ('error' in message) reject(new Error(message.error));
      else resolve(message);
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

describe('pathological patterns', () => {
  it(
    'parser, matcher, contains, decide, the effective merge and the permissions auditor give the right answers and finish',
    async () => {
      const results = await runCasesInWorker(tempDir());
      expect(results.length).toBeGreaterThan(20);
      for (const r of results) expect({ name: r.name, result: r.result }).toEqual({ name: r.name, result: r.expected });
    },
    HANG_GUARD_MS + 10_000,
  );

  // The counterexamples of the fixes, on the source: each was quadratic (or worse) in the length of its input.
  it('splits a long command without re-reading what it has built', () => {
    const digits = '1'.repeat(200_000);
    expect(splitCommand(digits).commands).toEqual([{ text: digits, writes: [] }]);
    expect(splitCommand(`${'a '.repeat(50_000)}2> err.txt`).commands[0]?.writes).toEqual(['err.txt']);
    expect(splitCommand(`${'a'.repeat(50_000)}2> err.txt`).commands[0]?.writes).toEqual(['err.txt']);
    expect(splitCommand(`echo a2>f`).commands[0]).toEqual({ text: 'echo a2', writes: ['f'] });
  });

  it('matches star globs piece by piece', () => {
    const starA = `${'*a'.repeat(50_000)}b`;
    expect(wildcardMatch(starA, 'a'.repeat(100_000))).toBe(false);
    expect(wildcardMatch(starA, `${'a'.repeat(100_000)}b`)).toBe(true);
    expect(wildcardMatch(starA, `${'a'.repeat(49_999)}b`)).toBe(false);
    expect(wildcardContains(starA, `${'a*'.repeat(50_000)}`)).toBe(false);
    expect(wildcardContains('*a*', 'x*a*y')).toBe(true);
    expect(wildcardContains('x*y', 'x*a*y')).toBe(true);
    expect(wildcardContains('x*a', 'x*')).toBe(false);
    expect(wildcardMatch('a?c*', 'a*cd', { questionMark: true })).toBe(true);
    expect(wildcardMatch('*??', 'a', { questionMark: true })).toBe(false);
    expect(wildcardMatch('*?b?*', 'xxbx', { questionMark: true })).toBe(true);
  });

  it('walks path globs over reachable positions only, with `**` runs collapsed', () => {
    const deep = Array.from({ length: 20_000 }, () => 'd');
    const stars = Array.from({ length: 20_000 }, () => '*');
    expect(pathGlobMatches(['w', ...stars, 'x'], `/w/${deep.join('/')}/x`)).toBe(true);
    expect(pathGlobMatches(['w', ...stars, 'x'], `/w/${deep.join('/')}/y`)).toBe(false);
    expect(pathGlobMatches(['w', '**', 'x'], `/w/${deep.join('/')}/x/inside`)).toBe(true);
    expect(pathGlobContains(['**', 'x'], ['w', ...stars, 'x'])).toBe(true);
    expect(pathGlobContains(['w', ...stars, 'x'], ['**', 'x'])).toBe(false);
  });
});
