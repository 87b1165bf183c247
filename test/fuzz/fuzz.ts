import { appendFileSync } from 'node:fs';
import fc from 'fast-check';

/**
 * Cases per target: the number given for CI (bounded, the whole fuzz suite stays within seconds), or
 * AGENTGOV_FUZZ_RUNS when `npm run fuzz` sets it (100,000 by default).
 */
const FUZZ_RUNS = Number(process.env.AGENTGOV_FUZZ_RUNS ?? '') || undefined;

/** A test's time limit: the given one in CI, none worth speaking of under `npm run fuzz`. */
export function fuzzTimeout(ciMs: number): number {
  return FUZZ_RUNS ? 24 * 3600_000 : ciMs;
}

function record(target: string, runs: number): void {
  const file = process.env.AGENTGOV_FUZZ_REPORT;
  if (file) appendFileSync(file, `${JSON.stringify({ target, runs })}\n`);
}

/** The failure, with the counterexample cut short (a hostile input can be megabytes) and the seed to replay it. */
function failure<Ts>(target: string, details: fc.RunDetails<Ts>): Error {
  const shown = (value: unknown) => {
    const cut = (v: string) => (v.length > 300 ? `${v.slice(0, 300)}… (${v.length} characters)` : v);
    const text = JSON.stringify(value, (_, v: unknown) => {
      // Bytes are shown as the text they decode to.
      if (v !== null && typeof v === 'object' && (v as { type?: unknown }).type === 'Buffer' && Array.isArray((v as { data?: unknown }).data)) return `bytes: ${cut(Buffer.from((v as { data: number[] }).data).toString('utf8'))}`;
      return typeof v === 'string' ? cut(v) : v;
    });
    return text === undefined ? String(value) : text.length > 2_000 ? `${text.slice(0, 2_000)}…` : text;
  };
  const error = details.errorInstance instanceof Error ? (details.errorInstance.stack ?? details.errorInstance.message) : String(details.errorInstance);
  return new Error(`${target}: property failed after ${details.numRuns} case(s) (seed ${details.seed}, path "${details.counterexamplePath}")\ncounterexample: ${shown(details.counterexample)}\n${error.slice(0, 3_000)}`);
}

/** Cases per batch: between batches the event loop runs, so that a long `npm run fuzz` keeps its worker responsive. */
const BATCH = 1_000;

/**
 * Checks a property over `ciRuns` cases (or the fuzz count), in batches with their own seeds, failing with the
 * (shortened) counterexample. Resolves once every case ran; records how many did for `npm run fuzz`.
 */
export async function fuzz<Ts extends [unknown, ...unknown[]]>(target: string, property: fc.IProperty<Ts> | fc.IAsyncProperty<Ts>, ciRuns: number): Promise<void> {
  const total = FUZZ_RUNS ?? ciRuns;
  const seed = Date.now() ^ (Math.random() * 0x7fffffff);
  let ran = 0;
  for (let batch = 0; ran < total; batch++) {
    const details = await fc.check(property as fc.IAsyncProperty<Ts>, { numRuns: Math.min(BATCH, total - ran), seed: (seed + batch) | 0 });
    ran += details.numRuns;
    if (details.failed) {
      record(target, ran);
      throw failure(target, details);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  record(target, ran);
}
