import { promises as fsp, statSync } from 'node:fs';
import path from 'node:path';
import { minimatch } from 'minimatch';
import { isInside, leavesBase } from '../workspace/rel-inside.js';
import type { Workspace } from '../workspace/types.js';
import { MemoryFileReader } from './file-reader.js';
import { decodeText } from '../workspace/read-file.js';
import { parseIndex } from './index-file.js';
import type { MemoryIndex, MemoryItem, MemoryStore } from './model.js';
import { FilePrefetcher, PARALLEL_MIN_FILES, type ParallelReadOptions } from './parallel-read.js';
import { contentOf, parseMemoryFile } from './parse-item.js';
import type { MemorySettings } from './settings.js';
import { itemIdOf, type StoreSpec } from './stores.js';
import { compareText } from '../text-order.js';

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

export interface ReadStoreOptions {
  limit: MemorySettings['index'];
  /** Last commit date per absolute path of tracked files. */
  gitDates: ReadonlyMap<string, string>;
  /** Keep each item's text, links and cited paths (the auditor's view; planning needs none of it). */
  content: boolean;
  /** Called after each file read (progress). */
  onFile?: () => void;
  /** Large stores are read on two threads (see parallel-read.ts); false: on this thread only. */
  parallel?: ParallelReadOptions | false;
}

/**
 * Reads one store: every memory file below its root and the `MEMORY.md` index, each item dated by its frontmatter,
 * else by its last commit, else by mtime. Never throws on bad content.
 */
export async function readStore({ spec, id, root, exists }: StoreRoot, ws: Workspace, o: ReadStoreOptions): Promise<MemoryStore> {
  const givenRoot = path.resolve(spec.root);
  const store: MemoryStore = { id, kind: spec.kind, name: spec.name, root, givenRoot, displayRoot: displayRootOf(ws, givenRoot), origin: spec.origin, exists, items: [], skipped: [] };
  if (!exists) return store;
  const reader = new MemoryFileReader();
  // Rare, so the position is worked out only then: a memory with bad bytes is still read (U+FFFD), and said so.
  const noteInvalidUtf8 = (file: MemoryFileReader) => {
    if (file.utf8) return;
    const at = decodeText(file.bytes).problems.find((p) => p.code === 'invalid-utf8')?.position;
    if (at) (store.invalidUtf8 ??= []).push({ relPath: file.relPath, line: at.line, column: at.column });
  };
  // Made once per store, not once per file: a store may hold tens of thousands.
  const toItem = (file: MemoryFileReader): MemoryItem => {
    noteInvalidUtf8(file);
    return itemOf(file, id, o.gitDates, o.content);
  };
  const toIndex = (file: MemoryFileReader): MemoryIndex => {
    noteInvalidUtf8(file);
    return indexOf(file, o.limit);
  };
  // A large store's files are opened and read ahead by a worker (see parallel-read.ts); it is started before the
  // listing when the folder looks large, so that it boots while the listing runs.
  const parallel = o.parallel === false ? undefined : (o.parallel ?? {});
  const minFiles = parallel?.minFiles ?? PARALLEL_MIN_FILES;
  let prefetcher = parallel && looksLarge(root, minFiles) ? new FilePrefetcher(parallel) : undefined;
  const files = await listStoreFiles(root, spec, store.skipped);
  if (files.length < Math.max(1, minFiles)) {
    prefetcher?.stop(false);
    prefetcher = undefined;
  } else if (parallel) prefetcher ??= new FilePrefetcher(parallel);
  prefetcher?.begin(root, files);
  try {
    for (let i = 0; i < files.length; i++) {
      const rel = files[i] as string;
      const use = spec.indexed && rel === INDEX_FILE ? toIndex : toItem;
      const read = reader.read<MemoryItem | MemoryIndex>(root, rel, use, prefetcher?.take(i));
      prefetcher?.done(i);
      o.onFile?.();
      if ('reason' in read) store.skipped.push(read);
      else if ('entries' in read) store.index = read;
      else store.items.push(read);
    }
  } finally {
    prefetcher?.stop();
  }
  store.items.sort((a, b) => compareText(a.relPath, b.relPath));
  if (store.index) await linkIndex(store.index, store, root);
  return store;
}

