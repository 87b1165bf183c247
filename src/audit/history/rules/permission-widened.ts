import { createRule } from '../../create-rule.js';
import { redact } from '../../../policies/catalogs/secrets.js';
import { behaviourFor } from '../../../policies/permission-rules/claude-version.js';
import { locate, type JsonDocument } from '../../../workspace/json-document.js';
import type { ReportDescriptor } from '../../types.js';
import { wideningsBetween } from '../widening.js';
import { commitRef, commitsInWindow } from '../window.js';

export const permissionWidened = createRule({
  id: 'history/permission-widened',
  description: 'A commit widened the effective permissions: a new allow not covered before, a removed deny or ask, or an escalated mode',
  defaultSeverity: 'warning',
  messages: {
    'allow-added': '{{sha}} ({{author}}, {{date}}) added the allow `{{rule}}` in {{scope}} settings, which nothing allowed before. Review it: narrow it, or record it in the baseline with a reason.',
    'deny-removed': '{{sha}} ({{author}}, {{date}}) removed the deny `{{rule}}` from {{scope}} settings, and no remaining deny covers it. Restore it unless the removal was reviewed.',
    'ask-removed': '{{sha}} ({{author}}, {{date}}) removed the ask `{{rule}}` from {{scope}} settings: those calls no longer prompt. Restore it unless the removal was reviewed.',
    'mode-escalated': '{{sha}} ({{author}}, {{date}}) changed the starting mode from {{from}} to {{rule}}, which lets more through without asking.',
  },
  check({ history, workspace, policy, report }) {
    if (!history) return;
    const behaviour = behaviourFor(policy.claudeVersion);
    const { first, last } = commitsInWindow(history);
    if (first < 0) return;
    for (let i = first; i <= last; i++) {
      const commit = history.config.history.commits[i];
      if (!commit) continue;
      for (const w of wideningsBetween(history.config.workspaceAfter(i - 1), history.config.workspaceAfter(i), behaviour)) {
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

function findRuleSpan(doc: JsonDocument, rule: string) {
  const perms = (doc.value as { permissions?: Record<string, unknown> } | undefined)?.permissions;
  for (const list of ['allow', 'ask', 'deny']) {
    const entries = perms?.[list];
    if (!Array.isArray(entries)) continue;
    const i = entries.findIndex((e) => typeof e === 'string' && e.trim() === rule.trim());
    if (i >= 0) return locate(doc, ['permissions', list, i]);
  }
  return undefined;
}
