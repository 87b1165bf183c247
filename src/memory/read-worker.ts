// The memory read worker (bundled alone as dist/cli/memory-read-worker.cjs; see parallel-read.ts): opens, reads and
// closes the files of one store ahead of the main thread, into shared memory. It only copies bytes; nothing from a
// file is looked at, let alone executed. A file it cannot read whole into a slot is left to the main thread.
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { CONSUMED, FREE, IN_SLOT, MAIN_READS, OPEN_FLAGS, STOP, viewsOf, WAKE_AT, WORKER_READING, type ReadWorkerJob } from './read-worker-protocol.js';
import { underRoot } from '../workspace/rel-inside.js';

parentPort?.once('message', (job: ReadWorkerJob) => {
  const files = job.files.split('\0');
  const { states, lengths, control, slots } = viewsOf(job);
  const slotCount = slots.length;
  const prefix = underRoot(job.root);
  // CONSUMED and STOP are looked at every 64 files, and when the ring may be full: the main thread writes CONSUMED
  // at every file, and a cache line passed between the cores at every file costs both threads.
  let consumed = 0;
  for (let i = 0; i < files.length; i++) {
    if ((i & 63) === 0 || i - consumed >= slotCount) {
      if (Atomics.load(control, STOP) !== 0) break;
      consumed = Atomics.load(control, CONSUMED);
      // The main thread takes files in order: everything before what it finished is taken.
      if (i < consumed) i = consumed;
      if (i >= files.length) break;
    }
    // Slot i % slotCount is free once the main thread is done with file i - slotCount. When the ring is full, the
    // worker sleeps until half of it is free: on WAKE_AT, which the main thread clears then, and wakes it (it never
    // spins on CONSUMED).
    if (i - consumed >= slotCount) {
      const wakeAt = i - slotCount / 2;
      Atomics.store(control, WAKE_AT, wakeAt);
      while ((consumed = Atomics.load(control, CONSUMED)) < wakeAt && Atomics.load(control, STOP) === 0) Atomics.wait(control, WAKE_AT, wakeAt, 10);
      Atomics.store(control, WAKE_AT, 0);
      if (Atomics.load(control, STOP) !== 0) break;
    }
    if (Atomics.compareExchange(states, i, FREE, WORKER_READING) !== FREE) continue;
    const slot = slots[i % slotCount] as Buffer;
    let length = -1;
    let fd = -1;
    try {
      fd = openSync(prefix + (files[i] as string), OPEN_FLAGS);
      // Like MemoryFileReader: a read that does not fill the space offered is the end of the file.
      length = readSync(fd, slot, 0, job.slotBytes, null);
    } catch {
      length = -1;
    } finally {
      if (fd !== -1) closeSync(fd);
    }
    // An empty file may be a FIFO, a full slot may be a part: the main thread reads those (and errors) itself.
    const done = length > 0 && length < job.slotBytes;
    if (done) lengths[i] = length;
    // The main thread may have given up waiting and read the file itself: then this read is dropped.
    Atomics.compareExchange(states, i, WORKER_READING, done ? IN_SLOT : MAIN_READS);
    if (job.mainWaits) Atomics.notify(states, i);
  }
  parentPort?.close();
});
