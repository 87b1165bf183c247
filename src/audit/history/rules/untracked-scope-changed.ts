import { createRule } from '../../create-rule.js';
import { behaviourFor } from '../../../policies/permission-rules/claude-version.js';
import { redact } from '../../../policies/catalogs/secrets.js';
import { workspaceOfSnapshot } from '../ledger-snapshot.js';
import { wideningsBetween } from '../widening.js';

export const untrackedScopeChanged = createRule({
  id: 'history/untracked-scope-changed',
  description: 'A scope git cannot see (user or managed settings, ~/.claude.json, an untracked settings.local.json) changed since the last audit',
  defaultSeverity: 'warning',
  howToFix: 'Check the named file: keep an intended change, narrow it if it is broader than needed, remove unwanted MCP servers.',
  messages: {
    widened: 'Since the last audit ({{since}}), {{what}} `{{rule}}` in {{file}} ({{scope}}), which git never sees. Check that the change was intended.',
    'mcp-server': 'Since the last audit ({{since}}), the MCP server `{{rule}}` in {{file}} was {{what}}.',
    changed: 'Since the last audit ({{since}}), {{file}} ({{scope}}) changed without widening permissions.',
    new: '{{file}} ({{scope}}) appeared since the last audit ({{since}}).',
  },
  check({ workspace, history, policy, report }) {
    const ledger = history?.ledger;
    if (!ledger?.previous) return;
    const { previous, current } = ledger;
    const since = previous.at.slice(0, 16).replace('T', ' ');
    const behaviour = behaviourFor(policy.claudeVersion);
    const widened = new Set<string>();
    const what = { 'allow-added': 'the allow was added:', 'deny-removed': 'the deny was removed:', 'ask-removed': 'the ask was removed:', 'mode-escalated': 'the starting mode became' } as const;
    for (const w of wideningsBetween(workspaceOfSnapshot(workspace, previous), workspaceOfSnapshot(workspace, current), behaviour)) {
      widened.add(w.file);
      report({ file: w.file, messageId: 'widened', data: { since, what: what[w.kind], rule: redact(w.rule), file: w.file, scope: w.scope }, evidence: `${previous.at}\0${w.kind}\0${redact(w.rule)}` });
    }
    for (const file of current.files) {
      const before = previous.files.find((f) => f.path === file.path);
      if (!before) {
        report({ file: file.path, messageId: 'new', data: { file: file.path, scope: file.scope, since }, evidence: `${previous.at}\0new`, downgrade: true });
        continue;
      }
      for (const [name, h] of Object.entries(file.mcpServers)) {
        const old = before.mcpServers[name];
        if (old !== h) report({ file: file.path, messageId: 'mcp-server', data: { since, rule: name, file: file.path, what: old === undefined ? 'added' : 'changed' }, evidence: `${previous.at}\0mcp\0${name}` });
      }
      if (before.hash !== file.hash && !widened.has(file.path)) report({ file: file.path, messageId: 'changed', data: { file: file.path, scope: file.scope, since }, evidence: `${previous.at}\0changed`, downgrade: true });
    }
  },
});
