import { closeSync, constants as fsConstants, fstatSync, openSync, promises as fsp, readSync } from 'node:fs';
import path from 'node:path';
import { minimatch } from 'minimatch';
import { MARKDOWN_MAX_BYTES } from '../workspace/claude/sources.js';
import { isInside } from '../workspace/prompts/paths.js';
import { decodeText } from '../workspace/read-file.js';
import type { Position, Workspace } from '../workspace/types.js';
import { sha256Hex } from '../workspace/hash.js';
import { parseIndex } from './index-file.js';
import type { MemoryIndex, MemoryItem, MemoryStore } from './model.js';
import { parseMemoryText } from './parse-item.js';
import type { MemorySettings } from './settings.js';
import { itemIdOf, type StoreSpec } from './stores.js';

const INDEX_FILE = 'MEMORY.md';
const MAX_DEPTH = 16;
const MAX_FILES_PER_STORE = 200_000;

/** A store's folder as found on disk: symlinks resolved, its id, and whether it is a folder at all. */
export interface StoreRoot {
  spec: StoreSpec;
  id: string;
  /** Absolute, symlinks resolved. */
  root: string;
  exists: boolean;
}

/**
 * Reads one store: every memory file below its root and the `MEMORY.md` index, each item dated by its frontmatter,
 * else by `gitDates` (last commit per absolute path), else by mtime. Never throws on bad content.
 */
export async function readStore({ spec, id, root, exists }: StoreRoot, ws: Workspace, limit: MemorySettings['index'], gitDates: ReadonlyMap<string, string>, onFile?: () => void): Promise<MemoryStore> {
  const givenRoot = path.resolve(spec.root);
  const store: MemoryStore = { id, kind: spec.kind, name: spec.name, root, givenRoot, displayRoot: displayRootOf(ws, givenRoot), origin: spec.origin, exists, items: [], skipped: [], newestMtimeMs: 0 };
  if (!exists) return store;
  for (const rel of await listStoreFiles(root, spec, store.skipped)) {
    const read = readMemoryFile(root, rel);
    onFile?.();
    if ('reason' in read) {
      store.skipped.push(read);
      continue;
    }
    store.newestMtimeMs = Math.max(store.newestMtimeMs, read.mtimeMs);
    if (read.invalidUtf8) (store.invalidUtf8 ??= []).push({ relPath: read.relPath, line: read.invalidUtf8.line, column: read.invalidUtf8.column });
    if (spec.indexed && read.relPath === INDEX_FILE) store.index = indexOf(read, limit);
    else store.items.push(itemOf(read, id, gitDates.get(read.absPath)));
  }
  store.items.sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0));
  if (store.index) await linkIndex(store.index, store.items, root);
  return store;
}

/** How to show a store's folder: relative under the root (`.` for the root itself), `~/…` under home, else as is. */
function displayRootOf(ws: Pick<Workspace, 'root' | 'home'>, abs: string): string {
  const below = (base: string) => path.relative(base, abs).split(path.sep).join('/') || '.';
  if (isInside(abs, ws.root)) return below(ws.root);
  return isInside(abs, ws.home) ? `~/${below(ws.home)}` : abs;
}

