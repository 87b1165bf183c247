import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { planArchiveDir, planMetaDir, writeManifest, type ArchiveManifest } from './archive.js';
import { exists, fileHash, MemoryError, moveFile, rewritePreservingMtime, writeNewFile } from './fs-ops.js';
import { activeSession, consolidationInProgress, recentChange } from './guards.js';
import { itemFile } from './read-store.js';
import { removeLines } from './index-edit.js';
import { appendJournal, interruptedPlans, readJournal, type JournalEntry } from './journal.js';
import { sha256Hex } from '../workspace/hash.js';
import { acquireLock, type HeldLock } from './lock.js';
import { lineGoes } from './index-budget.js';
import type { LoadedMemory, MemoryItem, MemoryStore } from './model.js';
import { storeDigest } from './plan.js';
import type { MemorySettings } from './settings.js';

/** An item a plan names, with the hash it had when the plan was made. */
export type Planned = { id: string; relPath: string; sha256: string };

/**
 * What to do: per store, the digest the plan was made against, the items to archive, and the items that only lose
 * their MEMORY.md lines (the index is over its target), with their hashes.
 */
export interface ExecutablePlan {
  planId: string;
  kind: 'prune' | 'forget';
  stores: { storeId: string; digest: string; items: (Planned & { reasons: string[] })[]; deindex?: Planned[] }[];
}

export interface ExecContext {
  stateDir: string;
  settings: MemorySettings;
  /** The stores as read under the lock this plan runs under: the plan is checked against them, not against its own past. */
  memory: LoadedMemory;
  /** Skip the guards: archive fraction, recent changes, Claude Code's consolidation lock, an active session. */
  force?: boolean;
  /** Called after each journal entry is durable and before its step runs (progress; crash tests). */
  onStep?: (entry: JournalEntry) => void | Promise<void>;
}

export interface ExecResult {
  planId: string;
  archived: { storeId: string; id: string; relPath: string; from: string; to: string }[];
  /** Items that stay but lost their MEMORY.md lines. */
  deindexed: { storeId: string; id: string; relPath: string }[];
  indexLinesRemoved: number;
  notices: string[];
}

/** Runs `fn` under the memory lock, after finishing (rolling back) any plan a crash interrupted. */
export async function withMemoryLock<T>(stateDir: string, command: string, fn: (notices: string[]) => Promise<T>): Promise<T> {
  const lock: HeldLock = await acquireLock(stateDir, command);
  try {
    const notices = lock.tookOver ? [`memory: ${lock.tookOver}.`] : [];
    notices.push(...(await recoverInterrupted(stateDir)));
    return await fn(notices);
  } finally {
    await lock.release();
  }
}

/**
 * Archives the plan's items: checks the stores against the plan (digest, hashes), the guards (fraction, recent
 * changes), then, journaling each step before doing it, removes the items' index lines (atomic rewrite) and moves the
 * files into the archive (hash verified). Any failure rolls every step back; a crash is rolled back by the next
 * command. The caller holds the lock ({@link withMemoryLock}).
 */
