import { extensionsPolicyOf } from '../../../policies/extensions-policy.js';
import { createRule } from '../../create-rule.js';
import { mcpVerdictOf } from '../mcp-policy.js';
import { inventoryOf, reportExtension } from '../report-at.js';

export const mcpServerNotAllowed = createRule({
  id: 'extensions/mcp-server-not-allowed',
  description: 'An MCP server the policy blocks (extensions.mcp.block) or does not allow (extensions.mcp.allow), matched by name, exact command or URL pattern',
  defaultSeverity: 'error',
  howToFix: 'Remove the server, or add it to `extensions.mcp.allow` in the policy after reviewing it.',
  messages: {
    blocked: 'MCP server "{{name}}" ({{tier}} tier) matches entry {{entry}} of extensions.mcp.block (by {{by}}): the policy forbids it. Remove it from {{file}}.',
    'not-allowed': 'MCP server "{{name}}" ({{tier}} tier) matches no entry of extensions.mcp.allow{{needs}}: only listed servers may be configured. Remove it, or have it added to the allow list.',
  },
  check(context) {
    const { mcp } = extensionsPolicyOf(context.policy);
    if (mcp.allow === undefined && mcp.block.length === 0) return;
    for (const ext of inventoryOf(context.workspace).extensions) {
      if (ext.kind !== 'mcp-server') continue;
      const verdict = mcpVerdictOf(ext, mcp);
      if (verdict?.verdict === 'blocked') reportExtension(context, ext, 'blocked', { entry: verdict.entry, by: verdict.by, file: ext.file.path });
      else if (verdict) reportExtension(context, ext, 'not-allowed', { needs: verdict.needs === 'any' ? '' : ` (a ${verdict.needs} entry is required once the list has one)` });
    }
  },
});
