import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { planArchiveDir, planMetaDir, readManifests, writeManifest, type ArchiveManifest } from './archive.js';
import { rollBack } from './executor.js';
import { exists, fileHash, isContainedRelPath, MemoryError, moveFile, rewritePreservingMtime, writeNewFile } from './fs-ops.js';
import { insertLines } from './index-edit.js';
import { appendJournal, type JournalEntry } from './journal.js';
import { sha256Hex } from '../workspace/hash.js';

export interface RestoreResult {
  restoreId: string;
  restored: { id: string; relPath: string; to: string; planId: string }[];
  /** Items that had stayed in place and got their index lines back. */
  reindexed: { id: string; relPath: string; planId: string }[];
  /** Items whose original path already held the same bytes (nothing to move). */
  alreadyInPlace: string[];
  indexLinesRestored: number;
}

/** Which archived items a `restore` argument names: every item of a plan, or the newest archive of one item. */
export async function findArchived(stateDir: string, target: string): Promise<{ manifest: ArchiveManifest; ids: string[] }[]> {
  const manifests = await readManifests(stateDir);
  const ofPlan = manifests.filter((m) => m.planId === target);
  if (ofPlan.length > 0) {
    const selection = ofPlan.map((manifest) => ({ manifest, ids: manifest.items.filter((i) => !i.restoredAt).map((i) => i.id) }));
    if (selection.every((s) => s.ids.length === 0)) throw new MemoryError(`everything plan ${target} archived was restored already.`, 'restored-already');
    return selection;
  }
  const matching = manifests.filter((m) => m.items.some((i) => !i.restoredAt && (i.id === target || (target.length >= 8 && i.id.startsWith(target)))));
  const ids = new Set(matching.flatMap((m) => m.items.filter((i) => !i.restoredAt && (i.id === target || i.id.startsWith(target))).map((i) => i.id)));
  if (ids.size > 1) throw new MemoryError(`${target} matches several archived items (${[...ids].slice(0, 5).join(', ')}); give the full id.`, 'ambiguous-id');
  const newest = matching.at(-1);
  if (!newest) throw new MemoryError(`nothing archived matches ${target} (give a plan id or an item id; \`agentgov memory list --archived\` shows them).`, 'not-found');
  return [{ manifest: newest, ids: [...ids] }];
}

/**
 * Moves archived items back to their place in the store and puts their index lines back. When the whole plan is
 * restored and `MEMORY.md` is as the plan left it, the saved copy is written back, so the index is byte-identical.
 * A different file at an item's path is never overwritten. The caller holds the memory lock.
 */
