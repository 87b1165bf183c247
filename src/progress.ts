/**
 * Progress of long work (git history, memory stores), for a line on a terminal. Producers report as often as they
 * like; the sink decides whether and how often to show it (the CLI shows it only when stderr is a terminal).
 */
export interface ProgressEvent {
  /** What is being done, e.g. "reading git history". */
  task: string;
  /** How much of it is done so far, counted in `unit`s. */
  done?: number;
  unit?: string;
}

export type ProgressSink = (event: ProgressEvent) => void;

/**
 * A count with thousands grouped by commas (`1,204`), as `toLocaleString('en-US')` writes integers, without ICU:
 * the first `toLocaleString` of a process loads ICU's number formatting, about 10 ms, more than a short run
 * should spend on a progress line.
 */
export function groupDigits(n: number): string {
  if (!Number.isSafeInteger(n)) return String(n);
  const digits = String(Math.abs(n));
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${out}` : out;
}
