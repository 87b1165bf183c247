import { createRule } from '../../create-rule.js';
import { readOnlyCommandOf } from '../../../policies/catalogs/read-only-commands.js';
import { analysisOf, reportRule, shownRule, whereIs } from '../analysis.js';

export const redundantRule = createRule({
  id: 'permissions/redundant-rule',
  description: 'A duplicate rule, a rule contained in a broader one of the same list, or an allow for a built-in read-only command',
  defaultSeverity: 'info',
  howToFix: 'Delete the reported rule and keep the one the finding names.',
  messages: {
    duplicate: '`{{rule}}` repeats the same rule in {{where}}. Keep one of them.',
    contained: '`{{rule}}` adds nothing: the broader {{list}} rule `{{by}}` ({{where}}) already matches every call it matches. Remove it (or narrow the broader rule if that is what you meant).',
    'read-only': '`{{rule}}` is redundant: `{{command}}` is a built-in read-only command that Claude Code runs without asking in every mode. Remove it.',
  },
  check(context) {
    const { duplicateOf, containedIn, shadowedBy, live } = analysisOf(context.workspace, context.policy);
    for (const [rule, first] of duplicateOf) reportRule(context, rule, 'duplicate', { where: whereIs(first) });
    for (const [rule, by] of containedIn) {
      if (!shadowedBy.has(rule)) reportRule(context, rule, 'contained', { list: rule.rule.list, by: shownRule(by), where: whereIs(by) });
    }
    for (const rule of live) {
      if (rule.rule.list !== 'allow' || duplicateOf.has(rule) || containedIn.has(rule) || shadowedBy.has(rule)) continue;
      const command = readOnlyCommandOf(rule.rule);
      if (command) reportRule(context, rule, 'read-only', { command });
    }
  },
});
