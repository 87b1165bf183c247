import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isAlive } from './lock.js';
import type { MemoryStore } from './model.js';
import { itemFile } from './read-store.js';

/**
 * Why a store must not be changed now, checked just before a plan runs (not when the store was read): another writer
 * may be at work. Each returns a sentence for the user, or undefined when the store looks quiet.
 */

/**
 * A file of the store (index included) changed in the last `quietMinutes`: an agent may be writing. A file that
 * vanished counts as a change now. (The folder's own mtime is not asked: agentgov's own archive and restore change it.)
 */
export function recentChange(store: Pick<MemoryStore, 'root' | 'items' | 'index' | 'displayRoot'>, quietMinutes: number, nowMs: number): string | undefined {
  if (!(quietMinutes > 0)) return undefined;
  let newest = store.index ? (mtimeOf(store.index.absPath) ?? nowMs) : 0;
  for (const item of store.items) newest = Math.max(newest, mtimeOf(itemFile(store, item)) ?? nowMs);
  const age = nowMs - newest;
  if (age >= quietMinutes * 60_000) return undefined;
  return `a file in ${store.displayRoot} changed ${seconds(age)} ago (an agent may be writing); try again in ${quietMinutes} minutes, or use --force.`;
}

/**
 * Claude Code's consolidation ("auto-dream") lock, `.consolidate-lock` in the auto-memory folder, holding the PID of
 * the process consolidating (reference memory-and-prompts §A.5: a PID and a 60-minute stale guard; the name comes from
 * third-party reading of Claude Code's source and is unverified). Held while it is younger than 60 minutes and its
 * PID, when it has one, is a running process.
 */
export function consolidationInProgress(store: Pick<MemoryStore, 'root' | 'kind' | 'displayRoot'>, nowMs: number): string | undefined {
  if (store.kind !== 'claude-auto') return undefined;
  const file = path.join(store.root, CONSOLIDATION_LOCK);
  const st = lstatSync(file, { throwIfNoEntry: false });
  if (!st?.isFile() || nowMs - st.mtimeMs >= CONSOLIDATION_STALE_MS) return undefined;
  const pid = st.size <= 64 ? pidIn(file) : undefined;
  if (pid !== undefined && !isAlive(pid)) return undefined;
  return `Claude Code is consolidating this memory (${CONSOLIDATION_LOCK} in ${store.displayRoot}, ${seconds(nowMs - st.mtimeMs)} old${pid !== undefined ? `, pid ${pid} running` : ''}); try again when it is done, or use --force.`;
}

/**
 * A Claude Code session of the project looks active: one of its transcripts (`<dir>/<session>.jsonl`) was written in
 * the last `minutes` (reference memory-and-prompts §E.4: newest transcript younger than 10 minutes). A running
 * session may write memory, or consolidate it when it stops.
 */
export function activeSession(transcriptDirs: readonly string[], minutes: number, nowMs: number): string | undefined {
  if (!(minutes > 0)) return undefined;
  let newest: { file: string; mtimeMs: number } | undefined;
  for (const dir of new Set(transcriptDirs)) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      if (!name.endsWith('.jsonl')) continue;
      const mtimeMs = mtimeOf(path.join(dir, name));
      if (mtimeMs !== undefined && (!newest || mtimeMs > newest.mtimeMs)) newest = { file: path.join(dir, name), mtimeMs };
    }
  }
  if (!newest || nowMs - newest.mtimeMs >= minutes * 60_000) return undefined;
  return `a Claude Code session of this project wrote its transcript ${seconds(nowMs - newest.mtimeMs)} ago (${newest.file}); it may still write memory. Try again when it has ended (memory.safety.activeSessionMinutes: ${minutes}), or use --force.`;
}

/** Claude Code's consolidation lock file, in the auto-memory folder. */
const CONSOLIDATION_LOCK = '.consolidate-lock';
const CONSOLIDATION_STALE_MS = 60 * 60_000;

function pidIn(file: string): number | undefined {
  try {
    const text = readFileSync(file, 'utf8').trim();
    return /^\d{1,10}$/.test(text) && Number(text) > 0 ? Number(text) : undefined;
  } catch {
    return undefined;
  }
}

function mtimeOf(abs: string): number | undefined {
  return lstatSync(abs, { throwIfNoEntry: false })?.mtimeMs;
}

function seconds(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 120 ? `${s}s` : `${Math.round(s / 60)} min`;
}