/** Regular files below the root (not following symlinks, skipping hidden names), as POSIX relative paths. */
async function listStoreFiles(root: string, spec: StoreSpec, skipped: MemoryStore['skipped']): Promise<string[]> {
  const files: string[] = [];
  const visit = async (rel: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await fsp.readdir(path.join(root, rel), { withFileTypes: true });
    } catch (error) {
      skipped.push({ relPath: rel || '.', reason: `cannot list: ${(error as NodeJS.ErrnoException).code ?? 'error'}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink()) skipped.push({ relPath: child, reason: 'symlink (not followed)' });
      else if (entry.isDirectory()) {
        if (depth < MAX_DEPTH) await visit(child, depth + 1);
      } else if (entry.isFile() && isMemoryFile(child, spec) && files.length < MAX_FILES_PER_STORE) files.push(child);
    }
  };
  await visit('', 0);
  return files;
}

function isMemoryFile(rel: string, spec: StoreSpec): boolean {
  if (spec.indexed && rel === INDEX_FILE) return true;
  if (spec.pattern !== undefined) return minimatch(rel, spec.pattern);
  return rel.endsWith('.md');
}

interface FileRead {
  relPath: string;
  absPath: string;
  bytes: number;
  sha256: string;
  text: string;
  mtimeMs: number;
  /** Where the first invalid UTF-8 byte was (the text has U+FFFD there). */
  invalidUtf8?: Position;
}

/** Reused for every file: one allocation instead of one per file (tens of thousands of small buffers churn the GC). */
let readBuffer = Buffer.allocUnsafe(64 * 1024);
const OPEN_FLAGS = fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0) | (fsConstants.O_NONBLOCK ?? 0);

/**
 * One open, fstat, read and close per file, synchronously: for tens of thousands of small files that costs a fraction
 * of promise-based file handles (and readFileSync would fstat again and allocate a buffer per file).
 */
function readMemoryFile(root: string, relPath: string): FileRead | { relPath: string; reason: string } {
  // relPath is made of directory entry names (never `.`, `..` or empty), so this is path.join without normalising.
  const absPath = root.endsWith(path.sep) ? root + relPath : root + path.sep + relPath;
  let fd: number | undefined;
  try {
    fd = openSync(absPath, OPEN_FLAGS);
    const st = fstatSync(fd);
    if (!st.isFile()) return { relPath, reason: 'not a regular file' };
    if (st.size > MARKDOWN_MAX_BYTES) return { relPath, reason: `larger than ${MARKDOWN_MAX_BYTES} bytes` };
    const bytes = readOpenFile(fd, st.size);
    if (bytes.length > MARKDOWN_MAX_BYTES) return { relPath, reason: `larger than ${MARKDOWN_MAX_BYTES} bytes` };
    const decoded = decodeText(bytes);
    if (decoded.text === undefined) return { relPath, reason: decoded.problems.map((p) => p.code).join(', ') || 'unreadable' };
    const invalidUtf8 = decoded.problems.find((p) => p.code === 'invalid-utf8')?.position;
    return { relPath, absPath, bytes: bytes.length, sha256: sha256Hex(bytes), text: decoded.text, mtimeMs: st.mtimeMs, ...(invalidUtf8 ? { invalidUtf8 } : {}) };
  } catch (error) {
    return { relPath, reason: `cannot read: ${(error as NodeJS.ErrnoException).code ?? 'error'}` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The file's bytes as a view of the shared buffer (valid until the next read): `size` bytes, or up to EOF when size is 0. */
function readOpenFile(fd: number, size: number): Buffer {
  const limit = size > 0 ? size : MARKDOWN_MAX_BYTES + 1;
  let total = 0;
  for (;;) {
    if (total === readBuffer.length) {
      if (total >= limit) break;
      const bigger = Buffer.allocUnsafe(Math.min(Math.max(readBuffer.length * 2, size), MARKDOWN_MAX_BYTES + 1));
      readBuffer.copy(bigger, 0, 0, total);
      readBuffer = bigger;
    }
    const n = readSync(fd, readBuffer, total, Math.min(readBuffer.length, limit) - total, null);
    if (n === 0) break;
    total += n;
    if (total >= limit) break;
  }
  return readBuffer.subarray(0, total);
}

function itemOf(read: FileRead, storeId: string, gitDate: string | undefined): MemoryItem {
  const parsed = parseMemoryText(read.text);
  const modifiedSource = parsed.modified ? 'frontmatter' : gitDate && Number.isFinite(Date.parse(gitDate)) ? 'git' : 'mtime';
  const modified = parsed.modified ?? (modifiedSource === 'git' ? new Date(Date.parse(gitDate as string)).toISOString() : new Date(read.mtimeMs).toISOString());
  const item: MemoryItem = {
    id: itemIdOf(storeId, read.relPath),
    storeId,
    relPath: read.relPath,
    absPath: read.absPath,
    type: parsed.type,
    shape: parsed.shape,
    sha256: read.sha256,
    bytes: read.bytes,
    modified,
    modifiedSource,
    mtimeMs: read.mtimeMs,
    indexLines: [],
    links: parsed.links,
    citedPaths: parsed.citedPaths,
    text: read.text,
  };
  for (const key of ['declaredType', 'name', 'description', 'expires', 'invalidExpires'] as const) {
    const value = parsed[key];
    if (value !== undefined) item[key] = value;
  }
  return item;
}

function indexOf(read: FileRead, limit: MemorySettings['index']): MemoryIndex {
  return { relPath: read.relPath, absPath: read.absPath, sha256: read.sha256, bytes: read.bytes, text: read.text, mtimeMs: read.mtimeMs, ...parseIndex(read.text, limit) };
}

/** Where the index points: each entry's targets, resolved inside the store, marked on the items; the rest checked on disk. */
async function linkIndex(index: MemoryIndex, items: MemoryItem[], root: string): Promise<void> {
  const byPath = new Map(items.map((i) => [i.relPath, i]));
  for (const entry of index.entries) {
    for (const target of entry.targets) {
      const rel = path.posix.normalize(target);
      const item = byPath.get(rel);
      if (item) item.indexLines.push(entry.line);
      else if (rel.startsWith('../') || rel === '..' || !(await fsp.lstat(path.join(root, rel)).catch(() => undefined))) entry.missing.push(target);
    }
  }
}
