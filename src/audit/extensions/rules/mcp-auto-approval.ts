import { createRule } from '../../create-rule.js';
import { toPointer } from '../../../workspace/json-pointer.js';
import { isCommittedProjectFile, reportAt } from '../report-at.js';


export const mcpAutoApproval = createRule({
  id: 'extensions/mcp-auto-approval',
  description: 'Settings that approve project MCP servers without asking (`enableAllProjectMcpServers`, committed `enabledMcpjsonServers`)',
  defaultSeverity: 'warning',
  howToFix: 'Remove the key from committed settings and let each person approve the servers they use.',
  messages: {
    'enable-all': '`enableAllProjectMcpServers: true` in {{scope}} settings approves every server any `.mcp.json` declares, including ones added later by anyone who can commit.',
    'self-approval': '`enabledMcpjsonServers` in a committed project file approves the repository\'s own MCP servers ({{servers}}) for every contributor once the folder is trusted.',
  },
  check(context) {
    for (const file of context.workspace.files) {
      if (file.kind !== 'settings') continue;
      const value = file.json?.value;
      if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
      const settings = value as Record<string, unknown>;
      if (settings.enableAllProjectMcpServers === true) reportAt(context, file, toPointer(['enableAllProjectMcpServers']), 'enable-all', { scope: file.scope });
      const enabled = settings.enabledMcpjsonServers;
      if (Array.isArray(enabled) && enabled.length > 0 && isCommittedProjectFile(file)) {
        const servers = enabled.filter((s): s is string => typeof s === 'string').join(', ');
        reportAt(context, file, toPointer(['enabledMcpjsonServers']), 'self-approval', { servers });
      }
    }
  },
});
