import { promises as fsp, statSync } from 'node:fs';
import path from 'node:path';
import { minimatch } from 'minimatch';
import { isInside } from '../workspace/prompts/paths.js';
import type { Workspace } from '../workspace/types.js';
import { MemoryFileReader, type Skipped } from './file-reader.js';
import { decodeText } from '../workspace/read-file.js';
import { parseIndex } from './index-file.js';
import type { MemoryIndex, MemoryItem, MemoryStore } from './model.js';
import { itemIdOf } from './item-id.js';
import { PARALLEL_MIN_FILES, StoreReadWorker, type ParallelReadOptions } from './parallel-read.js';
import type { ParsedItem } from './parse-fields.js';
import { contentOf, parseMemoryFile } from './parse-item.js';
import type { MemorySettings } from './settings.js';
import type { StoreSpec } from './stores.js';

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
  /** Large stores are read on two threads when the content is not kept (see parallel-read.ts); false: one thread. */
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
  const indexFile = spec.indexed ? INDEX_FILE : undefined;
  // The worker is started before the listing when the folder looks large (its boot overlaps the readdir), else after it.
  const parallel = o.content || o.parallel === false ? undefined : (o.parallel ?? {});
  const minFiles = parallel?.minFiles ?? PARALLEL_MIN_FILES;
  const startWorker = () => (parallel ? StoreReadWorker.start({ root, storeId: id, indexFile }, parallel) : undefined);
  let worker = parallel && looksLarge(root, minFiles) ? startWorker() : undefined;
  const files = await listStoreFiles(root, spec, store.skipped);
  if (files.length < minFiles) worker = worker?.cancel();
  else worker ??= startWorker();
  // Each file's result and invalid-UTF-8 position at its index in the list: placed in list order whichever thread read it.
  const reads = new Array<MemoryItem | MemoryIndex | Skipped | undefined>(files.length);
  const badUtf8: ({ line: number; column: number } | undefined)[] = [];
  const reader = new MemoryFileReader();
  const readAt = (i: number): void => {
    const rel = files[i] as string;
    reads[i] = reader.read<MemoryItem | MemoryIndex>(root, rel, (file) => {
      // Rare, so the position is worked out only then: a memory with bad bytes is still read (U+FFFD), and said so.
      if (!file.utf8) {
        const at = decodeText(file.bytes).problems.find((p) => p.code === 'invalid-utf8')?.position;
        if (at) badUtf8[i] = { line: at.line, column: at.column };
      }
      return rel === indexFile ? indexOf(file, o.limit) : itemOf(root, id, file.relPath, itemIdOf(id, file.relPath), file.sha256, file.bytes.length, parseMemoryFile(file), file, o, file);
    });
    o.onFile?.();
  };
  if (worker) {
    await worker.share(files, readAt, {
      item: (i, read) => {
        reads[i] = itemOf(root, id, files[i] as string, read.id, read.sha256, read.bytes, read.parsed, read.mtimeMs as number, o, undefined);
        o.onFile?.();
      },
      skipped: (i, reason) => {
        reads[i] = { relPath: files[i] as string, reason };
        o.onFile?.();
      },
    });
  }
  // Everything on this thread, or what the worker left to it.
  for (let i = 0; i < files.length; i++) if (reads[i] === undefined) readAt(i);
  for (let i = 0; i < files.length; i++) {
    const read = reads[i] as MemoryItem | MemoryIndex | Skipped;
    const bad = badUtf8[i];
    if (bad) (store.invalidUtf8 ??= []).push({ relPath: files[i] as string, ...bad });
    if ('reason' in read) store.skipped.push(read);
    else if ('entries' in read) store.index = read;
    else store.items.push(read);
  }
  store.items.sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0));
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

/** Shared by every item no index line points at (linkIndex gives the others their own array). */
const NO_LINES: readonly number[] = Object.freeze([]);

/**
 * An item from its parsed fields. `mtime` (or the file, asked then) dates it when neither the frontmatter nor git does; `file` gives the
 * text when the content is kept (only files read on this thread: the worker is not used for the auditor's view).
 */
function itemOf(root: string, storeId: string, relPath: string, id: string, sha256: string, bytes: number, parsed: ParsedItem, mtime: number | MemoryFileReader, o: ReadStoreOptions, file: MemoryFileReader | undefined): MemoryItem {
  const { gitDates } = o;
  // Only an item without a `modified:` needs its last commit (or its mtime).
  const gitDate = parsed.modified || gitDates.size === 0 ? undefined : gitDates.get(root.endsWith(path.sep) ? root + relPath : root + path.sep + relPath);
  const gitMs = gitDate === undefined ? Number.NaN : Date.parse(gitDate);
  const modifiedSource = parsed.modified ? 'frontmatter' : Number.isFinite(gitMs) ? 'git' : 'mtime';
  const modifiedMs = parsed.modifiedMs ?? (modifiedSource === 'git' ? gitMs : Math.trunc(typeof mtime === 'number' ? mtime : mtime.mtimeMs()));
  const modified = parsed.modified ?? new Date(modifiedMs).toISOString();
  // Every field in one literal (absent ones undefined): one object shape for all items, no property store beside it.
  return {
    id,
    storeId,
    relPath,
    type: parsed.type,
    declaredType: parsed.declaredType,
    name: parsed.name,
    description: parsed.description,
    shape: parsed.shape,
    sha256,
    bytes,
    modified,
    modifiedSource,
    modifiedMs,
    indexLines: NO_LINES,
    expires: parsed.expires,
    invalidExpires: parsed.invalidExpires,
    content: o.content && file ? contentOf(file.text(), parsed.bodyOffset) : undefined,
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
      else if (rel.startsWith('../') || rel === '..' || !(await fsp.lstat(path.join(root, rel)).catch(() => undefined))) entry.missing.push(target);
    }
  }
}