export async function executePlan(plan: ExecutablePlan, ctx: ExecContext): Promise<ExecResult> {
  const targets = plan.stores.filter((s) => s.items.length > 0 || (s.deindex?.length ?? 0) > 0).map((s) => ({ spec: s, ...checkStore(s, ctx.memory, plan, ctx) }));
  const result: ExecResult = { planId: plan.planId, archived: [], deindexed: [], indexLinesRemoved: 0, notices: [] };
  if (targets.length === 0) return result;
  const session = ctx.force ? undefined : activeSession(ctx.memory.transcriptDirs, ctx.settings.activeSessionMinutes, Date.now());
  if (session) throw new MemoryError(session, 'session');
  const steps: JournalEntry[] = [];
  const journal = async (entry: JournalEntry) => {
    await appendJournal(ctx.stateDir, entry);
    if (entry.op === 'index' || entry.op === 'move') steps.push(entry);
    await ctx.onStep?.(entry);
  };
  const at = () => new Date().toISOString();
  await journal({ op: 'begin', at: at(), planId: plan.planId, kind: plan.kind });
  const manifests: ArchiveManifest[] = [];
  try {
    for (const { spec, store, byId } of targets) {
      const manifest: ArchiveManifest = { version: 1, planId: plan.planId, kind: plan.kind, executedAt: at(), storeId: store.id, storeRoot: store.root, items: [] };
      const ids = new Set([...spec.items, ...(spec.deindex ?? [])].map((i) => i.id));
      const index = store.index;
      const lines = new Map((index?.entries ?? []).filter((e) => lineGoes(store, e, ids)).map((e) => [e.line, e.text]));
      if (index && lines.size > 0) {
        const raw = await fsp.readFile(index.absPath);
        if (sha256Hex(raw) !== index.sha256) throw new MemoryError(`${index.absPath} changed while the plan ran; nothing was archived`, 'store-changed');
        const edit = removeLines(raw, new Set(lines.keys()), lines);
        const preimage = path.join(planMetaDir(ctx.stateDir, store.id, plan.planId), `${index.relPath}.before`);
        await writeNewFile(preimage, raw);
        const after = sha256Hex(edit.bytes);
        await journal({ op: 'index', at: at(), planId: plan.planId, storeId: store.id, path: index.absPath, before: index.sha256, after, preimage });
        await rewritePreservingMtime(index.absPath, edit.bytes);
        await journal({ op: 'index-done', at: at(), planId: plan.planId, storeId: store.id });
        manifest.index = { path: index.absPath, before: index.sha256, after, removed: edit.removed };
        result.indexLinesRemoved += edit.removed.length;
      }
      for (const planned of spec.deindex ?? []) {
        const item = byId.get(planned.id);
        if (!item) continue;
        manifest.items.push({ id: item.id, relPath: item.relPath, sha256: item.sha256, bytes: item.bytes, reasons: ['index-over-budget'], indexLines: [...item.indexLines], indexOnly: true });
        result.deindexed.push({ storeId: store.id, id: item.id, relPath: item.relPath });
      }
      for (const planned of spec.items) {
        const item = byId.get(planned.id);
        if (!item) continue;
        const from = itemFile(store, item);
        const to = path.join(planArchiveDir(ctx.stateDir, store.id, plan.planId), ...item.relPath.split('/'));
        await journal({ op: 'move', at: at(), planId: plan.planId, storeId: store.id, itemId: item.id, from, to, sha256: item.sha256 });
        await moveFile(from, to, item.sha256);
        await journal({ op: 'move-done', at: at(), planId: plan.planId, itemId: item.id });
        manifest.items.push({ id: item.id, relPath: item.relPath, sha256: item.sha256, bytes: item.bytes, reasons: planned.reasons, indexLines: [...item.indexLines] });
        result.archived.push({ storeId: store.id, id: item.id, relPath: item.relPath, from, to });
      }
      manifests.push(manifest);
    }
    for (const manifest of manifests) await writeManifest(ctx.stateDir, manifest);
    await journal({ op: 'commit', at: at(), planId: plan.planId });
    return result;
  } catch (error) {
    const problems = await rollBack(steps);
    await appendJournal(ctx.stateDir, { op: 'rollback', at: at(), planId: plan.planId, problems: problems.length });
    const detail = error instanceof Error ? error.message : String(error);
    throw new MemoryError(`${plan.kind} ${plan.planId} failed and was rolled back: ${detail}${problems.length ? `\n${problems.join('\n')}` : ''}`, 'rolled-back');
  }
}

