import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { decodedItem, decodeItem, ITEM, SKIPPED, type DecodedItem, type ReadChunk, type ReadWorkerData } from './read-worker-protocol.js';

/**
 * Reading a large store on two threads: a worker (dist/cli/memory-read-worker.cjs, built from read-worker.ts: the
 * file reader, hashing and the simple frontmatter parse, nothing else) and the main thread take chunks of the same file
 * list from a shared counter. The worker sends each chunk back as one flat array of primitives; the caller places each
 * file's result at its index, so the store comes out exactly as read on one thread. A file the worker cannot decide
 * alone (the index, invalid UTF-8, frontmatter that needs the YAML parser) is left to the main thread, and so is every
 * file of a chunk the worker claimed but never sent (it failed, or never started).
 */
export interface ParallelReadOptions {
  /** Stores with fewer files are read on the main thread alone (a worker costs some 30 ms of CPU to start). */
  minFiles?: number;
  /** The worker script (default: dist/cli/memory-read-worker.cjs of this package, which `npm run build` writes). */
  workerFile?: string;
  /** Whether the main thread takes chunks too (default true; false sends every file the worker can read through it). */
  mainReads?: boolean;
  /** Files per claim. */
  chunk?: number;
  /** Told, once the store is read, how many files the worker read and why it stopped early, if it did. */
  onWorkerDone?: (report: { filesRead: number; failure?: string }) => void;
}

export const PARALLEL_MIN_FILES = 2000;
const CHUNK_FILES = 256;

/** Where the file's result goes, by its index in the list. */
export interface PlaceResult {
  /** `item` is reused for the next item: copy what is kept. */
  item(index: number, item: DecodedItem): void;
  skipped(index: number, reason: string): void;
}

/** The built worker: two folders up from this module in src/, dist/ and the CLI bundle (dist/cli/) alike. */
function defaultWorkerFile(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'cli', 'memory-read-worker.cjs');
}

/** A started worker for one store, waiting for the file list. */
export class StoreReadWorker {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly claims: Int32Array;
  private readonly chunk: number;
  private filesRead = 0;
  private done = false;
  private failure: string | undefined;
  private settle: (() => void) | undefined;
  private place: PlaceResult | undefined;
  private readonly decoded = decodedItem();

  /** Starts the worker; undefined when it cannot even be constructed (the caller reads alone). */
  static start(data: Omit<ReadWorkerData, 'claims' | 'chunk' | 'port'>, o: ParallelReadOptions): StoreReadWorker | undefined {
    try {
      return new StoreReadWorker(data, o);
    } catch {
      return undefined;
    }
  }

  private constructor(data: Omit<ReadWorkerData, 'claims' | 'chunk' | 'port'>, private readonly o: ParallelReadOptions) {
    this.chunk = o.chunk ?? CHUNK_FILES;
    const claims = new SharedArrayBuffer(4);
    this.claims = new Int32Array(claims);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const workerData: ReadWorkerData = { ...data, claims, chunk: this.chunk, port: port2 };
    this.worker = new Worker(o.workerFile ?? defaultWorkerFile(), { workerData, transferList: [port2], stdout: true, stderr: true });
    // The worker never keeps the process alive: the store is read without it if it fails or is slow to stop.
    this.worker.unref();
    this.worker.on('error', (error) => this.stop(`error: ${error.message}`));
    this.worker.on('exit', (code) => this.stop(`exited with code ${code}`));
  }

  /**
   * Reads `count` files with the worker: `readAt(i)` reads file i on this thread, `place` takes the worker's results.
   * Returns when every chunk is claimed and the worker has sent all it will send; the files it left (or lost) are then
   * the ones neither `readAt` nor `place` was called for.
   */
  async share(files: readonly string[], readAt: (index: number) => void, place: PlaceResult): Promise<void> {
    const n = files.length;
    this.place = place;
    this.port.postMessage(files.join('\0'));
    let mine = 0;
    if (this.o.mainReads !== false) {
      for (let start; (start = Atomics.add(this.claims, 0, this.chunk)) < n; ) {
        const end = Math.min(start + this.chunk, n);
        for (let i = start; i < end; i++) readAt(i);
        mine += end - start;
        this.drain();
      }
    }
    if (mine === n) this.stop('not needed');
    else {
      this.drain();
      if (!this.done && this.failure === undefined) {
        await new Promise<void>((resolve) => {
          this.settle = resolve;
          this.port.on('message', (message: ReadChunk | null) => this.accept(message));
        });
      }
    }
    this.o.onWorkerDone?.({ filesRead: this.filesRead, ...(this.failure !== undefined && this.failure !== 'not needed' ? { failure: this.failure } : {}) });
  }

  /** Stops the worker before it was given any file (the store is too small for it). */
  cancel(): undefined {
    this.stop('not needed');
    return undefined;
  }

  /** Takes every message already waiting, without yielding to the event loop. */
  private drain(): void {
    for (let received; !this.done && (received = receiveMessageOnPort(this.port)) !== undefined; ) this.accept(received.message as ReadChunk | null);
  }

  private accept(message: ReadChunk | null): void {
    if (this.done || this.failure !== undefined) return;
    if (message === null) {
      this.done = true;
      this.close();
      return;
    }
    const { start, end, out } = message;
    const place = this.place as PlaceResult;
    const item = this.decoded;
    let at = 0;
    for (let i = start; i < end; i++) {
      const tag = out[at++];
      if (tag === ITEM) {
        at = decodeItem(out, at, item);
        place.item(i, item);
        this.filesRead++;
      } else if (tag === SKIPPED) {
        place.skipped(i, out[at++] as string);
        this.filesRead++;
      }
    }
  }

  /** The worker failed or is not needed: what it sent before counts, nothing after it does. */
  private stop(failure: string): void {
    if (this.done || this.failure !== undefined) return;
    // Chunks it sent before it stopped are complete and still waiting on the port.
    if (failure !== 'not needed') this.drain();
    if (this.done) return;
    this.failure = failure;
    this.close();
  }

  private close(): void {
    this.port.close();
    void this.worker.terminate();
    this.settle?.();
  }
}
