import { createRule } from '../../create-rule.js';
import { redact } from '../../../policies/catalogs/secrets.js';
import { behaviourFor } from '../../../policies/permission-rules/claude-version.js';
import { locate, type JsonDocument } from '../../../workspace/json-document.js';
import type { AuditComparison, ReportDescriptor } from '../../types.js';
import type { ClaudeBehaviour } from '../../../policies/permission-rules/claude-version.js';
import type { Workspace } from '../../../workspace/types.js';
import { diffConfigs } from '../config-diff.js';
import { replayHistory } from '../replay.js';
import { wideningsBetween } from '../widening.js';
import { commitRef, commitsInWindow } from '../window.js';

export const permissionWidened = createRule({
  id: 'history/permission-widened',
  description: 'A commit widened the effective permissions: a new allow not covered before, a removed deny or ask, or an escalated mode',
  defaultSeverity: 'warning',
  howToFix: 'Review the commit: narrow the new allow, or restore the removed deny or ask, unless the widening was meant.',
  messages: {
    'allow-added': '{{sha}} ({{author}}, {{date}}) added the allow `{{rule}}` in {{scope}} settings, which nothing allowed before. Review it: narrow it, or record it in the baseline with a reason.',
    'deny-removed': '{{sha}} ({{author}}, {{date}}) removed the deny `{{rule}}` from {{scope}} settings, and no remaining deny covers it. Restore it unless the removal was reviewed.',
    'ask-removed': '{{sha}} ({{author}}, {{date}}) removed the ask `{{rule}}` from {{scope}} settings: those calls no longer prompt. Restore it unless the removal was reviewed.',
    'mode-escalated': '{{sha}} ({{author}}, {{date}}) changed the starting mode from {{from}} to {{rule}}, which lets more through without asking.',
    'ci-allow-added': 'This change adds the allow `{{rule}}` in {{scope}} settings, which nothing on {{base}} allowed. Narrow it, or get it reviewed and accept it in the baseline.',
    'ci-deny-removed': 'This change removes the deny `{{rule}}` ({{scope}} settings) and nothing on the head still denies those calls.',
    'ci-ask-removed': 'This change removes the ask `{{rule}}` ({{scope}} settings): those calls no longer prompt.',
    'ci-mode-escalated': 'This change raises the starting mode from {{from}} to {{rule}}.',
    'ci-mcp-server': 'This change {{what}} the MCP server `{{rule}}` in {{file}}: it runs with the agent\'s tools. Review its command and pin its version.',
    'ci-hook': 'This change adds a hook in {{file}}: `{{rule}}`. Hooks run shell commands for everyone who opens the project.',
    'ci-extension': 'This change sets `{{rule}}` in {{file}} (plugins or marketplaces): review what it installs.',
    'ci-suppression': 'This change adds a suppression: {{rule}}. Suppressions hide findings; get it reviewed.',
  },
  check({ history, compare, workspace, policy, report }) {
    const behaviour = behaviourFor(policy.claudeVersion);
    if (compare) reportComparison({ compare, workspace, behaviour, report });
    if (!history) return;
    const { first, last } = commitsInWindow(history);
    if (first < 0) return;
    const replay = replayHistory(history.config, behaviour);
    for (let i = first; i <= last; i++) {
      const commit = history.config.history.commits[i];
      if (!commit) continue;
      for (const w of replay.wideningsOf(i)) {
        const file = workspace.files.find((f) => f.path === w.file);
        const descriptor: ReportDescriptor = {
          file: file ?? w.file,
          messageId: w.kind,
          data: { sha: commit.sha.slice(0, 12), author: commit.author, date: commit.date.slice(0, 10), rule: redact(w.rule), scope: w.scope, from: w.from ?? '' },
          evidence: `${commit.sha}\0${w.kind}\0${redact(w.rule)}`,
          commit: commitRef(commit),
        };
        // Point at the rule where it is today, when it is still there.
        const today = file?.json ? findRuleSpan(file.json, w.rule) : undefined;
        if (today) descriptor.span = today;
        report(descriptor);
      }
    }
  },
});

/** Per document, where each rule text first appears: list and index (allow, then ask, then deny). */
const ruleSpots = new WeakMap<JsonDocument, Map<string, [string, number]>>();

function findRuleSpan(doc: JsonDocument, rule: string) {
  let spots = ruleSpots.get(doc);
  if (!spots) {
    spots = new Map();
    const perms = (doc.value as { permissions?: Record<string, unknown> } | undefined)?.permissions;
    for (const list of ['allow', 'ask', 'deny']) {
      const entries = perms?.[list];
      if (!Array.isArray(entries)) continue;
      entries.forEach((e, i) => {
        if (typeof e === 'string' && !spots!.has(e.trim())) spots!.set(e.trim(), [list, i]);
      });
    }
    ruleSpots.set(doc, spots);
  }
  const spot = spots.get(rule.trim());
  return spot ? locate(doc, ['permissions', spot[0], spot[1]]) : undefined;
}

function reportComparison({ compare, workspace, behaviour, report }: { compare: AuditComparison; workspace: Workspace; behaviour: ClaudeBehaviour; report: (d: ReportDescriptor) => void }): void {
  const at = (path: string, evidence: string, messageId: string, data: Record<string, string>, pointer?: string, rule?: string) => {
    const file = workspace.files.find((f) => f.path === path);
    const descriptor: ReportDescriptor = { file: file ?? path, messageId, data: { base: compare.label, ...data }, evidence };
    const span = file?.json ? (rule ? findRuleSpan(file.json, rule) : pointer !== undefined ? locate(file.json, pointer) : undefined) : undefined;
    if (span) descriptor.span = span;
    if (pointer !== undefined) descriptor.pointer = pointer;
    report(descriptor);
  };
  for (const w of wideningsBetween(compare.base, workspace, behaviour)) {
    at(w.file, `ci\0${w.kind}\0${redact(w.rule)}`, `ci-${w.kind}`, { rule: redact(w.rule), scope: w.scope, from: w.from ?? '' }, w.kind === 'mode-escalated' ? w.pointer : undefined, w.kind === 'allow-added' ? w.rule : undefined);
  }
  for (const c of diffConfigs(compare.base, workspace)) {
    if (c.kind === 'mcp-server-added' || c.kind === 'mcp-server-changed') {
      at(c.file, `ci\0mcp\0${c.key}`, 'ci-mcp-server', { what: c.kind === 'mcp-server-added' ? 'adds' : 'changes', rule: c.key ?? '', file: c.file }, `/mcpServers/${c.key ?? ''}`);
    } else if (c.kind === 'hook-added') {
      at(c.file, `ci\0hook\0${c.rule}`, 'ci-hook', { rule: c.rule ?? '', file: c.file }, '/hooks');
    } else if (c.kind === 'key-changed' && (c.key === 'enabledPlugins' || c.key === 'extraKnownMarketplaces') && c.to !== undefined) {
      at(c.file, `ci\0ext\0${c.key}\0${c.to}`, 'ci-extension', { rule: `${c.key}: ${c.to}`, file: c.file }, `/${c.key}`);
    }
  }
  for (const s of compare.suppressions) at(s.file, `ci\0suppression\0${s.what}`, 'ci-suppression', { rule: s.what }, s.pointer);
}
