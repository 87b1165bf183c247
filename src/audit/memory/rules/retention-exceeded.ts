import { createRule } from '../../create-rule.js';
import { decisions, memoryPath } from '../locate.js';

export const retentionExceeded = createRule({
  id: 'memory/retention-exceeded',
  description: 'A memory older than memory.maxAgeDays, or a store with more items than memory.maxItems',
  defaultSeverity: 'warning',
  howToFix: 'Archive the items past the limits with `agentgov memory prune --apply`, or raise the limit in the policy.',
  messages: {
    tooOld: 'Not modified, verified or recalled for {{days}} days, more than memory.maxAgeDays ({{max}}){{kept}}.',
    tooMany: 'This store holds {{count}} memories, more than memory.maxItems ({{max}}): `agentgov memory plan` shows which would be archived.',
  },
  check({ workspace, report }) {
    const settings = workspace.memory?.settings;
    if (!settings) return;
    const max = settings.maxAgeDays;
    if (max !== undefined) {
      for (const { store, d } of decisions(workspace)) {
        if (!d.archive.includes('max-age')) continue;
        const kept = d.keep.length > 0 ? ` (kept anyway: ${d.keep.join(', ')})` : '';
        report({ file: memoryPath(store, d.item.relPath), messageId: 'tooOld', data: { days: Math.floor(d.score.deltaDays), max, kept }, evidence: d.item.id, downgrade: d.keep.length > 0 });
      }
    }
    if (settings.maxItems === undefined) return;
    for (const s of workspace.memory?.plan.stores ?? []) {
      if (s.store.items.length <= settings.maxItems) continue;
      report({ file: s.store.index ? memoryPath(s.store, s.store.index.relPath) : s.store.displayRoot, messageId: 'tooMany', data: { count: s.store.items.length, max: settings.maxItems }, evidence: s.store.id });
    }
  },
});
