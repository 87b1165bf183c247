import { risksOfGrant, type RiskHit } from '../catalogs/risky-commands.js';
import type { EffectiveRule } from '../permission-rules/effective-types.js';
import type { PermissionRule } from '../permission-rules/types.js';

/** What a Bash allow grants: its fixed words, and whether arguments after them are free. */
function grantOf(rule: EffectiveRule): { words: string[]; open: boolean } | undefined {
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

/**
 * Memoised by parsed rule: `parse` shares one object per rule text, so history, which re-creates the effective rules for
 * every commit, hits this cache; the grant depends on nothing else.
 */
const riskCache = new WeakMap<PermissionRule, RiskHit[]>();

export function risksOfRule(rule: EffectiveRule): RiskHit[] {
  let risks = riskCache.get(rule.rule);
  if (!risks) {
    const grant = grantOf(rule);
    risks = grant ? risksOfGrant(grant.words, grant.open).filter((h) => !NOT_GRANTED_BY_RULES.has(h.family)) : [];
    riskCache.set(rule.rule, risks);
  }
  return risks;
}