/**
 * Whether a folder likely holds `files` entries or more, from its size: a directory entry takes some 32 bytes on ext4
 * (8 and the name, rounded up to 4). Only a hint for starting the worker early; the listing decides.
 */
function looksLarge(root: string, files: number): boolean {
  try {
    return statSync(root).size >= files * 32;
  } catch {
    return false;
  }
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
    entries.sort((a, b) => compareText(a.name, b.name));
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

/** Shared by every item no index line points at (linkIndex gives the others their own array). */
const NO_LINES: readonly number[] = Object.freeze([]);

function itemOf(read: MemoryFileReader, storeId: string, gitDates: ReadonlyMap<string, string>, content: boolean): MemoryItem {
  const parsed = parseMemoryFile(read);
  // Only an item without a `modified:` needs its last commit (or its mtime).
  const gitDate = parsed.modified || gitDates.size === 0 ? undefined : gitDates.get(read.absPath);
  const gitMs = gitDate === undefined ? Number.NaN : Date.parse(gitDate);
  const modifiedSource = parsed.modified ? 'frontmatter' : Number.isFinite(gitMs) ? 'git' : 'mtime';
  const modifiedMs = parsed.modifiedMs ?? (modifiedSource === 'git' ? gitMs : Math.trunc(read.mtimeMs()));
  const modified = parsed.modified ?? new Date(modifiedMs).toISOString();
  // Every field in one literal (absent ones undefined): one object shape for all items, no property store beside it.
  return {
    id: itemIdOf(storeId, read.relPath),
    storeId,
    relPath: read.relPath,
    type: parsed.type,
    declaredType: parsed.declaredType,
    name: parsed.name,
    description: parsed.description,
    shape: parsed.shape,
    sha256: read.sha256,
    bytes: read.bytes.length,
    modified,
    modifiedSource,
    modifiedMs,
    indexLines: NO_LINES,
    expires: parsed.expires,
    invalidExpires: parsed.invalidExpires,
    content: content ? contentOf(read.text(), parsed.bodyOffset) : undefined,
  };
}

function indexOf(read: MemoryFileReader, limit: MemorySettings['index']): MemoryIndex {
  const text = read.text();
  return { relPath: read.relPath, absPath: read.absPath, sha256: read.sha256, bytes: read.bytes.length, text, ...parseIndex(text, limit) };
}

/** The item at a path relative to the store's root (items are sorted by path: a binary search, no map of the store). */
export function itemAtPath(store: Pick<MemoryStore, 'items'>, relPath: string): MemoryItem | undefined {
  const { items } = store;
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const at = (items[mid] as MemoryItem).relPath;
    if (at === relPath) return items[mid];
    if (at < relPath) lo = mid + 1;
    else hi = mid;
  }
  return undefined;
}

/** An item's file on disk. */
export function itemFile(store: Pick<MemoryStore, 'root'>, item: Pick<MemoryItem, 'relPath'>): string {
  return path.join(store.root, ...item.relPath.split('/'));
}

/** Where the index points: each entry's targets, resolved inside the store, marked on the items; the rest checked on disk. */
async function linkIndex(index: MemoryIndex, store: Pick<MemoryStore, 'items'>, root: string): Promise<void> {
  for (const entry of index.entries) {
    for (const target of entry.targets) {
      const rel = path.posix.normalize(target);
      const item = itemAtPath(store, rel);
      if (item) item.indexLines = [...item.indexLines, entry.line];
      else if (leavesBase(rel) || !(await fsp.lstat(path.join(root, rel)).catch(() => undefined))) entry.missing.push(target);
    }
  }
}
