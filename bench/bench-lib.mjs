// Helpers the benchmarks share (not a benchmark itself: run.mjs only runs *.bench.mjs).

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
