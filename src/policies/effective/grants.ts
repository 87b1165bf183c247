import { risksOfGrant, type RiskHit } from '../catalogs/risky-commands.js';
import type { EffectiveRule } from '../permission-rules/effective-types.js';

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

/** Keyed by the grant's text: history re-creates rule objects for every commit, the grants repeat. */
const riskCache = new Map<string, RiskHit[]>();

export function risksOfRule(rule: EffectiveRule): RiskHit[] {
  const grant = grantOf(rule);
  if (!grant) return [];
  const key = `${grant.open ? '+' : '='}${grant.words.join('\0')}`;
  let risks = riskCache.get(key);
  if (!risks) {
    risks = risksOfGrant(grant.words, grant.open).filter((h) => !NOT_GRANTED_BY_RULES.has(h.family));
    if (riskCache.size > 50_000) riskCache.clear();
    riskCache.set(key, risks);
  }
  return risks;
}