/** The store the plan names, checked against it (digest, each item's path and hash) and against the guards. */
function checkStore(spec: ExecutablePlan['stores'][number], memory: LoadedMemory, plan: ExecutablePlan, ctx: ExecContext): { store: MemoryStore; byId: Map<string, MemoryItem> } {
  const store = memory.stores.find((s) => s.id === spec.storeId);
  if (!store?.exists) throw new MemoryError(`store ${spec.storeId} of plan ${plan.planId} is not there any more; run \`agentgov memory plan\` again.`, 'store-changed');
  if (storeDigest(store) !== spec.digest) throw new MemoryError(`store ${store.displayRoot} changed since plan ${plan.planId} was made; run \`agentgov memory plan\` again.`, 'store-changed');
  const byId = new Map(store.items.map((i) => [i.id, i]));
  for (const planned of [...spec.items, ...(spec.deindex ?? [])]) {
    const item = byId.get(planned.id);
    if (!item || item.relPath !== planned.relPath || item.sha256 !== planned.sha256) throw new MemoryError(`${planned.relPath} in ${store.displayRoot} is not what plan ${plan.planId} recorded; run \`agentgov memory plan\` again.`, 'store-changed');
  }
  if (ctx.force) return { store, byId };
  const fraction = spec.items.length / Math.max(1, store.items.length);
  if (plan.kind === 'prune' && fraction > ctx.settings.maxArchiveFraction) {
    throw new MemoryError(`plan ${plan.planId} would archive ${spec.items.length} of ${store.items.length} items of ${store.displayRoot}, more than memory.safety.maxArchiveFraction (${ctx.settings.maxArchiveFraction}); use --force if that is intended.`, 'fraction');
  }
  const now = Date.now();
  const consolidating = consolidationInProgress(store, now);
  if (consolidating) throw new MemoryError(consolidating, 'consolidating');
  const busy = recentChange(store, ctx.settings.quietMinutes, now);
  if (busy) throw new MemoryError(busy, 'busy');
  return { store, byId };
}

/** Undoes journaled steps, newest first, so that every file is back where it was. Returns what could not be undone. */
export async function rollBack(steps: readonly JournalEntry[]): Promise<string[]> {
  const problems: string[] = [];
  for (const step of [...steps].reverse()) {
    try {
      if (step.op === 'move') await undoMove(step, problems);
      else if (step.op === 'index') await undoIndex(step, problems);
    } catch (error) {
      const what = step.op === 'move' ? step.from : step.op === 'index' ? step.path : step.planId;
      problems.push(`could not undo ${step.op} of ${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return problems;
}

async function undoMove(step: Extract<JournalEntry, { op: 'move' }>, problems: string[]): Promise<void> {
  const [fromHash, toHash] = await Promise.all([fileHash(step.from), fileHash(step.to)]);
  if (toHash === step.sha256 && fromHash === step.sha256) await fsp.unlink(step.to);
  else if (toHash === step.sha256 && !(await exists(step.from))) await moveFile(step.to, step.from, step.sha256);
  else if (toHash === undefined && (await exists(step.from))) return; // never moved (the source may have changed since)
  else if (fromHash !== step.sha256) problems.push(`${step.from}: not in place and not in the archive as recorded (archive copy: ${step.to})`);
}

async function undoIndex(step: Extract<JournalEntry, { op: 'index' }>, problems: string[]): Promise<void> {
  await removeTempFiles(step.path);
  const current = await fileHash(step.path);
  if (current === step.before) {
    await fsp.rm(step.preimage, { force: true });
    return;
  }
  if (current !== step.after) {
    problems.push(`${step.path} changed after agentgov edited it; its earlier version is kept at ${step.preimage}`);
    return;
  }
  const preimage = await fsp.readFile(step.preimage);
  if (sha256Hex(preimage) !== step.before) {
    problems.push(`the saved copy ${step.preimage} does not match ${step.path} as it was; the file was left as it is`);
    return;
  }
  await rewritePreservingMtime(step.path, preimage);
  await fsp.rm(step.preimage, { force: true });
}

/** Rolls back every plan the journal shows as begun but neither committed nor rolled back (a crash). */
export async function recoverInterrupted(stateDir: string): Promise<string[]> {
  const notices: string[] = [];
  for (const { planId, steps } of interruptedPlans(await readJournal(stateDir))) {
    const problems = await rollBack(steps.filter((s) => s.op === 'index' || s.op === 'move'));
    await appendJournal(stateDir, { op: 'rollback', at: new Date().toISOString(), planId, problems: problems.length });
    notices.push(`memory: ${planId} was interrupted; it was rolled back${problems.length ? ` with problems:\n  ${problems.join('\n  ')}` : ', every file is in place'}.`);
  }
  return notices;
}

/** Temp files a crash in {@link rewritePreservingMtime} can leave beside the file. */
async function removeTempFiles(file: string): Promise<void> {
  const dir = path.dirname(file);
  const prefix = `.${path.basename(file)}.agentgov-`;
  for (const name of await fsp.readdir(dir).catch(() => [] as string[])) {
    if (name.startsWith(prefix) && name.endsWith('.tmp')) await fsp.rm(path.join(dir, name), { force: true });
  }
}
