import { createRule } from '../../create-rule.js';

/**
 * Claude Code catches a frontmatter parse error, logs a warning and goes on with an empty frontmatter: a subagent then
 * has no name and is skipped; a skill or command loads without its description, allowed-tools or model (reference §5,
 * measured on 2.1.232 by users). Values its loader repairs (unquoted `: ` in a description) are not reported.
 */
export const invalidFrontmatter = createRule({
  id: 'config/invalid-frontmatter',
  description: 'The YAML frontmatter of a skill, subagent, command, rule or instruction file does not parse',
  defaultSeverity: 'error',
  howToFix: 'Fix the YAML at the reported position: quote the value or use a block scalar (`description: >-`).',
  messages: {
    yaml: 'Invalid YAML frontmatter ({{detail}}): Claude Code ignores all of it (a subagent is then not loaded; a skill or command loses its description, allowed-tools and model). Quote the value or fix the YAML.',
    unterminated: 'The frontmatter opens with `---` but never closes: Claude Code reads the whole file as text. Add a closing `---` line at the start of a line.',
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
