import { isAscii, isUtf8 } from 'node:buffer';
import { closeSync, constants as fsConstants, openSync, readdirSync, readSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { LineIndex } from './positions.js';
import type { ReadProblem, ReadProblemCode } from './types.js';
import { compareText } from '../text-order.js';

export interface ReadTextResult {
  /** Decoded text: BOM removed, invalid UTF-8 replaced by U+FFFD. Undefined when nothing usable could be read. */
  text?: string;
  size: number;
  problems: ReadProblem[];
}

const ERRNO_TO_PROBLEM: Record<string, ReadProblemCode> = {
  ENOENT: 'not-found',
  ENOTDIR: 'not-found',
  EACCES: 'permission-denied',
  EPERM: 'permission-denied',
  ELOOP: 'symlink-loop',
  EISDIR: 'is-directory',
};

export function problemFromError(error: unknown): ReadProblem {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'EUNKNOWN';
  return { code: ERRNO_TO_PROBLEM[code] ?? 'io-error', detail: code };
}

/**
 * Reads a file as text without ever throwing: refuses directories, FIFOs and devices (reading them could block),
 * refuses files over `maxBytes` without reading them, and flags binary content, invalid UTF-8 and a BOM.
 */
export async function readTextFile(absPath: string, maxBytes: number): Promise<ReadTextResult> {
  const raw = await readBytes(absPath, maxBytes);
  return raw.bytes === undefined ? { size: raw.size, problems: raw.problems } : decodeText(raw.bytes);
}

export interface ReadBytesResult {
  /** The raw bytes, undefined when the file could not be read (see `problems`). */
  bytes?: Buffer;
  size: number;
  problems: ReadProblem[];
}

/** Reads a file's raw bytes with the same refusals as `readTextFile` (directories, devices, files over `maxBytes`). */
export async function readBytes(absPath: string, maxBytes: number): Promise<ReadBytesResult> {
  let size = 0;
  try {
    const st = statSync(absPath);
    size = st.size;
    if (st.isDirectory()) return { size, problems: [{ code: 'is-directory' }] };
    if (!st.isFile()) return { size, problems: [{ code: 'not-a-file' }] };
    if (st.size > maxBytes) return { size, problems: [{ code: 'too-large', size: st.size, limit: maxBytes }] };
  } catch (error) {
    return { size, problems: [problemFromError(error)] };
  }
  let bytes: Buffer;
  try {
    bytes = readAtMost(absPath, maxBytes + 1);
  } catch (error) {
    return { size, problems: [problemFromError(error)] };
  }
  return bytesWithin(bytes, maxBytes);
}

/** Bytes already read (from a file, a git blob, a staged version), refused when over `limit` like a file read. */
export function bytesWithin(bytes: Buffer, limit: number): ReadBytesResult {
  return bytes.length > limit ? { size: bytes.length, problems: [{ code: 'too-large', size: bytes.length, limit }] } : { bytes, size: bytes.length, problems: [] };
}

/**
 * Synchronous on purpose: configuration files are small and local, and a read through libuv's thread pool cost more
 * in thread hand-offs than the read itself (a pre-commit check made ~450 such calls). Non-blocking open, and files
 * only (checked before): a FIFO or device swapped in after the check fails with EAGAIN instead of blocking.
 */
function readAtMost(absPath: string, limit: number): Buffer {
  const fd = openSync(absPath, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(64 * 1024, limit - total));
      if (buf.length === 0) break;
      const bytesRead = readSync(fd, buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      chunks.push(buf.subarray(0, bytesRead));
      total += bytesRead;
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

const BOM = [0xef, 0xbb, 0xbf];
const LOSSY_UTF8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** Bytes that did not come from a file read (a git blob, a staged version): decoded unless over the size limit. */
export function decodeWithin(bytes: Buffer, limit: number): ReadTextResult {
  const within = bytesWithin(bytes, limit);
  return within.bytes === undefined ? within : decodeText(within.bytes);
}

/** Decodes bytes as UTF-8 text, reporting (not failing on) BOMs, invalid sequences and binary content. */
export function decodeText(bytes: Uint8Array): ReadTextResult {
  const problems: ReadProblem[] = [];
  if (bytes.includes(0)) return { size: bytes.length, problems: [{ code: 'binary' }] };
  let body = bytes;
  if (bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2]) {
    problems.push({ code: 'bom' });
    body = bytes.subarray(3);
  }
  let text: string;
  // ASCII decodes the same as Latin-1, which needs no validation; isUtf8 accepts exactly what a fatal TextDecoder
  // does, and Buffer's decoder is the faster of the two.
  if (isAscii(body)) text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1');
  else if (isUtf8(body)) text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  else {
    text = LOSSY_UTF8.decode(body);
    const badOffset = firstInvalidUtf8(body);
    const prefix = LOSSY_UTF8.decode(body.subarray(0, badOffset));
    problems.push({ code: 'invalid-utf8', position: new LineIndex(text).position(prefix.length) });
  }
  return { text, size: bytes.length, problems };
}

/** Byte offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    // Overlongs and surrogates decode as errors too; the offset of the lead byte is good enough to point at.
    if (need === 2) {
      const c1 = bytes[i + 1] ?? 0;
      if ((b === 0xe0 && c1 < 0xa0) || (b === 0xed && c1 > 0x9f)) return i;
    }
    if (need === 3) {
      const c1 = bytes[i + 1] ?? 0;
      if ((b === 0xf0 && c1 < 0x90) || (b === 0xf4 && c1 > 0x8f)) return i;
    }
    i += need + 1;
  }
  return bytes.length;
}

export interface DirEntry {
  name: string;
  kind: 'file' | 'dir' | 'other';
}

export interface ListDirResult {
  entries: DirEntry[];
  problem?: ReadProblem;
}

/** Lists a directory following symlinks for the entry types; a missing directory is simply empty. */
export async function listDir(absPath: string): Promise<ListDirResult> {
  let dirents: Dirent[];
  try {
    dirents = readdirSync(absPath, { withFileTypes: true });
  } catch (error) {
    const problem = problemFromError(error);
    if (problem.code === 'not-found') return { entries: [] };
    return { entries: [], problem };
  }
  // The entry's own type comes with the listing; only a symlink needs a stat, to see what it points at.
  const entries = dirents.map((d): DirEntry => ({ name: d.name, kind: d.isSymbolicLink() ? linkTargetKind(`${absPath}/${d.name}`) : kindOf(d) }));
  return { entries: entries.sort((a, b) => compareText(a.name, b.name)) };
}

function kindOf(entry: Pick<Dirent, 'isDirectory' | 'isFile'>): DirEntry['kind'] {
  return entry.isDirectory() ? 'dir' : entry.isFile() ? 'file' : 'other';
}

function linkTargetKind(absPath: string): DirEntry['kind'] {
  try {
    return kindOf(statSync(absPath));
  } catch {
    // A broken or looping symlink: let the reader report it when the file is loaded.
    return 'file';
  }
}

export async function realPath(absPath: string): Promise<string | undefined> {
  try {
    return realpathSync.native(absPath);
  } catch {
    return undefined;
  }
}

export async function pathKind(absPath: string): Promise<'file' | 'dir' | 'other' | 'missing'> {
  try {
    return kindOf(statSync(absPath));
  } catch {
    return 'missing';
  }
}
