import { isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, lstatSync, openSync, readSync } from 'node:fs';
import { MARKDOWN_MAX_BYTES } from '../workspace/claude/sources.js';
import { sha256Hex } from '../workspace/hash.js';
import { decodeText } from '../workspace/read-file.js';
import { OPEN_FLAGS } from './read-worker-protocol.js';
import { underRoot } from '../workspace/rel-inside.js';

export type Skipped = { relPath: string; reason: string };

/**
 * Reads the files of a store one at a time, synchronously, into one reused buffer: one open, read and close per
 * file. For tens of thousands of small files that costs a fraction of promise-based file handles, and neither a
 * buffer, a Stats object (with its four Dates) nor a decoded text is made per file unless asked for. The reader
 * itself is what {@link read} hands to its callback: its fields describe the file being read, and are valid only
 * while that callback runs.
 */
export class MemoryFileReader {
  relPath = '';
  absPath = '';
  /** The file's bytes: a view of the shared buffer. */
  bytes: Buffer = Buffer.alloc(0);
  sha256 = '';
  utf8 = false;
  private buffer = Buffer.allocUnsafe(64 * 1024);
  private fd = -1;
  private decoded: string | undefined;
  private mtime: number | undefined;

  /**
   * Reads `relPath` below `root` and returns what `use` makes of it, or why the file was skipped (binary, too large,
   * unreadable). `prefetched`: the file's bytes as another thread read them (with the same flags; never empty).
   */
  read<T>(root: string, relPath: string, use: (file: MemoryFileReader) => T, prefetched?: Buffer): T | Skipped {
    this.absPath = underRoot(root) + relPath;
    this.relPath = relPath;
    this.decoded = undefined;
    this.mtime = undefined;
    try {
      let bytes = prefetched;
      if (!bytes) {
        this.fd = openSync(this.absPath, OPEN_FLAGS);
        bytes = this.readToEnd();
      }
      if (bytes.length > MARKDOWN_MAX_BYTES) return { relPath, reason: `larger than ${MARKDOWN_MAX_BYTES} bytes` };
      // The listing said regular file; an empty read is the one case where it is worth asking again (a FIFO put there).
      if (bytes.length === 0 && !fstatSync(this.fd).isFile()) return { relPath, reason: 'not a regular file' };
      if (bytes.includes(0)) return { relPath, reason: 'binary' };
      this.bytes = bytes;
      this.sha256 = sha256Hex(bytes);
      this.utf8 = isUtf8(bytes);
      return use(this);
    } catch (error) {
      return { relPath, reason: `cannot read: ${(error as NodeJS.ErrnoException).code ?? 'error'}` };
    } finally {
      if (this.fd !== -1) closeSync(this.fd);
      this.fd = -1;
    }
  }

  /** The decoded text (BOM dropped, invalid UTF-8 replaced), decoded on first use. */
  text(): string {
    return (this.decoded ??= decodeText(this.bytes).text ?? '');
  }

  /**
   * The file's mtime, from one fstat on first use (most items are dated by their frontmatter and never need it); of a
   * prefetched file (closed by now), from lstat: it was opened without following symlinks, so it is no symlink.
   */
  mtimeMs(): number {
    return (this.mtime ??= (this.fd === -1 ? lstatSync(this.absPath) : fstatSync(this.fd)).mtimeMs);
  }

  /**
   * The bytes up to EOF, at most one past the size limit. A read that does not fill the space offered is taken as
   * EOF (so is a regular file's short read), which saves a second read per file.
   */
  private readToEnd(): Buffer {
    const limit = MARKDOWN_MAX_BYTES + 1;
    let total = 0;
    for (;;) {
      if (total === this.buffer.length) {
        if (total >= limit) break;
        const bigger = Buffer.allocUnsafe(Math.min(this.buffer.length * 2, limit));
        this.buffer.copy(bigger, 0, 0, total);
        this.buffer = bigger;
      }
      const want = Math.min(this.buffer.length, limit) - total;
      const n = readSync(this.fd, this.buffer, total, want, null);
      total += n;
      if (n < want || total >= limit) break;
    }
    return this.buffer.subarray(0, total);
  }
}
