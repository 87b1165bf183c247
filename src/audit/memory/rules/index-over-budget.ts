import { createRule } from '../../create-rule.js';
import { lineSpan, memoryPath } from '../locate.js';

export const indexOverBudget = createRule({
  id: 'memory/index-over-budget',
  description: "MEMORY.md is longer than Claude Code loads (200 lines or 25 KB after stripping): the lines past the limit are silently never seen",
  defaultSeverity: 'warning',
  howToFix: 'Archive stale memories (`agentgov memory prune --apply`) and move detail out of MEMORY.md into topic files.',
  messages: {
    over: 'Claude Code loads only the first {{maxLines}} lines or {{maxBytes}} bytes of MEMORY.md (frontmatter and HTML comments not counted): from this line on, {{unseen}} index entries are never seen. Merge or drop stale entries, or archive stale memories with `agentgov memory prune`.',
  },
  check({ workspace, report }) {
    const limit = workspace.memory?.settings.index;
    for (const s of workspace.memory?.plan.stores ?? []) {
      const index = s.store.index;
      if (!index?.firstUnloadedLine || !limit) continue;
      const unseen = index.entries.filter((e) => !e.withinBudget).length;
      report({ file: memoryPath(s.store, index.relPath), span: lineSpan(index.text, index.firstUnloadedLine), messageId: 'over', data: { maxLines: limit.lines, maxBytes: limit.bytes, unseen }, evidence: 'over-budget' });
    }
  },
});
