import { createRule } from '../../create-rule.js';
import { decisions, memoryPath } from '../locate.js';

const REASONS: Record<string, string> = { decayed: 'decayed', expired: 'expired', 'max-age': 'older than memory.maxAgeDays', 'max-items': 'over memory.maxItems' };

export const pruneCandidate = createRule({
  id: 'memory/prune-candidate',
  description: 'A memory that the retention plan would archive (decayed, expired, or past a retention limit) and no keep rule protects',
  defaultSeverity: 'warning',
  howToFix: 'Review `agentgov memory plan`, then `agentgov memory prune --apply`; keep an item with `agentgov memory pin <id>` or `verify <id>`.',
  messages: {
    archive: 'This {{type}} memory would be archived by `agentgov memory prune --apply` ({{reasons}}; retention score {{r}}, {{days}} days since it was modified, verified or recalled). Pin it (`agentgov memory pin {{id}}`) or verify it to keep it.',
  },
  check({ workspace, report }) {
    for (const { store, d } of decisions(workspace)) {
      if (d.action !== 'archive') continue;
      report({
        file: memoryPath(store, d.item.relPath),
        messageId: 'archive',
        data: { type: d.item.type, reasons: d.archive.map((r) => REASONS[r] ?? r).join(', '), r: d.score.r.toFixed(2), days: Math.floor(d.score.deltaDays), id: d.item.id },
        evidence: d.item.id,
      });
    }
  },
});
