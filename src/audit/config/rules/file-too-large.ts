import { createRule } from '../../create-rule.js';
import { JSON_KINDS } from '../../../workspace/claude/sources.js';

export const fileTooLarge = createRule({
  id: 'config/file-too-large',
  description: 'A configuration file is larger than Claude Code (and agentgov) will read',
  defaultSeverity: 'error',
  howToFix: 'Move bulk content out of the file (separate files, `@import` only what every session needs) and drop accumulated one-off rules.',
  messages: {
    settings: 'This file is {{size}} bytes, over the {{limit}}-byte limit: Claude Code rejects settings files this large, and it was not audited.',
    markdown: 'This file is {{size}} bytes, over the {{limit}}-byte limit: Claude Code skips instruction files this large, and it was not audited.',
    other: 'This file is {{size}} bytes, over the {{limit}}-byte limit agentgov reads: it was not audited.',
  },
  check({ workspace, report }) {
    for (const file of workspace.files) {
      const problem = file.readProblems.find((p) => p.code === 'too-large');
      if (!problem) continue;
      const messageId = file.kind === 'settings' || file.kind === 'mcp' ? 'settings' : JSON_KINDS.has(file.kind) ? 'other' : 'markdown';
      report({ file, messageId, data: { size: problem.size ?? file.size, limit: problem.limit ?? 0 }, evidence: 'too-large' });
    }
  },
});
