import type { CommandRisk } from '../../policies/catalogs/risky-commands.js';
import { risksOfRule } from '../../policies/effective/grants.js';
import type { RuleContext } from '../types.js';
import { analysisOf, reportRule } from './analysis.js';

/**
 * Reports the live Bash allows that grant `risk`. Allows that are shadowed, or contained in a broader allow, are left
 * to shadowed-allow / redundant-rule: flagging them here would reward a no-op fix (peers.md, AgentShield #116).
 */
export function reportRiskyGrants(context: RuleContext<unknown>, risk: CommandRisk): void {
  const { live, shadowedBy, containedIn, duplicateOf } = analysisOf(context.workspace, context.policy);
  for (const rule of live) {
    if (rule.rule.list !== 'allow' || shadowedBy.has(rule) || containedIn.has(rule) || duplicateOf.has(rule)) continue;
    const hit = risksOfRule(rule).find((h) => h.risk === risk);
    if (hit) reportRule(context, rule, 'grant', { family: hit.family, why: hit.why.replace(/\.$/, '') });
  }
}
