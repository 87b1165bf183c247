import { createRule } from '../../create-rule.js';
import { decisions, memoryPath } from '../locate.js';

export const expiredMemory = createRule({
  id: 'memory/expired-memory',
  description: 'A memory whose `expires:` date has passed, or whose `expires:` is not a date (then it is ignored)',
  defaultSeverity: 'warning',
  howToFix: 'Archive it (`agentgov memory prune --apply` or `agentgov memory forget <id>`), or move the `expires:` date if it still holds.',
  messages: {
    expired: 'This memory says `expires: {{expires}}`, and that day has passed: Claude Code still loads it. Archive it (`agentgov memory forget {{id}}`) or move the date.',
    invalid: '`expires: {{value}}` is not a date (write YYYY-MM-DD): it is ignored, and the memory never expires.',
  },
  check({ workspace, report }) {
    for (const { store, d } of decisions(workspace)) {
      const file = memoryPath(store, d.item.relPath);
      if (d.expired && d.item.expires) report({ file, messageId: 'expired', data: { expires: d.item.expires, id: d.item.id }, evidence: d.item.id });
      if (d.item.invalidExpires !== undefined) report({ file, messageId: 'invalid', data: { value: d.item.invalidExpires }, evidence: d.item.id, downgrade: true });
    }
  },
});
