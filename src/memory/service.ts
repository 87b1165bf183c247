import { allRules } from '../audit/registry.js';
import { loadPolicy } from '../policies/load-policy.js';
import { loadWorkspace } from '../workspace/load-workspace.js';
import { readTextFile } from '../workspace/read-file.js';
import type { Workspace } from '../workspace/types.js';
import type { ProgressSink } from '../progress.js';
import { executePlan, recoverInterrupted, withMemoryLock, type ExecResult, type ExecutablePlan } from './executor.js';
import { isContainedRelPath, MemoryError } from './fs-ops.js';
import { interruptedPlans, readJournal, type JournalEntry } from './journal.js';
import { writeMemoryLedger } from './ledger.js';
import { loadMemory, recordSeen, type LoadedMemoryWithLedger } from './load-memory.js';
import type { LoadedMemory, MemoryItem } from './model.js';
import { executableOf, parsePlanFile } from './plan-file.js';
import { planMemory, storeDigest, type MemoryPlan } from './plan.js';
import { findArchived, purgeArchive, restoreArchived, type PurgeResult, type RestoreResult } from './restore.js';
import { memorySettings, type MemorySettings } from './settings.js';

export interface MemoryOptions {
  root: string;
  home: string;
  /** `CLAUDE_CONFIG_DIR`: Claude Code's folder when it is not `<home>/.claude`. */
  claudeDir?: string | undefined;
  managedDir: string;
  policyPath?: string;
  stateDir: string;
  transcriptDirs?: string[];
  /** Scores are computed at this time (default now). */
  now?: Date;
  onProgress?: ProgressSink;
}

export interface MemoryRun {
  workspace: Workspace;
  settings: MemorySettings;
  memory: LoadedMemoryWithLedger;
}

/** Loads the policy, the workspace (for settings such as autoMemoryDirectory) and every memory store. Read-only. */
export async function openMemory(o: MemoryOptions, skipRecalls = false): Promise<MemoryRun> {
  const policy = await loadPolicy({ root: o.root, rules: allRules(), ...(o.policyPath ? { policyPath: o.policyPath } : {}) });
  const workspace = await loadWorkspace({ root: o.root, home: o.home, claudeDir: o.claudeDir, managedDir: o.managedDir, ignore: policy.ignore });
  const settings = memorySettings(policy);
  const memory = await loadMemory({ workspace, settings, now: o.now ?? new Date(), stateDir: o.stateDir, skipRecalls, ...(o.transcriptDirs ? { transcriptDirs: o.transcriptDirs } : {}), ...(o.onProgress ? { onProgress: o.onProgress } : {}) });
  const interrupted = interruptedPlans(await readJournal(o.stateDir));
  if (interrupted.length > 0) memory.notices.push(`memory: ${interrupted.length} interrupted operation(s) (${interrupted.map((p) => p.planId).join(', ')}); the next memory command rolls them back, or run \`agentgov memory recover\`.`);
  return { workspace, settings, memory };
}

export async function planFor(o: MemoryOptions): Promise<MemoryRun & { plan: MemoryPlan }> {
  const run = await openMemory(o);
  return { ...run, plan: planMemory(run.memory, run.settings) };
}

/** The item an argument names: a full id, a unique id prefix (8+ characters), or a path in one store. */
function resolveItem(memory: LoadedMemory, arg: string): MemoryItem {
  const items = memory.stores.flatMap((s) => s.items);
  const exact = items.find((i) => i.id === arg);
  if (exact) return exact;
  if (/^mem:[0-9a-f]{4,15}$/.test(arg)) {
    const matches = items.filter((i) => i.id.startsWith(arg));
    if (matches.length === 1 && matches[0]) return matches[0];
    if (matches.length > 1) throw new MemoryError(`${arg} matches ${matches.length} items; give more of the id.`, 'ambiguous-id');
  } else {
    if (!isContainedRelPath(arg)) throw new MemoryError(`${JSON.stringify(arg)} is outside every memory store; refused (give an item id from \`agentgov memory list\`).`, 'outside-store');
    const byPath = items.filter((i) => i.relPath === arg);
    if (byPath.length === 1 && byPath[0]) return byPath[0];
    if (byPath.length > 1) throw new MemoryError(`${arg} is in ${byPath.length} stores; give the item id instead.`, 'ambiguous-id');
  }
  throw new MemoryError(`no memory item ${JSON.stringify(arg)} (\`agentgov memory list\` shows the ids).`, 'not-found');
}

