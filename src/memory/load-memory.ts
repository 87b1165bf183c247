import { closeSync, constants as fsConstants, fstatSync, openSync, promises as fsp, readSync } from 'node:fs';
import path from 'node:path';
import { minimatch } from 'minimatch';
import { MARKDOWN_MAX_BYTES } from '../workspace/claude/sources.js';
import { lastCommitDates } from '../workspace/last-commit-dates.js';
import { decodeText, realPath } from '../workspace/read-file.js';
import { transcriptDirFor } from '../workspace/transcripts.js';
import type { Workspace } from '../workspace/types.js';
import { parseIndex } from './index-file.js';
import { mergeRecalls, readMemoryLedger, type MemoryLedger } from './ledger.js';
import type { ItemState, LoadedMemory, MemoryIndex, MemoryItem, MemoryStore } from './model.js';
import { sha256Hex } from './hash.js';
import { parseMemoryText } from './parse-item.js';
import { harvestRecalls } from './recall.js';
import type { MemorySettings } from './settings.js';
import { discoverStores, displayPathOf, itemIdOf, storeIdOf, type StoreSpec } from './stores.js';

export const INDEX_FILE = 'MEMORY.md';
const MAX_DEPTH = 16;
const MAX_FILES_PER_STORE = 200_000;

export interface LoadMemoryOptions {
  workspace: Workspace;
  settings: MemorySettings;
  now: Date;
  /** Where the memory ledger is; without it, no ledger state is read (recalls come from transcripts only). */
  stateDir?: string;
  /** More transcript folders to read recalls from (default: the project's folders under `<home>/.claude/projects`). */
  transcriptDirs?: string[];
  /** Skip reading transcripts (the executor re-reads stores and needs no recalls). */
  skipRecalls?: boolean;
}

export interface LoadedMemoryWithLedger extends LoadedMemory {
  /** The ledger as read, plus every item seen now (what `saveState` writes). */
  ledger: MemoryLedger;
}

/** Reads every memory store, the ledger, and recalls from transcripts. Never throws on bad content. */
export async function loadMemory(options: LoadMemoryOptions): Promise<LoadedMemoryWithLedger> {
  const { workspace: ws, settings, now } = options;
  const discovery = await discoverStores(ws, settings);
  const notices = [...discovery.notices];
  const stores: MemoryStore[] = [];
  const seen = new Set<string>();
  for (const spec of discovery.specs) {
    const store = await readStore(spec, ws, settings.index);
    if (seen.has(store.id)) continue;
    seen.add(store.id);
    stores.push(store);
    if (store.skipped.length > 0) notices.push(`memory: ${store.skipped.length} file(s) in ${store.displayRoot} were not read (${store.skipped.slice(0, 3).map((s) => `${s.relPath}: ${s.reason}`).join('; ')}).`);
  }
  const { ledger, notice } = options.stateDir ? await readMemoryLedger(options.stateDir) : { ledger: { version: 1 as const, items: {} } };
  if (notice) notices.push(notice);
  const state = new Map<string, ItemState>();
  const firstSeen = now.toISOString();
  for (const store of stores) {
    for (const item of store.items) {
      const known = ledger.items[item.id];
      const entry = known ? { ...known, recallDays: [...known.recallDays] } : { storeId: store.id, relPath: item.relPath, firstSeen, recallDays: [], pinned: false };
      ledger.items[item.id] = entry;
      state.set(item.id, entry);
    }
  }
  if (!options.skipRecalls) {
    const dirs = [discovery.projectDir, transcriptDirFor(ws.home, ws.root), ...(options.transcriptDirs ?? [])];
    const roots = stores.flatMap((s) => [s.root, s.givenRoot]);
    const recalls = await harvestRecalls(dirs, roots);
    for (const store of recalls.byPath.size > 0 ? stores : []) {
      for (const item of store.items) {
        const paths = store.givenRoot === store.root ? [item.absPath] : [item.absPath, path.join(store.givenRoot, item.relPath)];
        for (const abs of paths) {
          const hit = recalls.byPath.get(abs);
          const entry = state.get(item.id);
          if (hit && entry) mergeRecalls(entry, hit.days, hit.lastAt);
        }
      }
    }
  }
  return { stores, state, notices, now, ledger };
}

async function readStore(spec: StoreSpec, ws: Workspace, limit: MemorySettings['index']): Promise<MemoryStore> {
  const canonical = (await realPath(spec.root)) ?? path.resolve(spec.root);
  const id = storeIdOf(canonical);
  const store: MemoryStore = {
    id,
    kind: spec.kind,
    name: spec.name,
    root: canonical,
    givenRoot: path.resolve(spec.root),
    displayRoot: displayPathOf(ws, path.resolve(spec.root)),
    origin: spec.origin,
    exists: false,
    items: [],
    skipped: [],
    newestMtimeMs: 0,
  };
  const st = await fsp.stat(canonical).catch(() => undefined);
  if (!st?.isDirectory()) return store;
  store.exists = true;
  const files = await listStoreFiles(canonical, spec, store.skipped);
  const repoRoot = ws.git.repoRoot ? ((await realPath(ws.git.repoRoot)) ?? ws.git.repoRoot) : undefined;
  const gitDates = repoRoot ? await lastCommitDates(repoRoot, canonical) : new Map<string, string>();
  for (const rel of files) {
    const read = readMemoryFile(canonical, rel);
    if ('reason' in read) {
      store.skipped.push(read);
      continue;
    }
    store.newestMtimeMs = Math.max(store.newestMtimeMs, read.mtimeMs);
    if (spec.indexed && read.relPath === INDEX_FILE) store.index = indexOf(read, limit);
    else store.items.push(itemOf(read, id, gitDates.size > 0 ? gitDates.get(read.absPath) : undefined));
  }
  store.items.sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0));
  if (store.index) await linkIndex(store.index, store.items, canonical);
  return store;
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
    return { relPath, absPath, bytes: bytes.length, sha256: sha256Hex(bytes), text: decoded.text, mtimeMs: st.mtimeMs };
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
