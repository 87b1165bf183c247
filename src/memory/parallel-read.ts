import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CONSUMED, CONTROL_WORDS, FREE, IN_SLOT, MAIN_READS, STOP, viewsOf, WAKE_AT, WORKER_READING, type JobViews, type ReadWorkerJob } from './read-worker-protocol.js';

/**
 * Reading a large store on two threads. Of the time one thread spends on a store of small files, about half is the
 * open, read and close of each file; a worker (dist/cli/memory-read-worker.cjs, built from read-worker.ts) makes those
 * calls ahead of the main thread, into a ring of slots in shared memory, while the main thread hashes and parses the
 * files, in list order, as it always does. Nothing is copied between the threads but bytes, and nothing is placed:
 * the main thread takes each file from its slot, or, when the worker has not got to it (it is slow, failed or never
 * started), reads it itself. A file is read by one thread only: each file's state is claimed by compare-and-swap.
 */
export interface ParallelReadOptions {
  /** Stores with fewer files are read on the main thread alone (a worker costs some 30 ms of CPU to start). */
  minFiles?: number;
  /** The worker script (default: dist/cli/memory-read-worker.cjs of this package, which `npm run build` writes). */
  workerFile?: string;
  /**
   * For tests, which must know that the worker's bytes are used: whether the main thread reads a file itself when
   * the worker has not got to it, or has been reading it for more than some 50 µs (default true). False makes it wait for the worker, up to `stallMs` per file, and then read every
   * remaining file itself: every file the worker can read goes through it.
   */
  mainReads?: boolean;
  /** With mainReads false: how long the main thread waits for the worker on one file before it reads alone (default 2 s). */
  stallMs?: number;
  /** Told, once the store is read, how many files came from the worker, and whether the main thread stopped waiting for it. */
  onWorkerDone?: (report: { filesRead: number; stalled?: true }) => void;
}

export const PARALLEL_MIN_FILES = 2000;
/** Files up to this size (less one byte) go through a slot: memory files are small; larger ones the main thread reads. */
const SLOT_BYTES = 8 * 1024;
const SLOTS = 1024;
const STALL_MS = 2000;

/** The built worker: two folders up from this module in src/, dist/ and the CLI bundle (dist/cli/) alike. */
function defaultWorkerFile(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'cli', 'memory-read-worker.cjs');
}

/** A worker for one store: started early (it boots while the store is listed), given the list, then asked file by file. */
export class FilePrefetcher {
  private worker: Worker | undefined;
  /** The job's shared memory, from begin() on. */
  private shared: JobViews | undefined;
  private filesRead = 0;
  private stalled = false;

  constructor(private readonly o: ParallelReadOptions = {}) {
    try {
      this.worker = new Worker(o.workerFile ?? defaultWorkerFile());
      // It never keeps the process alive, and an error in it only means the main thread reads alone.
      this.worker.unref();
      this.worker.on('error', () => undefined);
    } catch {
      this.worker = undefined;
    }
  }

  /** Hands the worker the store's files (relative paths below `root`). */
  begin(root: string, files: readonly string[]): void {
    const job: ReadWorkerJob = {
      root,
      files: files.join('\0'),
      states: new SharedArrayBuffer(4 * files.length),
      lengths: new SharedArrayBuffer(4 * files.length),
      control: new SharedArrayBuffer(4 * CONTROL_WORDS),
      slots: new SharedArrayBuffer(SLOTS * SLOT_BYTES),
      slotBytes: SLOT_BYTES,
      mainWaits: this.o.mainReads === false,
    };
    this.shared = viewsOf(job);
    this.worker?.postMessage(job);
  }

  /**
   * File `i`'s bytes when the worker has read them (valid until {@link done} is called for it), else undefined: the
   * caller reads the file itself. Files are asked for in list order, each once.
   */
  take(i: number): Buffer | undefined {
    const shared = this.shared;
    if (!shared) return undefined;
    let state: number;
    if (this.o.mainReads === false && !this.stalled) state = this.waitFor(shared, i);
    else {
      state = Atomics.compareExchange(shared.states, i, FREE, MAIN_READS);
      // The worker is reading this very file: a read takes microseconds, but a worker put off the CPU may take long.
      if (state === WORKER_READING) state = this.briefly(shared, i);
    }
    if (state !== IN_SLOT) return undefined;
    this.filesRead++;
    return (shared.slots[i % shared.slots.length] as Buffer).subarray(0, shared.lengths[i]);
  }

  /** The caller is done with file `i` (its slot may be reused; a worker waiting for free slots is woken when it asked to be). */
  done(i: number): void {
    const control = this.shared?.control;
    if (!control) return;
    Atomics.store(control, CONSUMED, i + 1);
    if (Atomics.load(control, WAKE_AT) === i + 1) {
      Atomics.store(control, WAKE_AT, 0);
      Atomics.notify(control, WAKE_AT);
    }
  }

  /** Stops the worker (every file is read, or the store is too small for it); `report` tells onWorkerDone. */
  stop(report = true): void {
    const control = this.shared?.control;
    if (control) {
      Atomics.store(control, STOP, 1);
      Atomics.store(control, WAKE_AT, 0);
      Atomics.notify(control, WAKE_AT);
    }
    void this.worker?.terminate();
    this.worker = undefined;
    if (report) this.o.onWorkerDone?.({ filesRead: this.filesRead, ...(this.stalled ? { stalled: true as const } : {}) });
  }

  /** File `i`'s state once the worker has read it, or MAIN_READS when it takes longer than some 50 µs. */
  private briefly({ states }: JobViews, i: number): number {
    const until = performance.now() + 0.05;
    let state = WORKER_READING;
    for (let spin = 0; state === WORKER_READING; spin++) {
      state = Atomics.load(states, i);
      if ((spin & 63) === 63 && performance.now() > until) state = Atomics.compareExchange(states, i, WORKER_READING, MAIN_READS);
    }
    return state;
  }

  /** With mainReads false: waits until the worker has read file `i` or left it; after `stallMs` without, reads alone from here on. */
  private waitFor({ states, control }: JobViews, i: number): number {
    const deadline = performance.now() + (this.o.stallMs ?? STALL_MS);
    for (;;) {
      const state = Atomics.load(states, i);
      if (state !== FREE && state !== WORKER_READING) return state;
      if (performance.now() >= deadline) {
        // The worker is stuck or gone: the main thread reads alone from here on; a late result of the worker is dropped.
        this.stalled = true;
        Atomics.store(control, STOP, 1);
        if (Atomics.compareExchange(states, i, state, MAIN_READS) === state) return MAIN_READS;
      } else {
        Atomics.wait(states, i, state, 10);
      }
    }
  }
}
