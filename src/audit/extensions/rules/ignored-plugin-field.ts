import { isPluginAgent, PLUGIN_AGENT_IGNORED_FIELDS } from '../../../workspace/extensions/frontmatter-extensions.js';
import { createRule } from '../../create-rule.js';
import { inventoryOf, reportExtension } from '../report-at.js';

export const ignoredPluginField = createRule({
  id: 'extensions/ignored-plugin-field',
  description: 'A plugin subagent sets `permissionMode`, `hooks` or `mcpServers`, which Claude Code ignores for plugin agents',
  defaultSeverity: 'warning',
  howToFix: 'Remove `permissionMode`, `hooks` and `mcpServers` from the plugin agent; Claude Code ignores them there.',
  messages: {
    ignored: 'Plugin subagent "{{name}}" sets `{{field}}`, which Claude Code ignores in plugin agents for security reasons: it misleads whoever reads the agent, and asks for more than a plugin may have. Remove it (a user or project copy of the agent may set it).',
  },
  check(context) {
    for (const ext of inventoryOf(context.workspace).extensions) {
      if (ext.kind !== 'subagent' || !isPluginAgent(ext)) continue;
      const data = ext.file.frontmatter?.data;
      if (!data) continue;
      for (const field of PLUGIN_AGENT_IGNORED_FIELDS) {
        if (data[field] !== undefined && data[field] !== null) reportExtension(context, ext, 'ignored', { field }, [field], `${ext.name}:${field}`);
      }
    }
  },
});
