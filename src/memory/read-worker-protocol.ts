import { constants as fsConstants } from 'node:fs';

// What the memory read worker (read-worker.ts) and the main thread (parallel-read.ts) share: the file list, and per
// file a state and a length in shared memory, with the bytes in one of a ring of slots. The main thread takes the files
// in list order; the worker reads ahead of it.

/** How every memory file is opened: never through a symlink, never blocking on a FIFO. */
export const OPEN_FLAGS = fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0) | (fsConstants.O_NONBLOCK ?? 0);

/** Per file (an Int32Array over `states`): nobody has it yet; the worker reads it; its bytes are in its slot; … */
export const FREE = 0;
export const WORKER_READING = 1;
export const IN_SLOT = 2;
/** The main thread reads it itself (it took the file first, or the worker left it: empty, too large for a slot, an error). */
export const MAIN_READS = 3;

/**
 * Control words (an Int32Array over `control`): how many files the main thread is done with (their slots are free
 * again); stop; the CONSUMED count the worker sleeps until (0: it does not sleep; cleared by the main thread when reached).
 */
export const CONSUMED = 0;
export const STOP = 1;
export const WAKE_AT = 2;
export const CONTROL_WORDS = WAKE_AT + 1;

/** The one message the worker gets: the store and the shared memory. */
export interface ReadWorkerJob {
  root: string;
  /** The relative paths, joined by NUL (which no file name holds): one string to copy instead of one per file. */
  files: string;
  states: SharedArrayBuffer;
  lengths: SharedArrayBuffer;
  control: SharedArrayBuffer;
  slots: SharedArrayBuffer;
  slotBytes: number;
  /** Whether the main thread may sleep waiting for a file (then the worker wakes it after each file): only when it never reads itself (tests). */
  mainWaits: boolean;
}

/** A job's shared memory as both threads use it: the per-file words, the control words, and one Buffer per slot. */
export interface JobViews {
  states: Int32Array;
  lengths: Int32Array;
  control: Int32Array;
  slots: Buffer[];
}

export function viewsOf(job: Pick<ReadWorkerJob, 'states' | 'lengths' | 'control' | 'slots' | 'slotBytes'>): JobViews {
  const slotCount = Math.floor(job.slots.byteLength / job.slotBytes);
  return {
    states: new Int32Array(job.states),
    lengths: new Int32Array(job.lengths),
    control: new Int32Array(job.control),
    slots: Array.from({ length: slotCount }, (_, k) => Buffer.from(job.slots, k * job.slotBytes, job.slotBytes)),
  };
}
