import { createRule } from '../../create-rule.js';
import { contains } from '../../../policies/permission-rules/contains.js';
import { parse } from '../../../policies/permission-rules/parse.js';
import type { RuleList } from '../../../policies/permission-rules/types.js';
import { analysisOf, reportRule } from '../analysis.js';

interface Forbidden {
  rule: string;
  lists?: RuleList[];
  reason?: string;
}

/** Rules the organisation bans, matched with `contains`: banning `Bash(curl:*)` catches `Bash(curl https://x)` too. */
export const forbiddenRule = createRule({
  id: 'permissions/forbidden-rule',
  description: 'A rule the policy forbids (permissions.forbidden), matched by containment, not by text',
  defaultSeverity: 'error',
  howToFix: 'Remove the rule and use the alternative the policy sanctions; take a real need up with the policy owner.',
  messages: {
    forbidden: '`{{rule}}` is forbidden by policy: it falls under `{{banned}}` in the {{list}} list.{{reason}} Remove it.',
  },
  check(context) {
    const banned = (context.policy.sections.permissions?.forbidden as Forbidden[] | undefined) ?? [];
    if (banned.length === 0) return;
    const { effective, behaviour } = analysisOf(context.workspace, context.policy);
    for (const r of effective.rules) {
      for (const f of banned) {
        if (!(f.lists ?? ['allow']).includes(r.rule.list)) continue;
        const ban = { rule: parse(f.rule, r.rule.list), bases: r.bases };
        if (contains(ban, { rule: r.rule, bases: r.bases }, behaviour) === true && !r.rule.issues.some((i) => i.kind === 'invalid')) {
          reportRule(context, r, 'forbidden', { banned: f.rule, list: r.rule.list, reason: f.reason ? ` ${f.reason}.` : '' });
          break;
        }
      }
    }
  },
});
