import { lstatSync } from 'node:fs';
import type { MemoryStore } from './model.js';
import { itemFile } from './read-store.js';

/**
 * When a file of the store (index included) last changed, in epoch ms, as it is now: asked just before a plan runs,
 * not when the store was read. A file that vanished counts as a change now. (The folder's own mtime is not asked:
 * agentgov's own archive and restore change it.)
 */
export function newestChangeMs(store: Pick<MemoryStore, 'root' | 'items' | 'index'>): number {
  let newest = store.index ? (mtimeOf(store.index.absPath) ?? Date.now()) : 0;
  for (const item of store.items) newest = Math.max(newest, mtimeOf(itemFile(store, item)) ?? Date.now());
  return newest;
}

function mtimeOf(abs: string): number | undefined {
  return lstatSync(abs, { throwIfNoEntry: false })?.mtimeMs;
}

/** Claude Code's consolidation ("auto-dream") lock in the memory folder (reference memory-and-prompts §A.5). */
export const CONSOLIDATION_LOCK = '.consolidate-lock';
