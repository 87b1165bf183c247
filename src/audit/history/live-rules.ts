import type { ClaudeBehaviour } from '../../policies/permission-rules/claude-version.js';
import { contains } from '../../policies/permission-rules/contains.js';
import type { EffectiveRule } from '../../policies/permission-rules/effective-types.js';
import type { PathBases } from '../../policies/permission-rules/path-match.js';
import { ruleIndexKeys } from '../../policies/permission-rules/rule-index.js';
import type { PermissionRule } from '../../policies/permission-rules/types.js';

interface Entry {
  rule: EffectiveRule;
  count: number;
  own: string;
}

/**
 * A multiset of live rules that answers "does one of them contain this rule?" and takes rules in and out one at a
 * time, so that replaying history never rebuilds an index per state. Rules are told apart by parsed rule and
 * anchors (both shared objects), which is all containment looks at.
 */
export class LiveRules {
  private readonly entries = new Map<PermissionRule, Map<PathBases, Entry>>();
  private readonly buckets = new Map<string, Set<Entry>>();

  constructor(private readonly behaviour: ClaudeBehaviour) {}

  apply(rule: EffectiveRule, sign: 1 | -1): void {
    let byBases = this.entries.get(rule.rule);
    const entry = byBases?.get(rule.bases);
    if (sign > 0) {
      if (entry) {
        entry.count++;
        return;
      }
      if (!byBases) this.entries.set(rule.rule, (byBases = new Map()));
      const created = { rule, count: 1, own: ruleIndexKeys(rule).own };
      byBases.set(rule.bases, created);
      let bucket = this.buckets.get(created.own);
      if (!bucket) this.buckets.set(created.own, (bucket = new Set()));
      bucket.add(created);
      return;
    }
    if (!byBases || !entry || --entry.count > 0) return;
    byBases.delete(rule.bases);
    if (byBases.size === 0) this.entries.delete(rule.rule);
    this.buckets.get(entry.own)?.delete(entry);
  }

  /** Whether a rule in the set contains `inner` for certain (containment `unknown` does not count). */
  covers(inner: EffectiveRule): boolean {
    for (const key of ruleIndexKeys(inner).lookup) {
      for (const outer of this.buckets.get(key) ?? []) {
        if (contains({ rule: outer.rule.rule, bases: outer.rule.bases }, { rule: inner.rule, bases: inner.bases }, this.behaviour) === true) return true;
      }
    }
    return false;
  }
}
