import type { PathBases } from './path-match.js';

/**
 * A memo keyed by anchors first, then by an object (a parsed rule, a path pattern): a run has a few anchors and
 * thousands of rules, so a few tables rather than one per rule.
 */
export type AnchoredMemo<K extends object, T> = WeakMap<PathBases, WeakMap<K, T>>;

/** The value for `bases` and `key`, made and kept when there is none yet. */
export function anchoredGet<K extends object, T>(memo: AnchoredMemo<K, T>, bases: PathBases, key: K, make: () => T): T {
  let byKey = memo.get(bases);
  if (!byKey) memo.set(bases, (byKey = new WeakMap()));
  let value = byKey.get(key);
  if (value === undefined) byKey.set(key, (value = make()));
  return value;
}
