import { resolvePathPattern } from './path-match.js';
import type { EffectiveRule } from './effective-types.js';
import { anchoredGet, type AnchoredMemo } from './anchored-memo.js';
import type { PermissionRule } from './types.js';

/**
 * Finds the rules that could contain a given rule without comparing every pair: a Bash rule can only be contained in
 * one with the same first word (or a wildcard first word, or the bare tool); a path rule only in one whose literal
 * prefix is a prefix of its own. This keeps 10,000 rules far from 10⁸ comparisons.
 */
export class RuleIndex {
  private readonly buckets = new Map<string, EffectiveRule[]>();

  constructor(rules: Iterable<EffectiveRule> = []) {
    for (const r of rules) this.add(r);
  }

  add(rule: EffectiveRule): void {
    const key = ruleIndexKeys(rule).own;
    const bucket = this.buckets.get(key);
    if (bucket) bucket.push(rule);
    else this.buckets.set(key, [rule]);
  }

  /** Every indexed rule that may contain `rule` (a superset; `contains` decides). */
  candidates(rule: EffectiveRule): EffectiveRule[] {
    const out: EffectiveRule[] = [];
    for (const key of ruleIndexKeys(rule).lookup) {
      const bucket = this.buckets.get(key);
      if (bucket) out.push(...bucket);
    }
    return out;
  }
}

const keyCache: AnchoredMemo<PermissionRule, { own: string; lookup: string[] }> = new WeakMap();

/**
 * Keys of a rule, memoised per parsed rule and anchors (both shared across scopes and history states): `own` is the
 * bucket it sits in, `lookup` the buckets of the rules that may contain it.
 */
export function ruleIndexKeys(rule: EffectiveRule): { own: string; lookup: string[] } {
  return anchoredGet(keyCache, rule.bases, rule.rule, () => computeKeys(rule));
}

function computeKeys(rule: EffectiveRule): { own: string; lookup: string[] } {
  const r = rule.rule;
  if (r.form === 'glob-name') return { own: 'glob', lookup: ['glob'] };
  if (r.form === 'mcp' || r.tool.startsWith('mcp__')) {
    const server = r.mcp?.server ?? r.tool;
    return { own: `mcp:${server}`, lookup: [`mcp:${server}`, 'glob'] };
  }
  if (r.tool === 'Bash' || r.tool === 'PowerShell') {
    // Only a rule whose literal leading words are a prefix of this rule's literal leading words can contain it.
    const text = r.command && r.command.kind !== 'any' ? r.command.text : '*';
    const words = (r.command?.caseInsensitive ? text.toLowerCase() : text).split(/\s+/);
    const literal: string[] = [];
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      if (w === '') continue;
      if (w.includes('*')) break;
      literal.push(w);
    }
    return keysOf(`cmd:${r.tool}:`, literal, ' ');
  }
  if (r.form === 'domain' && r.domain) {
    // `*.example.com` can only contain hosts ending in example.com; hosts with a wildcard label stay together.
    const labels = r.domain.host.split('.');
    if (labels.some((l) => l.includes('*'))) return { own: 'web:*', lookup: ['web:*', 'tool:WebFetch', 'glob'] };
    const suffixes = labels.map((_, i) => `web:${labels.slice(i).join('.')}`);
    return { own: `web:${r.domain.host}`, lookup: ['web:*', 'tool:WebFetch', 'glob', ...suffixes] };
  }
  if (r.form === 'path' && r.path) {
    const glob = resolvePathPattern(r.path, rule.bases);
    const literal: string[] = [];
    for (let i = 0; i < glob.length; i++) {
      const seg = glob[i]!;
      if (seg.includes('*') || seg.includes('?')) break;
      literal.push(seg);
    }
    return keysOf('files:', literal, '/');
  }
  if (['Read', 'Edit', 'Write', 'NotebookEdit', 'MultiEdit', 'Glob', 'Grep'].includes(r.tool)) return { own: 'files:', lookup: ['files:', 'glob'] };
  return { own: `tool:${r.tool}`, lookup: [`tool:${r.tool}`, 'glob'] };
}

/**
 * A rule's own bucket (its literal leading parts, joined) and where its containers may be: `glob`, then the bucket of
 * every prefix of those parts, from none ('', 'a', 'a b', 'a b c' for ['a', 'b', 'c']).
 */
function keysOf(namespace: string, parts: readonly string[], sep: string): { own: string; lookup: string[] } {
  const lookup = ['glob', namespace];
  let joined = '';
  for (let i = 0; i < parts.length; i++) {
    joined = i === 0 ? parts[0]! : `${joined}${sep}${parts[i]!}`;
    lookup.push(namespace + joined);
  }
  return { own: namespace + joined, lookup };
}
