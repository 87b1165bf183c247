import { createRule } from '../../create-rule.js';
import { analysisOf, reportRule, shownRule, whereIs } from '../analysis.js';

/** Deny → ask → allow, first match wins, specificity never matters (reference §2.2): a contained allow is dead. */
export const shadowedAllow = createRule({
  id: 'permissions/shadowed-allow',
  description: 'An allow or ask rule that is never reached because a deny or ask rule matches every call it matches',
  defaultSeverity: 'warning',
  howToFix: 'Delete the allow that never applies, or narrow the deny or ask that shadows it.',
  messages: {
    'allow-by-deny': '`{{rule}}` is never used: the deny rule `{{by}}` ({{where}}) matches every call it matches, and deny always wins. A deny cannot carry allow exceptions: narrow the deny, or remove this allow.',
    'allow-by-ask': '`{{rule}}` never skips the prompt: the ask rule `{{by}}` ({{where}}) matches every call it matches, and ask beats allow. Narrow the ask rule, or remove this allow.',
    'ask-by-deny': '`{{rule}}` never prompts: the deny rule `{{by}}` ({{where}}) matches every call it matches. Remove this ask rule, or narrow the deny.',
  },
  check(context) {
    const { shadowedBy } = analysisOf(context.workspace, context.policy);
    for (const [rule, by] of shadowedBy) {
      const messageId = `${rule.rule.list}-by-${by.rule.list}`;
      reportRule(context, rule, messageId, { by: shownRule(by), where: whereIs(by) });
    }
  },
});
