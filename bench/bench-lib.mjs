// Helpers the benchmarks share (not a benchmark itself: run.mjs only runs *.bench.mjs).
import { spawnSync } from 'node:child_process';

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A small deterministic PRNG (mulberry32), so generated inputs are the same in every run. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A fast-import `data` command: the text's length in bytes, then the text. */
export const fastImportData = (text) => `data ${Buffer.byteLength(text)}\n${text}\n`;

export const fmtInt = (n) => n.toLocaleString('en-US');
export const fmtMs = (ms) => ms.toFixed(1);

/**
 * When NODE_EXTRA_CA_CERTS is set, Node 20 parses that certificate bundle at every start, before any script runs
 * (agentgov makes no TLS connection and cannot skip it): a line saying what that costs each Node process here,
 * from `node -e 0` timed with and without it. Figures against a Node floor (check, memory) carry the cost on both
 * sides; figures against git (history) carry it on agentgov's side only. Undefined when the variable is not set.
 * Measured once per process (the history bench and the run's summary both print it).
 */
export function nodeStartupNote() {
  if (startupNote === null) startupNote = measureStartup();
  return startupNote;
}

let startupNote = null;
/** Starts of `node -e 0` timed with and without the variable. */
const STARTUP_RUNS = 7;

function measureStartup() {
  const file = process.env.NODE_EXTRA_CA_CERTS;
  if (!file) return undefined;
  const without = { ...process.env };
  delete without.NODE_EXTRA_CA_CERTS;
  const time = (env) => {
    const t0 = performance.now();
    spawnSync(process.execPath, ['-e', '0'], { env, stdio: 'ignore' });
    return performance.now() - t0;
  };
  const withMs = [];
  const withoutMs = [];
  for (let i = 0; i < STARTUP_RUNS; i++) {
    withMs.push(time(process.env));
    withoutMs.push(time(without));
  }
  const a = median(withMs);
  const b = median(withoutMs);
  return `environment: NODE_EXTRA_CA_CERTS=${file} is set; node -e 0 takes ${fmtMs(a)} ms with it and ${fmtMs(b)} ms without (${fmtMs(a - b)} ms more per Node start: on both sides of a ratio to a Node floor, on agentgov's side only of history's ratio to git)`;
}
