import { extensionsPolicyOf } from '../../../policies/extensions-policy.js';
import { settingsLayers } from '../../../policies/effective/effective-permissions.js';
import { behaviourFor } from '../../../policies/permission-rules/index.js';
import { createRule } from '../../create-rule.js';
import { exceedancesOf, type CeilingContext } from '../ceilings.js';
import { inventoryOf, reportExtension } from '../report-at.js';

export const tierCeilingExceeded = createRule({
  id: 'extensions/tier-ceiling-exceeded',
  description: 'An extension grants tools, runs shell, sets a permission mode, hooks or MCP servers beyond what its trust tier may (extensions.ceilings)',
  defaultSeverity: 'warning',
  howToFix: 'Narrow the extension\'s `allowed-tools` or mode to its tier\'s ceiling, or pin it to a more trusted tier after review.',
  messages: {
    tool: '{{kind}} "{{name}}" ({{tier}} tier) pre-approves `{{grant}}` through `{{field}}`, beyond what the {{tier}} tier may grant (extensions.ceilings.{{tier}}.tools). Narrow it to what the extension needs, or move the extension to a more trusted tier.',
    'all-tools': 'Subagent "{{name}}" ({{tier}} tier) runs in `{{mode}}` without a `tools` list, so it may use every tool without asking, beyond what the {{tier}} tier may grant. List the tools it needs.',
    'shell-hook': 'Hook {{name}} ({{tier}} tier) runs a shell command on {{event}}, but the {{tier}} tier may not run shell (extensions.ceilings.{{tier}}.shell).',
    'shell-inline': '{{kind}} "{{name}}" ({{tier}} tier) runs shell when invoked (!`…` in its body), but the {{tier}} tier may not run shell (extensions.ceilings.{{tier}}.shell).',
    'shell-helper': 'MCP server "{{name}}" ({{tier}} tier) runs a `headersHelper` shell command, but the {{tier}} tier may not run shell (extensions.ceilings.{{tier}}.shell).',
    'permission-mode': 'Subagent "{{name}}" ({{tier}} tier) sets `permissionMode: {{mode}}`, which approves tool calls without asking; the {{tier}} tier may not set it (extensions.ceilings.{{tier}}.permissionMode).',
    hooks: '{{kind}} "{{name}}" ({{tier}} tier) declares hooks in its frontmatter, but the {{tier}} tier may not (extensions.ceilings.{{tier}}.hooks).',
    'mcp-servers': 'Subagent "{{name}}" ({{tier}} tier) declares MCP servers in its frontmatter, but the {{tier}} tier may not (extensions.ceilings.{{tier}}.mcpServers).',
  },
  check(context) {
    const { ceilings } = extensionsPolicyOf(context.policy);
    const { root, home } = context.workspace;
    const shellSetting = settingsLayers(context.workspace).find((l) => typeof l.value.disableSkillShellExecution === 'boolean');
    const ctx: CeilingContext = { bases: { cwd: root, home, source: root }, behaviour: behaviourFor(context.policy.claudeVersion), skillShellDisabled: shellSetting?.value.disableSkillShellExecution === true };
    for (const ext of inventoryOf(context.workspace).extensions) {
      if (!context.reportsOn(ext.file.path)) continue;
      for (const x of exceedancesOf(ext, ceilings[ext.tier], ctx)) reportExtension(context, ext, x.messageId, x.data, x.sub, `${ext.kind}:${ext.name}:${x.evidence}`, x.at);
    }
  },
});
