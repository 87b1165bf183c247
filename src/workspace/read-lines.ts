import type { FileHandle } from 'node:fs/promises';

const CHUNK_BYTES = 256 * 1024;

/**
 * Reads an open file line by line (split at `\n`) in fixed-size chunks, so a line is held in memory only up to
 * `maxLineBytes`. `onLine` gets each line's bytes without the `\n`, or `undefined` for a line longer than the limit
 * (the rest of the file is still read); `terminated` is false for a last line without `\n`. An empty file, or one
 * that ends in `\n`, has no unterminated last line. Read errors are thrown.
 */
export async function readLines(
  handle: FileHandle,
  maxLineBytes: number,
  onLine: (bytes: Buffer | undefined, terminated: boolean) => void,
): Promise<void> {
  let parts: Buffer[] = [];
  let partBytes = 0;
  let tooLong = false;
  const finishLine = (terminated: boolean): void => {
    const bytes = tooLong ? undefined : parts.length === 1 ? parts[0] : Buffer.concat(parts, partBytes);
    parts = [];
    partBytes = 0;
    tooLong = false;
    onLine(bytes, terminated);
  };
  for (;;) {
    // A fresh buffer per chunk: the parts of a pending line still point into the previous one.
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    const { bytesRead } = await handle.read(buf, 0, CHUNK_BYTES, null);
    if (bytesRead === 0) break;
    const data = buf.subarray(0, bytesRead);
    let start = 0;
    for (;;) {
      const nl = data.indexOf(0x0a, start);
      const end = nl === -1 ? data.length : nl;
      if (!tooLong && end > start) {
        if (partBytes + (end - start) > maxLineBytes) {
          tooLong = true;
          parts = [];
          partBytes = 0;
        } else {
          parts.push(data.subarray(start, end));
          partBytes += end - start;
        }
      }
      if (nl === -1) break;
      finishLine(true);
      start = nl + 1;
    }
  }
  if (partBytes > 0 || tooLong) finishLine(false);
}
