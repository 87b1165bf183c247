import { risksOfGrant, type CommandRisk, type RiskHit } from '../../policies/catalogs/risky-commands.js';
import type { EffectiveRule } from '../../policies/permission-rules/effective-types.js';
import type { RuleContext } from '../types.js';
import { analysisOf, reportRule } from './analysis.js';

/** What a Bash allow grants: its fixed words, and whether arguments after them are free. */
export function grantOf(rule: EffectiveRule): { words: string[]; open: boolean } | undefined {
  const p = rule.rule.command;
  if (rule.rule.tool !== 'Bash' || !p || p.kind === 'any') return undefined;
  const all = p.text.split(/\s+/).filter(Boolean);
  const firstWild = all.findIndex((w) => w.includes('*'));
  if (p.kind === 'exact') return { words: all, open: false };
  if (firstWild >= 0) return { words: all.slice(0, firstWild), open: true };
  return { words: all, open: p.kind === 'prefix' };
}

/**
 * Claude Code never lets a prefix rule approve `watch`, `setsid`, `ionice`, `flock` or `find -exec/-delete`
 * (reference §2.3), and an exact rule runs only its fixed command: these families grant nothing risky by a rule.
 */
const NOT_GRANTED_BY_RULES: ReadonlySet<string> = new Set(['find', 'watch', 'setsid', 'ionice', 'flock']);

const riskCache = new WeakMap<EffectiveRule, RiskHit[]>();

export function risksOfRule(rule: EffectiveRule): RiskHit[] {
  let risks = riskCache.get(rule);
  if (!risks) {
    const grant = grantOf(rule);
    risks = grant ? risksOfGrant(grant.words, grant.open).filter((h) => !NOT_GRANTED_BY_RULES.has(h.family)) : [];
    riskCache.set(rule, risks);
  }
  return risks;
}

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
