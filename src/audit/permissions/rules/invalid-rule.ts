import { createRule } from '../../create-rule.js';
import { analysisOf, reportRule } from '../analysis.js';

export const invalidRule = createRule({
  id: 'permissions/invalid-rule',
  description: 'A permission rule Claude Code cannot read: bad syntax, an unknown or legacy tool name, a malformed domain or MCP name',
  defaultSeverity: 'error',
  howToFix: 'Write the rule in a documented form: `Tool` or `Tool(specifier)` with a known tool name.',
  messages: {
    empty: 'An empty rule: Claude Code skips it. Remove it.',
    syntax: '`{{rule}}` is not valid rule syntax: Claude Code skips it. Write `Tool` or `Tool(specifier)` with balanced parentheses.',
    'empty-specifier': '`{{rule}}` has empty parentheses: Claude Code rejects it. Write the bare tool name to match every use, or put a pattern inside.',
    'bad-tool-name': '`{{rule}}` does not start with a tool name (UI labels such as "Stop Task" are not tool names): the rule never matches. Use the canonical name, e.g. `TaskStop`.',
    'unknown-tool': '`{{tool}}` is not a Claude Code tool (v{{version}}): the rule never matches. Check the spelling against the tool list, e.g. `Bash`, `Read`, `Edit`, `WebFetch`.',
    'legacy-tool': '`{{tool}}` is a legacy tool name: write `{{suggestion}}` instead.',
    'bad-domain': '`{{rule}}`: WebFetch rules take `domain:<host>`; a URL or other text never matches. Write `WebFetch(domain:example.com)`.',
    'bad-mcp-name': '`{{rule}}` is not a valid MCP rule: write `mcp__<server>`, `mcp__<server>__<tool>` or `mcp__<server>__*`.',
  },
  check(context) {
    const { effective, behaviour } = analysisOf(context.workspace, context.policy);
    for (const r of effective.rules) {
      const issue = r.rule.issues.find((i) => i.kind === 'invalid');
      if (!issue) continue;
      reportRule(context, r, issue.code, { tool: r.rule.tool, version: behaviour.version, suggestion: issue.suggestion ?? '' });
    }
  },
});
