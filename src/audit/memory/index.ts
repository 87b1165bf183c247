import type { Auditor } from '../types.js';
import { danglingIndexEntry } from './rules/dangling-index-entry.js';
import { expiredMemory } from './rules/expired-memory.js';
import { indexOverBudget } from './rules/index-over-budget.js';
import { orphanMemory } from './rules/orphan-memory.js';
import { pruneCandidate } from './rules/prune-candidate.js';
import { retentionExceeded } from './rules/retention-exceeded.js';
import { secretInMemory } from './rules/secret-in-memory.js';
import { staleMemory } from './rules/stale-memory.js';

/** Memory stores: decay, retention limits, the MEMORY.md index, secrets. Reads the loaded stores only. */
export const memoryAuditor: Auditor = {
  id: 'memory',
  description: 'Claude Code auto memory and other memory stores: stale and expired memories, the prune plan, the index, secrets',
  rules: [staleMemory, pruneCandidate, expiredMemory, retentionExceeded, indexOverBudget, danglingIndexEntry, orphanMemory, secretInMemory],
  metrics({ workspace }) {
    const plan = workspace.memory?.plan;
    if (!plan) return { available: false };
    const all = plan.stores.flatMap((s) => s.decisions);
    const count = (action: string) => all.filter((d) => d.action === action).length;
    return {
      available: true,
      planId: plan.planId,
      stores: plan.stores.map((s) => ({ id: s.store.id, name: s.store.name, root: s.store.displayRoot, items: s.store.items.length, archive: s.archiveCount, overFraction: s.overFraction })),
      items: all.length,
      archive: count('archive'),
      flag: count('flag'),
      deindex: all.filter((d) => d.deindex).length,
      keep: count('keep'),
      ok: count('ok'),
      archiveItems: all.filter((d) => d.action === 'archive').map((d) => ({ id: d.item.id, path: d.item.relPath, r: Math.round(d.score.r * 1000) / 1000, reasons: d.archive })),
    };
  },
};
