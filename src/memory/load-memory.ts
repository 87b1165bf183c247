import path from 'node:path';
import { lastCommitDates } from '../workspace/last-commit-dates.js';
import { pathKind, realPath } from '../workspace/read-file.js';
import { claudeDirOf } from '../workspace/claude-dir.js';
import { transcriptDirIn } from '../workspace/transcripts.js';
import type { Workspace } from '../workspace/types.js';
import type { ProgressSink } from '../progress.js';
import { mergeRecalls, readMemoryLedger, type LedgerItem, type MemoryLedger } from './ledger.js';
import type { ItemState, LoadedMemory, MemoryItem, MemoryStore } from './model.js';
import { harvestRecalls } from './recall.js';
import type { ParallelReadOptions } from './parallel-read.js';
import { itemAtPath, readStore, type StoreRoot } from './read-store.js';
import { relInside } from '../workspace/rel-inside.js';
import type { MemorySettings } from './settings.js';
import { discoverStores, storeIdOf, type StoreSpec } from './stores.js';

export interface LoadMemoryOptions {
  workspace: Workspace;
  settings: MemorySettings;
  now: Date;
  /** Where the memory ledger is; without it, no ledger state is read (recalls come from transcripts only). */
  stateDir?: string;
  /** More transcript folders to read recalls from (default: the project's folders under `<home>/.claude/projects`). */
  transcriptDirs?: string[];
  /** Skip reading transcripts (`forget` names its item and needs no scores). */
  skipRecalls?: boolean;
  /** Keep each item's text, links and cited paths (the auditor scans them; planning and pruning do not). */
  content?: boolean;
  /** How large stores are read on two threads (default: see parallel-read.ts); false: on this thread only. */
  parallel?: ParallelReadOptions | false;
  onProgress?: ProgressSink;
}

export interface LoadedMemoryWithLedger extends LoadedMemory {
  /** The ledger as read, with the recalls read now ({@link recordSeen} adds the items it does not know yet). */
  ledger: MemoryLedger;
}

/** Reads every memory store, the ledger, and recalls from transcripts. Never throws on bad content. */
export async function loadMemory(options: LoadMemoryOptions): Promise<LoadedMemoryWithLedger> {
  const { workspace: ws, settings, now } = options;
  const discovery = await discoverStores(ws, settings);
  const notices = [...discovery.notices];
  const roots = await storeRoots(discovery.specs);
  const gitDates = await gitDatesOf(ws, roots);
  const stores: MemoryStore[] = [];
  let filesRead = 0;
  const { onProgress } = options;
  const onFile = onProgress ? () => onProgress({ task: 'reading memory stores', done: ++filesRead, unit: 'files' }) : undefined;
  for (const root of roots) {
    const store = await readStore(root, ws, { limit: settings.index, gitDates, content: options.content === true, ...(options.parallel !== undefined ? { parallel: options.parallel } : {}), ...(onFile ? { onFile } : {}) });
    stores.push(store);
    const bad = store.invalidUtf8 ?? [];
    if (bad.length > 0) notices.push(`memory: ${bad.length} file(s) in ${store.displayRoot} have invalid UTF-8, read with the bad bytes replaced (${bad.slice(0, 3).map((b) => `${b.relPath}:${b.line}:${b.column}`).join('; ')}).`);
    if (store.skipped.length > 0) notices.push(`memory: ${store.skipped.length} file(s) in ${store.displayRoot} were not read (${store.skipped.slice(0, 3).map((s) => `${s.relPath}: ${s.reason}`).join('; ')}).`);
  }
  const { ledger, notice } = options.stateDir ? await readMemoryLedger(options.stateDir) : { ledger: { version: 1 as const, items: {} } };
  if (notice) notices.push(notice);
  const transcriptDirs = [discovery.projectDir, transcriptDirIn(claudeDirOf(ws), ws.root), ...(options.transcriptDirs ?? [])];
  const recalls = options.skipRecalls ? undefined : await harvestRecalls(transcriptDirs, stores.flatMap((s) => [s.root, s.givenRoot]));
  const state = new Map<string, ItemState>();
  // Entries are made only for items with something to record; `recordSeen` adds the rest when the ledger is written.
  if (Object.keys(ledger.items).length > 0) {
    for (const store of stores) {
      for (const item of store.items) {
        const entry = ledger.items[item.id];
        if (entry) state.set(item.id, entry);
      }
    }
  }
  for (const [abs, hit] of recalls?.byPath ?? []) {
    for (const { store, item } of itemsAt(stores, abs)) {
      const entry = (ledger.items[item.id] ??= newEntry(store, item, now));
      mergeRecalls(entry, hit.days, hit.lastAt);
      state.set(item.id, entry);
    }
  }
  return { stores, state, notices, now, ledger, transcriptDirs: [...new Set(transcriptDirs)] };
}

/**
 * The ledger to write: as read, with this run's recalls, plus an entry (first seen now) for every item it did not
 * know yet; the new entries also become the items' state.
 */
export function recordSeen(memory: LoadedMemoryWithLedger): MemoryLedger {
  for (const store of memory.stores) {
    for (const item of store.items) {
      if (memory.ledger.items[item.id]) continue;
      const entry = (memory.ledger.items[item.id] = newEntry(store, item, memory.now));
      memory.state.set(item.id, entry);
    }
  }
  return memory.ledger;
}

function newEntry(store: MemoryStore, item: MemoryItem, now: Date): LedgerItem {
  return { storeId: store.id, relPath: item.relPath, firstSeen: now.toISOString(), recallDays: [], pinned: false };
}

/** Each spec's folder resolved, once per folder (the first spec naming a folder wins), before any file is read. */
async function storeRoots(specs: readonly StoreSpec[]): Promise<StoreRoot[]> {
  const roots = new Map<string, StoreRoot>();
  for (const spec of specs) {
    const root = (await realPath(spec.root)) ?? path.resolve(spec.root);
    const id = storeIdOf(root);
    if (roots.has(id)) continue;
    roots.set(id, { spec, id, root, exists: (await pathKind(root)) === 'dir' });
  }
  return [...roots.values()];
}

/** Last commit dates of the files of every store inside the repository, from one `git log`. */
async function gitDatesOf(ws: Workspace, roots: readonly StoreRoot[]): Promise<Map<string, string>> {
  if (!ws.git.repoRoot) return new Map();
  const repoRoot = (await realPath(ws.git.repoRoot)) ?? ws.git.repoRoot;
  return lastCommitDates(repoRoot, roots.filter((r) => r.exists).map((r) => r.root));
}

/** The items a transcript's absolute path names: below a store's resolved root, or its root as configured. */
function itemsAt(stores: readonly MemoryStore[], abs: string): { store: MemoryStore; item: MemoryItem }[] {
  const found: { store: MemoryStore; item: MemoryItem }[] = [];
  for (const store of stores) {
    for (const root of new Set([store.root, store.givenRoot])) {
      const rel = relInside(root, abs);
      if (rel === undefined) continue;
      const item = itemAtPath(store, rel);
      if (item) found.push({ store, item });
    }
  }
  return found;
}
