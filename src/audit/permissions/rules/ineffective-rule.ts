import { createRule } from '../../create-rule.js';
import { analysisOf, reportRule, reportSetting } from '../analysis.js';

export const ineffectiveRule = createRule({
  id: 'permissions/ineffective-rule',
  description: 'A rule or mode Claude Code accepts but never applies, so it protects or grants nothing',
  defaultSeverity: 'error',
  howToFix: 'Rewrite the rule in a form Claude Code applies (e.g. `Edit(path)` instead of `Write(path)`), or delete it.',
  messages: {
    'path-rule-not-consulted': '`{{rule}}` is never consulted: only Edit(path) and Read(path) rules are checked for files. Write `{{suggestion}}`.',
    'param-on-primary-field': '`{{rule}}` puts a parameter match on the tool\'s main field, which Claude Code ignores with a warning. Write the tool\'s own pattern, e.g. `{{suggestion}}`.',
    'param-in-allow': '`{{rule}}`: parameter matches work in deny and ask only; in allow this is read as the tool\'s own pattern and matches nothing useful. Move it to deny/ask or write a normal pattern.',
    'unanchored-allow-glob': '`{{rule}}`: tool-name globs in allow approve nothing (only `mcp__<server>__<glob>` works). Name the tools, e.g. `mcp__github__*`.',
    'colon-not-at-end': '`{{rule}}`: `:*` works only at the end; here the colon is literal and the rule matches nothing useful. Write `{{suggestion}}`.',
    'allow-under-bypass': 'The default mode is bypassPermissions, which allows everything: the {{count}} allow rules have no effect while it is active. Use a narrower mode and keep the allows, or remove them.',
    'auto-in-project': '`defaultMode: "auto"` is ignored in {{scope}} settings (v2.1.142+). Set it in user or managed settings, or remove it.',
    'managed-rules-only': 'Managed settings set allowManagedPermissionRulesOnly: the {{count}} permission rules in this file are ignored. Move the rules you need into managed settings.',
  },
  check(context) {
    const { effective } = analysisOf(context.workspace, context.policy);
    for (const r of effective.rules) {
      const issue = r.rule.issues.find((i) => i.kind === 'ineffective');
      if (issue && !r.rule.issues.some((i) => i.kind === 'invalid')) reportRule(context, r, issue.code, { suggestion: issue.suggestion ?? '' });
    }
    const mode = effective.defaultMode;
    const allows = effective.rules.filter((r) => r.effective && r.rule.list === 'allow');
    if (mode.value === 'bypassPermissions' && mode.source && allows.length > 0) reportSetting(context, mode.source.file, mode.source.pointer, 'allow-under-bypass', { count: allows.length });
    for (const ignored of effective.ignoredModes) {
      if (ignored.why === 'auto-in-project') reportSetting(context, ignored.source.file, ignored.source.pointer, 'auto-in-project', { scope: ignored.source.scope });
    }
    if (effective.managedRulesOnly) {
      const perFile = new Map<string, number>();
      for (const r of effective.rules) if (!r.effective) perFile.set(r.source.file, (perFile.get(r.source.file) ?? 0) + 1);
      for (const [file, count] of perFile) reportSetting(context, file, '/permissions', 'managed-rules-only', { count });
    }
  },
});
