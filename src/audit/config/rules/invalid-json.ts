import { createRule } from '../../create-rule.js';

/** Claude Code parses settings strictly and ignores a whole file that is not JSON (reference §1.1, §1.4). */
export const invalidJson = createRule({
  id: 'config/invalid-json',
  description: 'A JSON configuration file is not strict JSON, so Claude Code ignores all of it',
  defaultSeverity: 'error',
  howToFix: 'Remove the trailing comma or comment (or fix the syntax error) at the reported position so the file is strict JSON.',
  messages: {
    syntax: 'Not valid JSON ({{detail}}): Claude Code ignores this whole file. Fix the syntax at this position.',
    comment: 'Comments are not allowed in JSON: Claude Code ignores this whole file. Remove the comment.',
    'trailing-comma': 'Trailing comma: Claude Code ignores this whole file. Remove the comma.',
    empty: 'The file is empty: it is not valid JSON. Write `{}` or delete the file.',
    bom: 'The file starts with a UTF-8 byte-order mark, which strict JSON parsers reject. Save it as UTF-8 without BOM.',
  },
  check({ workspace, report }) {
    for (const file of workspace.files) {
      if (!file.json) continue;
      if (file.readProblems.some((p) => p.code === 'bom')) {
        report({ file, messageId: 'bom', span: file.json.lines.span(0, 0), evidence: 'bom' });
      }
      const first = file.json.errors[0];
      // Only the first syntax error: later ones are usually consequences of it.
      if (first) {
        report({
          file,
          messageId: first.code,
          data: { detail: first.detail },
          span: { start: first.position, end: first.position },
          evidence: `${first.code}:${first.detail}`,
        });
      }
    }
  },
});