export async function restoreArchived(stateDir: string, selection: { manifest: ArchiveManifest; ids: string[] }[]): Promise<RestoreResult> {
  const restoreId = `restore-${new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
  const result: RestoreResult = { restoreId, restored: [], reindexed: [], alreadyInPlace: [], indexLinesRestored: 0 };
  const moves: { manifest: ArchiveManifest; item: ArchiveManifest['items'][number]; from: string; to: string }[] = [];
  for (const { manifest, ids } of selection) {
    for (const item of manifest.items.filter((i) => ids.includes(i.id))) {
      if (!isContainedRelPath(item.relPath)) throw new MemoryError(`archived path ${JSON.stringify(item.relPath)} would escape the store; refused.`, 'outside-store');
      // Its file never moved: only its index lines come back (below).
      if (item.indexOnly) continue;
      const from = path.join(planArchiveDir(stateDir, manifest.storeId, manifest.planId), ...item.relPath.split('/'));
      const to = path.join(manifest.storeRoot, ...item.relPath.split('/'));
      const [archived, current] = await Promise.all([fileHash(from), fileHash(to)]);
      if (current !== undefined && current === item.sha256) {
        result.alreadyInPlace.push(item.id);
        continue;
      }
      if (await exists(to)) throw new MemoryError(`a different file now occupies ${to}; move it aside, then run restore again.`, 'occupied');
      if (archived !== item.sha256) throw new MemoryError(`the archived copy ${from} is missing or changed; it cannot be restored.`, 'archive-changed');
      moves.push({ manifest, item, from, to });
    }
  }
  const steps: JournalEntry[] = [];
  const journal = async (entry: JournalEntry) => {
    await appendJournal(stateDir, entry);
    if (entry.op === 'move' || entry.op === 'index') steps.push(entry);
  };
  const at = () => new Date().toISOString();
  await journal({ op: 'begin', at: at(), planId: restoreId, kind: 'restore', of: [...new Set(selection.map((s) => s.manifest.planId))].join(',') });
  try {
    for (const move of moves) {
      await journal({ op: 'move', at: at(), planId: restoreId, storeId: move.manifest.storeId, itemId: move.item.id, from: move.from, to: move.to, sha256: move.item.sha256 });
      await moveFile(move.from, move.to, move.item.sha256);
      await journal({ op: 'move-done', at: at(), planId: restoreId, itemId: move.item.id });
      result.restored.push({ id: move.item.id, relPath: move.item.relPath, to: move.to, planId: move.manifest.planId });
    }
    for (const { manifest, ids } of selection) {
      result.indexLinesRestored += await restoreIndex(stateDir, manifest, ids, restoreId, journal);
      for (const item of manifest.items) if (item.indexOnly && ids.includes(item.id)) result.reindexed.push({ id: item.id, relPath: item.relPath, planId: manifest.planId });
    }
    await journal({ op: 'commit', at: at(), planId: restoreId });
  } catch (error) {
    const problems = await rollBack(steps);
    await appendJournal(stateDir, { op: 'rollback', at: at(), planId: restoreId, problems: problems.length });
    throw new MemoryError(`restore failed and was rolled back: ${error instanceof Error ? error.message : String(error)}${problems.length ? `\n${problems.join('\n')}` : ''}`, 'rolled-back');
  }
  for (const { manifest, ids } of selection) {
    const done = new Set([...result.restored.map((r) => r.id), ...result.reindexed.map((r) => r.id), ...result.alreadyInPlace]);
    for (const item of manifest.items) if (ids.includes(item.id) && done.has(item.id)) item.restoredAt = at();
    await writeManifest(stateDir, manifest);
  }
  return result;
}

async function restoreIndex(stateDir: string, manifest: ArchiveManifest, ids: string[], restoreId: string, journal: (e: JournalEntry) => Promise<void>): Promise<number> {
  const index = manifest.index;
  if (!index) return 0;
  const lines = new Set(manifest.items.filter((i) => ids.includes(i.id)).flatMap((i) => i.indexLines));
  const removed = index.removed.filter((r) => lines.has(r.line));
  if (removed.length === 0) return 0;
  const current = await fsp.readFile(index.path).catch(() => undefined);
  const currentHash = current ? sha256Hex(current) : undefined;
  const whole = manifest.items.every((i) => i.restoredAt || ids.includes(i.id)) && removed.length === index.removed.length;
  const saved = path.join(planMetaDir(stateDir, manifest.storeId, manifest.planId), `${path.basename(index.path)}.before`);
  const savedBytes = whole && currentHash === index.after ? await fsp.readFile(saved).catch(() => undefined) : undefined;
  const next = savedBytes && sha256Hex(savedBytes) === index.before ? savedBytes : insertLines(current ?? Buffer.alloc(0), removed);
  if (!current) {
    await writeNewFile(index.path, next);
    return removed.length;
  }
  const preimage = path.join(planMetaDir(stateDir, manifest.storeId, manifest.planId), `${path.basename(index.path)}.${restoreId}`);
  await writeNewFile(preimage, current);
  await journal({ op: 'index', at: new Date().toISOString(), planId: restoreId, storeId: manifest.storeId, path: index.path, before: currentHash ?? '', after: sha256Hex(next), preimage });
  await rewritePreservingMtime(index.path, next);
  await journal({ op: 'index-done', at: new Date().toISOString(), planId: restoreId, storeId: manifest.storeId });
  return removed.length;
}

export interface PurgeResult {
  purged: { planId: string; storeId: string; files: number; bytes: number }[];
}

/** Deletes archived copies of plans executed more than `olderThanDays` ago: the only command that deletes anything. */
export async function purgeArchive(stateDir: string, olderThanDays: number, now: Date): Promise<PurgeResult> {
  const cutoff = now.getTime() - olderThanDays * 86_400_000;
  const result: PurgeResult = { purged: [] };
  for (const manifest of await readManifests(stateDir)) {
    if (!(Date.parse(manifest.executedAt) < cutoff)) continue;
    let files = 0;
    let bytes = 0;
    for (const item of manifest.items) {
      if (item.restoredAt || !isContainedRelPath(item.relPath)) continue;
      const file = path.join(planArchiveDir(stateDir, manifest.storeId, manifest.planId), ...item.relPath.split('/'));
      if (!(await exists(file))) continue;
      await appendJournal(stateDir, { op: 'purge', at: new Date().toISOString(), planId: manifest.planId, storeId: manifest.storeId, relPath: item.relPath, sha256: item.sha256 });
      await fsp.rm(file, { force: true });
      files++;
      bytes += item.bytes;
    }
    await fsp.rm(planArchiveDir(stateDir, manifest.storeId, manifest.planId), { recursive: true, force: true });
    result.purged.push({ planId: manifest.planId, storeId: manifest.storeId, files, bytes });
  }
  return result;
}
