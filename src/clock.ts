/**
 * Milliseconds on a monotonic clock, for durations. Not `performance.now()`: in Node 20 the first use of the global
 * `performance` loads perf_hooks, about a millisecond of every short run (the pre-commit check's budget is a ratio to
 * `node -e 0`).
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
