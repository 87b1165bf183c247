import { groupDigits, type ProgressEvent, type ProgressSink } from '../progress.js';
import type { CliIo } from './io.js';

/** Redraws at most this often: enough to look alive, little enough to cost nothing. */
const INTERVAL_MS = 100;
const CLEAR = '\r\u001b[2K';

export interface ProgressLine {
  sink: ProgressSink;
  /** Removes the line (call before printing anything else, and at the end). */
  clear(): void;
}

/**
 * Progress on stderr only where a person watches it: stderr is a terminal, not --quiet, not a CI job, not a dumb
 * terminal. Anywhere else (piped, redirected, CI logs) it writes nothing at all.
 */
export function progressEnabled(io: CliIo, quiet: boolean): boolean {
  const ci = io.env.CI !== undefined && !['', '0', 'false'].includes(io.env.CI.toLowerCase());
  return io.stderrIsTTY === true && !quiet && !ci && io.env.TERM !== 'dumb';
}

/** One line, rewritten in place: `agentgov: reading git history… 1,204 commits`. */
export function progressLine(io: CliIo, enabled: boolean, now: () => number = Date.now): ProgressLine {
  if (!enabled) return { sink: () => undefined, clear: () => undefined };
  let shown = false;
  let lastTask = '';
  let lastAt = -Infinity;
  const unit = (e: ProgressEvent) => (!e.unit ? '' : e.done === 1 ? ` ${e.unit.replace(/s$/, '')}` : ` ${e.unit}`);
  const render = (e: ProgressEvent) => `agentgov: ${e.task}…${e.done === undefined ? '' : ` ${groupDigits(e.done)}${unit(e)}`}`;
  return {
    sink(event) {
      const t = now();
      if (event.task === lastTask && t - lastAt < INTERVAL_MS) return;
      lastTask = event.task;
      lastAt = t;
      shown = true;
      io.stderr(`${CLEAR}${render(event)}`);
    },
    clear() {
      if (shown) io.stderr(CLEAR);
      shown = false;
    },
  };
}
