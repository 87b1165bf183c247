import path from 'node:path';
import { lastCommitDates } from '../workspace/last-commit-dates.js';
import { pathKind, realPath } from '../workspace/read-file.js';
import { transcriptDirFor } from '../workspace/transcripts.js';
import type { Workspace } from '../workspace/types.js';
import type { ProgressSink } from '../progress.js';
import { mergeRecalls, readMemoryLedger, type MemoryLedger } from './ledger.js';
import type { ItemState, LoadedMemory, MemoryItem, MemoryStore } from './model.js';
import { harvestRecalls } from './recall.js';
import { readStore, type StoreRoot } from './read-store.js';
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
  onProgress?: ProgressSink;
}

export interface LoadedMemoryWithLedger extends LoadedMemory {
  /** The ledger as read, plus every item seen now (what `writeMemoryLedger` writes). */
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
    const store = await readStore(root, ws, settings.index, gitDates, onFile);
    stores.push(store);
    const bad = store.invalidUtf8 ?? [];
    if (bad.length > 0) notices.push(`memory: ${bad.length} file(s) in ${store.displayRoot} have invalid UTF-8, read with the bad bytes replaced (${bad.slice(0, 3).map((b) => `${b.relPath}:${b.line}:${b.column}`).join('; ')}).`);
    if (store.skipped.length > 0) notices.push(`memory: ${store.skipped.length} file(s) in ${store.displayRoot} were not read (${store.skipped.slice(0, 3).map((s) => `${s.relPath}: ${s.reason}`).join('; ')}).`);
  }
  const { ledger, notice } = options.stateDir ? await readMemoryLedger(options.stateDir) : { ledger: { version: 1 as const, items: {} } };
  if (notice) notices.push(notice);
  const transcriptDirs = [discovery.projectDir, transcriptDirFor(ws.home, ws.root), ...(options.transcriptDirs ?? [])];
  const recalls = options.skipRecalls ? undefined : await harvestRecalls(transcriptDirs, stores.flatMap((s) => [s.root, s.givenRoot]));
  const state = new Map<string, ItemState>();
  const firstSeen = now.toISOString();
  for (const store of stores) {
    for (const item of store.items) {
      const entry = (ledger.items[item.id] ??= { storeId: store.id, relPath: item.relPath, firstSeen, recallDays: [], pinned: false });
      state.set(item.id, entry);
      if (!recalls?.byPath.size) continue;
      for (const abs of recallPaths(store, item)) {
        const hit = recalls.byPath.get(abs);
        if (hit) mergeRecalls(entry, hit.days, hit.lastAt);
      }
    }
  }
  return { stores, state, notices, now, ledger };
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

/** Where a transcript may say the item was read: through the resolved root, or the root as configured. */
function recallPaths(store: MemoryStore, item: MemoryItem): string[] {
  return store.givenRoot === store.root ? [item.absPath] : [item.absPath, path.join(store.givenRoot, item.relPath)];
}
