import { createRule } from '../../create-rule.js';
import { memoryPath } from '../locate.js';

export const orphanMemory = createRule({
  id: 'memory/orphan-memory',
  description: 'A memory topic file that no MEMORY.md line points to',
  defaultSeverity: 'info',
  howToFix: 'Add a MEMORY.md line for it, or archive it with `agentgov memory forget <id>`.',
  messages: {
    orphan: 'No line of {{index}} points to this memory, so it is not announced at the start of a session (Claude Code may still find it by name). Add an index line, or forget it (`agentgov memory forget {{id}}`).',
    noIndex: 'This memory folder has no MEMORY.md, so nothing announces this memory at the start of a session. Add an index, or forget it (`agentgov memory forget {{id}}`).',
  },
  check({ workspace, report }) {
    for (const s of workspace.memory?.plan.stores ?? []) {
      // Claude Code's own stores always have an index; a policy glob store only when it has a MEMORY.md.
      if (!s.store.index && s.store.kind === 'policy-glob') continue;
      for (const item of s.store.items) {
        if (item.indexLines.length > 0) continue;
        report({ file: memoryPath(s.store, item.relPath), messageId: s.store.index ? 'orphan' : 'noIndex', data: { index: 'MEMORY.md', id: item.id }, evidence: item.id });
      }
    }
  },
});
