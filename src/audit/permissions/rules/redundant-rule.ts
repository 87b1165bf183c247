import { createRule } from '../../create-rule.js';
import { isReadOnlyBuiltin } from '../../../policies/catalogs/read-only-commands.js';
import type { EffectiveRule } from '../../../policies/permission-rules/effective-types.js';
import { analysisOf, reportRule, shownRule, whereIs } from '../analysis.js';

/** Read-only commands that stay read-only whatever arguments follow, so `Bash(cmd *)` adds nothing. */
const READ_ONLY_WITH_ANY_ARGS: ReadonlySet<string> = new Set(['ls', 'cat', 'pwd', 'head', 'tail', 'wc', 'which', 'stat', 'du', 'df', 'tree', 'whoami', 'echo', 'basename', 'dirname', 'realpath', 'readlink', 'true', 'false', 'cd', 'grep', 'cut', 'tr', 'git status']);

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
      const command = readOnlyGrant(rule);
      if (command) reportRule(context, rule, 'read-only', { command });
    }
  },
});

function readOnlyGrant(rule: EffectiveRule): string | undefined {
  const pattern = rule.rule.command;
  if (rule.rule.tool !== 'Bash' || !pattern) return undefined;
  const words = pattern.text.split(/\s+/).filter(Boolean);
  if (pattern.kind === 'exact') return isReadOnlyBuiltin(words) ? pattern.text : undefined;
  if (pattern.kind === 'prefix' && !pattern.text.includes('*')) {
    return READ_ONLY_WITH_ANY_ARGS.has(pattern.text) || READ_ONLY_WITH_ANY_ARGS.has(words[0] ?? '') && words.length === 1 ? pattern.text : undefined;
  }
  return undefined;
}
