import { createRule } from '../../create-rule.js';
import { decisions, memoryPath } from '../locate.js';

export const staleMemory = createRule({
  id: 'memory/stale-memory',
  description: 'A memory not modified, verified or recalled for long enough that its retention score fell below the flag threshold',
  defaultSeverity: 'info',
  howToFix: 'If it is still true run `agentgov memory verify <id>`; if not, edit it or `agentgov memory forget <id>`.',
  messages: {
    stale: 'This {{type}} memory was last modified, verified or recalled {{days}} days ago (half-life {{halfLife}} days): its retention score {{r}} is below {{threshold}}. Check it is still true and run `agentgov memory verify {{id}}`, or forget it.',
  },
  check({ workspace, report }) {
    const settings = workspace.memory?.settings;
    for (const { store, d } of decisions(workspace)) {
      if (d.action !== 'flag') continue;
      report({
        file: memoryPath(store, d.item.relPath),
        messageId: 'stale',
        data: { type: d.item.type, days: Math.floor(d.score.deltaDays), halfLife: Math.round(d.score.effectiveHalfLifeDays), r: d.score.r.toFixed(2), threshold: settings?.flagBelow ?? 0.5, id: d.item.id },
        evidence: d.item.id,
      });
    }
  },
});
