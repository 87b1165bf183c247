import { fromPointer } from '../../../workspace/json-pointer.js';
import { LOCK_FILE_NAME } from '../../../workspace/prompts/build-prompt-set.js';
import type { ExtensionChange } from '../../../lock/diff-lock.js';
import { createRule } from '../../create-rule.js';
import { lockStateOf } from '../../prompts/lock-state.js';
import { reportAt } from '../report-at.js';

const LABELS: Record<string, string> = { 'mcp-server': 'MCP server', hook: 'hook', plugin: 'plugin', marketplace: 'marketplace', 'plugin-manifest': 'manifest' };

/** `MCP server "github"`, `hook PreToolUse[0].hooks[1]`, `manifest .claude-plugin/plugin.json`: names and paths, never values. */
function describe(change: ExtensionChange): { label: string; name: string } {
  const label = LABELS[change.kind] ?? change.kind;
  const hash = change.entry.indexOf('#');
  if (hash < 0) return { label, name: change.entry };
  const path = fromPointer(change.entry.slice(hash + 1));
  if (change.kind === 'hook' && path.length === 5) return { label, name: `${path[1]}[${path[2]}].hooks[${path[4]}]` };
  return { label, name: path[path.length - 1] ?? change.entry };
}

/**
 * The lock records every project MCP server's launch configuration, every hook's handler and script, and the plugin
 * manifests. A difference is a change nobody re-locked: the MCP "rug pull" (a server swapped for another command,
 * package or URL after review) shows up here, as does a hook script edited behind its unchanged command.
 */
export const integrityMismatch = createRule({
  id: 'extensions/integrity-mismatch',
  description: 'A project MCP server, hook (or its script) or plugin manifest differs from agentgov.lock.json, or was added or removed since',
  defaultSeverity: 'warning',
  howToFix: "Review what changed in the server, hook or manifest, then run `agentgov lock` to record it.",
  messages: {
    changed: '{{label}} "{{name}}" changed since {{lock}} ({{fields}}). Review the change (a server or hook that changes after review is how a "rug pull" lands), then run `agentgov lock`.',
    missing: '{{label}} "{{name}}" is not in {{lock}}: it was added since the lock was written. Review it, then run `agentgov lock`.',
    extra: '{{lock}} records {{label}} "{{name}}" ({{key}}), which is gone. Run `agentgov lock` to record the removal.',
  },
  check(context) {
    const { workspace } = context;
    if (!workspace.prompts) return;
    const state = lockStateOf(workspace.prompts);
    if (!state.recorded || !state.diff) return;
    const lock = LOCK_FILE_NAME;
    for (const change of state.diff.extensions) {
      const { label, name } = describe(change);
      const [path = change.entry, pointer] = change.entry.split(/#(.*)/s);
      const file = workspace.files.find((f) => f.path === path);
      const data = { lock, label, name, kind: change.kind, key: change.entry, ...(change.fields ? { fields: change.fields.join(', ') } : {}) };
      const evidence = `${change.key} ${change.change}`;
      if (file && change.change !== 'extra') reportAt(context, file, pointer ?? null, change.change, data, evidence);
      else context.report({ file: file ?? lock, messageId: change.change, data, evidence });
    }
  },
});
