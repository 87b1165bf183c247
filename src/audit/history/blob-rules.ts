import { isObject } from '../../policies/effective/effective-permissions.js';
import type { RuleList } from '../../policies/permission-rules/types.js';

/** Lists in the order Claude Code reads them. */
const LISTS: readonly RuleList[] = ['deny', 'ask', 'allow'];

export interface RuleEntry {
  list: RuleList;
  raw: string;
  /** The text without surrounding space: entries with the same list and text are the same rule. */
  text: string;
  /** Position in its list (for the JSON pointer). */
  index: number;
}

export interface RuleDiff {
  /** Entries of the new value that the old one lacks, deny then ask then allow, each in file order. */
  added: RuleEntry[];
  /** Entries of the old value that the new one lacks, in the same order. */
  removed: RuleEntry[];
}

const NO_VALUE = {};
const diffs = new WeakMap<object, WeakMap<object, RuleDiff>>();

/**
 * The permission rules added and removed between two values of a settings file, as multisets: reordering changes
 * nothing, a duplicate added is one entry added. Entries both lists start or end with are skipped without hashing
 * them, since a commit usually changes a few rules of many; what is left is compared as multisets. Memoised per
 * pair of values (the timeline and the replay of history ask for the same pairs).
 */
export function ruleDiff(before: unknown, after: unknown): RuleDiff {
  const a = isObject(before) ? before : NO_VALUE;
  const b = isObject(after) ? after : NO_VALUE;
  let byAfter = diffs.get(a);
  if (!byAfter) diffs.set(a, (byAfter = new WeakMap()));
  let diff = byAfter.get(b);
  if (diff) return diff;
  diff = { added: [], removed: [] };
  for (const list of LISTS) {
    const old = listOf(a, list);
    const now = listOf(b, list);
    let start = 0;
    while (start < old.length && start < now.length && old[start] === now[start]) start++;
    let endOld = old.length;
    let endNow = now.length;
    while (endOld > start && endNow > start && old[endOld - 1] === now[endNow - 1]) {
      endOld--;
      endNow--;
    }
    if (start === endOld && start === endNow) continue;
    const middleOld = entries(old, list, start, endOld);
    const middleNow = entries(now, list, start, endNow);
    diff.added.push(...minus(middleNow, middleOld));
    diff.removed.push(...minus(middleOld, middleNow));
  }
  byAfter.set(b, diff);
  return diff;
}

function listOf(value: Record<string, unknown>, list: RuleList): readonly unknown[] {
  const perms = value.permissions;
  const items = isObject(perms) ? perms[list] : undefined;
  return Array.isArray(items) ? items : [];
}

function entries(items: readonly unknown[], list: RuleList, from: number, to: number): RuleEntry[] {
  const out: RuleEntry[] = [];
  for (let index = from; index < to; index++) {
    const raw = items[index];
    if (typeof raw === 'string') out.push({ list, raw, text: raw.trim(), index });
  }
  return out;
}

/** Entries of `a` beyond the first n of their text, where n is how often `b` has it: a − b, in `a`'s order. */
function minus(a: readonly RuleEntry[], b: readonly RuleEntry[]): RuleEntry[] {
  const left = new Map<string, number>();
  for (const e of b) left.set(e.text, (left.get(e.text) ?? 0) + 1);
  const out: RuleEntry[] = [];
  for (const e of a) {
    const n = left.get(e.text) ?? 0;
    if (n > 0) left.set(e.text, n - 1);
    else out.push(e);
  }
  return out;
}