export interface PruneOptions {
  planFile?: string;
  /** The plan to execute (the one an audit reported); checked against the stores like a plan file. Default: a fresh plan. */
  plan?: ExecutablePlan;
  force?: boolean;
  onStep?: (entry: JournalEntry) => void | Promise<void>;
}

/** `prune --apply`: executes the plan in `planFile`, or a fresh one, under the lock. */
export async function applyPrune(o: MemoryOptions, p: PruneOptions): Promise<ExecResult & { recovered: string[] }> {
  return withMemoryLock(o.stateDir, 'memory prune --apply', async (recovered) => {
    const run = await openMemory(o);
    let plan;
    if (p.planFile) {
      const read = await readTextFile(p.planFile, 64 * 1024 * 1024);
      if (read.text === undefined) throw new MemoryError(`cannot read the plan ${p.planFile}`, 'invalid-plan');
      plan = parsePlanFile(read.text, p.planFile);
    } else plan = p.plan ?? executableOf(planMemory(run.memory, run.settings));
    await writeMemoryLedger(o.stateDir, recordSeen(run.memory));
    const result = await executePlan(plan, { stateDir: o.stateDir, settings: run.settings, memory: run.memory, ...(p.force ? { force: true } : {}), ...(p.onStep ? { onStep: p.onStep } : {}) });
    return { ...result, recovered };
  });
}

/** `forget <item>`: a journaled archive of one item (no fraction guard: the user named it). */
export async function forgetItem(o: MemoryOptions, arg: string, force = false): Promise<ExecResult & { recovered: string[] }> {
  return withMemoryLock(o.stateDir, 'memory forget', async (recovered) => {
    const run = await openMemory(o, true);
    const item = resolveItem(run.memory, arg);
    const store = run.memory.stores.find((s) => s.id === item.storeId);
    if (!store) throw new MemoryError(`no store for ${item.id}`, 'not-found');
    const planId = `forget-${run.memory.now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${item.id.slice(4, 10)}`;
    const plan = { planId, kind: 'forget' as const, stores: [{ storeId: store.id, digest: storeDigest(store), items: [{ id: item.id, relPath: item.relPath, sha256: item.sha256, reasons: ['forget'] }] }] };
    const result = await executePlan(plan, { stateDir: o.stateDir, settings: run.settings, memory: run.memory, force });
    return { ...result, recovered };
  });
}

export type LedgerChange = { pin: boolean } | { verify: boolean };

/** `pin` / `unpin` / `verify [--clear]`: changes agentgov's ledger only, never the memory file. */
export async function changeLedger(o: MemoryOptions, arg: string, change: LedgerChange): Promise<{ item: MemoryItem; previous: { pinned: boolean; lastVerified?: string }; recovered: string[] }> {
  return withMemoryLock(o.stateDir, 'memory ledger change', async (recovered) => {
    const run = await openMemory(o);
    const item = resolveItem(run.memory, arg);
    const entry = recordSeen(run.memory).items[item.id];
    if (!entry) throw new MemoryError(`no ledger entry for ${item.id}`, 'not-found');
    const previous = { pinned: entry.pinned, ...(entry.lastVerified ? { lastVerified: entry.lastVerified } : {}) };
    if ('pin' in change) entry.pinned = change.pin;
    else if (change.verify) entry.lastVerified = (o.now ?? new Date()).toISOString();
    else delete entry.lastVerified;
    await writeMemoryLedger(o.stateDir, run.memory.ledger);
    return { item, previous, recovered };
  });
}

export async function restore(o: MemoryOptions, target: string): Promise<RestoreResult & { recovered: string[] }> {
  return withMemoryLock(o.stateDir, 'memory restore', async (recovered) => {
    const selection = await findArchived(o.stateDir, target);
    return { ...(await restoreArchived(o.stateDir, selection)), recovered };
  });
}

export async function purge(o: MemoryOptions, olderThanDays: number): Promise<PurgeResult & { recovered: string[] }> {
  return withMemoryLock(o.stateDir, 'memory purge', async (recovered) => ({ ...(await purgeArchive(o.stateDir, olderThanDays, o.now ?? new Date())), recovered }));
}

export async function recover(o: MemoryOptions): Promise<string[]> {
  return withMemoryLock(o.stateDir, 'memory recover', async (recovered) => recovered.concat(await recoverInterrupted(o.stateDir)));
}
