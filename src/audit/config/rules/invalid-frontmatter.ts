import { createRule } from '../../create-rule.js';

/** Claude Code skips subagents whose frontmatter does not parse, and reads skills without their settings (reference §5). */
export const invalidFrontmatter = createRule({
  id: 'config/invalid-frontmatter',
  description: 'The YAML frontmatter of a skill, subagent, command, rule or instruction file does not parse',
  defaultSeverity: 'error',
  messages: {
    yaml: 'Invalid YAML frontmatter ({{detail}}): Claude Code may skip this file or ignore its settings. Fix the YAML.',
    unterminated: 'The frontmatter opens with `---` but never closes: add a closing `---` line.',
  },
  check({ workspace, report }) {
    for (const file of workspace.files) {
      const fm = file.frontmatter;
      const first = fm?.errors[0];
      if (!fm || !first) continue;
      report({
        file,
        messageId: fm.unterminated ? 'unterminated' : 'yaml',
        data: { detail: first.message },
        span: { start: first.position, end: first.position },
        evidence: fm.unterminated ? 'unterminated' : first.message,
      });
    }
  },
});
