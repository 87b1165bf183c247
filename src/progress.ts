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
