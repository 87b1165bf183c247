import type { ClaudeBehaviour } from '../permission-rules/claude-version.js';
import { contains } from '../permission-rules/contains.js';
import type { EffectiveRule } from '../permission-rules/effective-types.js';
import type { PathBases } from '../permission-rules/path-match.js';
import { ruleIndexKeys } from '../permission-rules/rule-index.js';
import type { PermissionRule } from '../permission-rules/types.js';

export interface LiveRule {
  /** The first of its equals to arrive: what containment is asked of. */
  rule: EffectiveRule;
  count: number;
  /** Its rule-index bucket. */
  own: string;
}

/**
 * A multiset of live rules that answers "which of them may contain this rule?" and takes rules in and out one at a
 * time, so that nothing rebuilds an index per state (history replay, the index tracker). Rules are told apart by
 * parsed rule and anchors (both shared objects), which is all containment looks at.
 */
export class LiveRules {
  private readonly entries = new Map<PermissionRule, Map<PathBases, LiveRule>>();
  private readonly buckets = new Map<string, Set<LiveRule>>();

  constructor(private readonly behaviour: ClaudeBehaviour) {}

  /** Adds (+1) or removes (−1) one copy; returns the entry when it just appeared or just went, else undefined. */
  apply(rule: EffectiveRule, sign: 1 | -1): LiveRule | undefined {
    let byBases = this.entries.get(rule.rule);
    const entry = byBases?.get(rule.bases);
    if (sign > 0) {
      if (entry) {
        entry.count++;
        return undefined;
      }
      if (!byBases) this.entries.set(rule.rule, (byBases = new Map()));
      const created: LiveRule = { rule, count: 1, own: ruleIndexKeys(rule).own };
      byBases.set(rule.bases, created);
      let bucket = this.buckets.get(created.own);
      if (!bucket) this.buckets.set(created.own, (bucket = new Set()));
      bucket.add(created);
      return created;
    }
    if (!byBases || !entry || --entry.count > 0) return undefined;
    byBases.delete(rule.bases);
    if (byBases.size === 0) this.entries.delete(rule.rule);
    this.buckets.get(entry.own)?.delete(entry);
    return entry;
  }

  // Indexed loops and forEach rather than for-of: a history asks these thousands of times before V8 optimizes
  // them, and for-of allocates a result object per element until then.

  /** Whether an entry contains `inner` for certain (containment `unknown` does not count). */
  covers(inner: EffectiveRule): boolean {
    const { lookup } = ruleIndexKeys(inner);
    for (let k = 0; k < lookup.length; k++) {
      const bucket = this.buckets.get(lookup[k]!);
      if (bucket) for (const outer of bucket) if (this.contains(outer.rule, inner)) return true;
    }
    return false;
  }

  /** How many entries contain `inner` for certain. */
  countContaining(inner: EffectiveRule): number {
    let n = 0;
    const { lookup } = ruleIndexKeys(inner);
    for (let k = 0; k < lookup.length; k++) {
      this.buckets.get(lookup[k]!)?.forEach((outer) => {
        if (this.contains(outer.rule, inner)) n++;
      });
    }
    return n;
  }

  contains(outer: EffectiveRule, inner: EffectiveRule): boolean {
    return contains({ rule: outer.rule, bases: outer.bases }, { rule: inner.rule, bases: inner.bases }, this.behaviour) === true;
  }
}
