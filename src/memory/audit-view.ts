import type { ProgressSink } from '../progress.js';
import type { ResolvedPolicy } from '../policies/resolved-policy.js';
import type { Workspace } from '../workspace/types.js';
import { writeMemoryLedger } from './ledger.js';
import { loadMemory, recordSeen } from './load-memory.js';
import { acquireLock } from './lock.js';
import type { LoadedMemory } from './model.js';
import { planMemory, type MemoryPlan } from './plan.js';
import { memorySettings, type MemorySettings } from './settings.js';

/** What the memory auditor reads: the stores as loaded, the plan a prune would follow, and the settings. */
export interface MemoryView {
  memory: LoadedMemory;
  plan: MemoryPlan;
  settings: MemorySettings;
}

export interface MemoryViewOptions {
  now: Date;
  stateDir?: string;
  transcriptDirs?: string[];
  /** Record first-seen items and recalls in the ledger (the `audit` command does; under the memory lock, skipped when it is held). */
  record?: boolean;
  onProgress?: ProgressSink;
}

/** Loads the memory stores for an audit (before the auditors run: they never read the disk themselves). */
export async function loadMemoryView(ws: Workspace, policy: ResolvedPolicy, o: MemoryViewOptions): Promise<MemoryView> {
  const settings = memorySettings(policy);
  const memory = await loadMemory({ workspace: ws, settings, now: o.now, content: true, ...(o.stateDir ? { stateDir: o.stateDir } : {}), ...(o.transcriptDirs ? { transcriptDirs: o.transcriptDirs } : {}), ...(o.onProgress ? { onProgress: o.onProgress } : {}) });
  if (o.record && o.stateDir) {
    try {
      const lock = await acquireLock(o.stateDir, 'audit (memory ledger)');
      try {
        await writeMemoryLedger(o.stateDir, recordSeen(memory));
      } finally {
        await lock.release();
      }
    } catch (error) {
      memory.notices.push(`memory: recalls and first-seen dates were not recorded this time (${error instanceof Error ? error.message : String(error)}).`);
    }
  }
  return { memory, plan: planMemory(memory, settings), settings };
}
