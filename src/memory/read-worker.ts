// The memory read worker (bundled alone as dist/cli/memory-read-worker.cjs; see parallel-read.ts): reads, hashes and
// parses the files of one store from chunks it claims, and sends each chunk back. It only reads bytes; nothing from a
// file is ever executed. Files it cannot decide alone are left to the main thread.
import { workerData } from 'node:worker_threads';
import { MemoryFileReader } from './file-reader.js';
import { itemIdOf } from './item-id.js';
import { encodeItem, LEFT, SKIPPED, type ReadWorkerData } from './read-worker-protocol.js';
import { parseMemoryBytes } from './parse-fields.js';

const { root, storeId, indexFile, claims: claimsBuffer, chunk, port } = workerData as ReadWorkerData;

port.once('message', (list: string) => {
  const files = list.split('\0');
  const n = files.length;
  const claims = new Int32Array(claimsBuffer);
  const reader = new MemoryFileReader();
  const readItem = (file: MemoryFileReader, out: unknown[]): boolean => {
    if (!file.utf8) return false;
    const parsed = parseMemoryBytes(file);
    if (!parsed) return false;
    encodeItem(out, itemIdOf(storeId, file.relPath), file.sha256, file.bytes.length, parsed, parsed.modified ? undefined : file.mtimeMs());
    return true;
  };
  for (let start; (start = Atomics.add(claims, 0, chunk)) < n; ) {
    const end = Math.min(start + chunk, n);
    const out: unknown[] = [];
    for (let i = start; i < end; i++) {
      const relPath = files[i] as string;
      const read = relPath === indexFile ? false : reader.read(root, relPath, (file) => readItem(file, out));
      if (read === false) out.push(LEFT);
      else if (read !== true) out.push(SKIPPED, read.reason);
    }
    port.postMessage({ start, end, out });
  }
  port.postMessage(null);
  port.close();
});
