import { createRule } from '../../create-rule.js';
import { lineSpan, memoryPath } from '../locate.js';

export const danglingIndexEntry = createRule({
  id: 'memory/dangling-index-entry',
  description: 'A MEMORY.md line that points to a memory file that does not exist (or lies outside the store)',
  defaultSeverity: 'warning',
  howToFix: 'Remove the MEMORY.md line, or bring the file back (`agentgov memory restore <id>` if agentgov archived it).',
  messages: {
    dangling: 'This index line points to {{target}}, which is not in the memory folder: Claude Code is told about a memory it cannot read. Remove the line or restore the file (`agentgov memory restore`).',
  },
  check({ workspace, report }) {
    for (const s of workspace.memory?.plan.stores ?? []) {
      const index = s.store.index;
      if (!index) continue;
      for (const entry of index.entries) {
        for (const target of entry.missing) {
          report({ file: memoryPath(s.store, index.relPath), span: lineSpan(index.text, entry.line), messageId: 'dangling', data: { target }, evidence: target });
        }
      }
    }
  },
});
