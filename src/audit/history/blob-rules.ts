import { isObject } from '../../workspace/json-value.js';
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
  /** List and text: what tells rules of one file apart. */
  key: string;
}

export interface RuleDiff {
  /** Entries of the new value that the old one lacks, deny then ask then allow, each in file order. */
  added: RuleEntry[];
  /** Entries of the old value that the new one lacks, in the same order. */
  removed: RuleEntry[];
}

const NO_VALUE = {};
/** The last pairs diffed, most recent last: a replay step asks for each pair twice (its rules, then its changes). */
const recent: [object, object, RuleDiff][] = [];
const RECENT_PAIRS = 8;

/**
 * The permission rules added and removed between two values of a settings file, as multisets: reordering changes
 * nothing, a duplicate added is one entry added. Entries both lists start or end with are skipped without hashing
 * them, since a commit usually changes a few rules of many; what is left is compared as multisets. The last few
 * pairs are remembered.
 */
export function ruleDiff(before: unknown, after: unknown): RuleDiff {
  const a = isObject(before) ? before : NO_VALUE;
  const b = isObject(after) ? after : NO_VALUE;
  for (let k = recent.length - 1; k >= 0; k--) {
    const pair = recent[k]!;
    if (pair[0] === a && pair[1] === b) return pair[2];
  }
  const diff: RuleDiff = { added: [], removed: [] };
  const permsA = permissionsOf(a);
  const permsB = permissionsOf(b);
  // Versions read from git share what they have alike (sharedJsonValueOf): the whole permissions object, or a list.
  for (let l = 0; l < LISTS.length && permsA !== permsB; l++) {
    const list = LISTS[l]!;
    const old = listIn(permsA, list);
    const now = listIn(permsB, list);
    if (old === now) continue;
    const start = alignedRun(old, 0, old.length, now, 0, now.length);
    const tail = commonSuffix(old, now, start);
    const endOld = old.length - tail;
    const endNow = now.length - tail;
    if (start === endOld && start === endNow) continue;
    middleDiff(diff, list, old, start, endOld, now, start, endNow);
  }
  if (recent.length >= RECENT_PAIRS) recent.shift();
  recent.push([a, b, diff]);
  return diff;
}

/**
 * How many entries `a[i, aTo)` and `b[j, bTo)` start with alike. Small on purpose: the hot loop of a long history,
 * which V8 optimizes early only as a small function.
 */
function alignedRun(a: readonly unknown[], i: number, aTo: number, b: readonly unknown[], j: number, bTo: number): number {
  const n = aTo - i < bTo - j ? aTo - i : bTo - j;
  let k = 0;
  while (k < n && a[i + k] === b[j + k]) k++;
  return k;
}

/** How many entries `a` and `b` end with alike, not counting their first `start`. */
function commonSuffix(a: readonly unknown[], b: readonly unknown[], start: number): number {
  const n = (a.length < b.length ? a.length : b.length) - start;
  let k = 0;
  while (k < n && a[a.length - 1 - k] === b[b.length - 1 - k]) k++;
  return k;
}

function permissionsOf(value: Record<string, unknown>): Record<string, unknown> {
  const perms = value.permissions;
  return isObject(perms) ? perms : NO_VALUE;
}

const NO_ENTRIES: readonly unknown[] = [];

function listIn(perms: Record<string, unknown>, list: RuleList): readonly unknown[] {
  const items = perms[list];
  return Array.isArray(items) ? items : NO_ENTRIES;
}

/**
 * `now[nowFrom, nowTo) − old[oldFrom, oldTo)` and `old[oldFrom, oldTo) − now[nowFrom, nowTo)` as multisets of texts:
 * an entry is added beyond the first n of its text, where n is how often the other side has it, in its own list's
 * order; removed likewise.
 */
function middleDiff(diff: RuleDiff, list: RuleList, old: readonly unknown[], oldFrom: number, oldTo: number, now: readonly unknown[], nowFrom: number, nowTo: number): void {
  if (!alignedDiff(diff, list, old, oldFrom, oldTo, now, nowFrom, nowTo)) countedDiff(diff, list, old, oldFrom, oldTo, now, nowFrom, nowTo);
}

/** More entries than this left unaligned: the middles are counted instead. */
const MAX_UNALIGNED = 8;
/** Indexes of the entries left unaligned (reused: the hot loop of a long history). */
const gone: number[] = [];
const came: number[] = [];

/**
 * The middles walked side by side, an entry skipped on one side when the next ones line up again: a commit that
 * removes rules here and there leaves a long middle in which only those rules differ. When the entries left over are
 * few and their texts occur nowhere among the aligned ones, the aligned pairs cancel out of both multisets and every
 * copy of those texts is among the leftovers, so their difference is the multiset difference, copy for copy.
 * Otherwise (false) nothing is written and the middles are counted.
 */
function alignedDiff(diff: RuleDiff, list: RuleList, old: readonly unknown[], oldFrom: number, oldTo: number, now: readonly unknown[], nowFrom: number, nowTo: number): boolean {
  gone.length = 0;
  came.length = 0;
  let i = oldFrom;
  let j = nowFrom;
  while (i < oldTo && j < nowTo) {
    const run = alignedRun(old, i, oldTo, now, j, nowTo);
    i += run;
    j += run;
    if (i >= oldTo || j >= nowTo) break;
    if (i + 1 < oldTo && old[i + 1] === now[j]) gone.push(i++);
    else if (j + 1 < nowTo && old[i] === now[j + 1]) came.push(j++);
    else {
      gone.push(i++);
      came.push(j++);
    }
    if (gone.length + came.length > MAX_UNALIGNED) return false;
  }
  if (gone.length + (oldTo - i) + came.length + (nowTo - j) > MAX_UNALIGNED) return false;
  while (i < oldTo) gone.push(i++);
  while (j < nowTo) came.push(j++);
  const texts: string[] = [];
  for (let k = 0; k < gone.length; k++) textOf(old[gone[k]!], texts);
  for (let k = 0; k < came.length; k++) textOf(now[came[k]!], texts);
  if (texts.length === 0) return true;
  // Aligned entries are the same on both sides: the old side's tell, run by run between the leftovers.
  let from = oldFrom;
  for (let g = 0; g <= gone.length; g++) {
    const to = g < gone.length ? gone[g]! : oldTo;
    if (hasText(old, from, to, texts)) return false;
    from = to + 1;
  }
  beyond(diff.added, list, now, came, old, gone);
  beyond(diff.removed, list, old, gone, now, came);
  return true;
}

/** The leftovers `items[indexes]` beyond the first n copies of their text, n being how many `others[otherIndexes]` has. */
function beyond(out: RuleEntry[], list: RuleList, items: readonly unknown[], indexes: readonly number[], others: readonly unknown[], otherIndexes: readonly number[]): void {
  for (let k = 0; k < indexes.length; k++) {
    const index = indexes[k]!;
    const raw = items[index];
    if (typeof raw !== 'string') continue;
    const text = raw.trim();
    if (copiesBefore(items, indexes, k, text) >= copiesIn(others, otherIndexes, text)) out.push(entry(list, raw, text, index));
  }
}

/** Whether an entry of `items[from, to)` is a string with one of `texts` as its text. Small: see alignedRun. */
function hasText(items: readonly unknown[], from: number, to: number, texts: readonly string[]): boolean {
  for (let k = from; k < to; k++) {
    const raw = items[k];
    if (typeof raw === 'string' && texts.includes(raw.trim())) return true;
  }
  return false;
}

function textOf(raw: unknown, texts: string[]): void {
  if (typeof raw === 'string') texts.push(raw.trim());
}

/** How many of `items` at `indexes[0, k)` have `text`. */
function copiesBefore(items: readonly unknown[], indexes: readonly number[], k: number, text: string): number {
  let n = 0;
  for (let x = 0; x < k; x++) {
    const raw = items[indexes[x]!];
    if (typeof raw === 'string' && raw.trim() === text) n++;
  }
  return n;
}

function copiesIn(items: readonly unknown[], indexes: readonly number[], text: string): number {
  return copiesBefore(items, indexes, indexes.length, text);
}

/**
 * The multiset difference by counting. One count of the old entries serves both sides: what is left of it once the
 * new entries have taken theirs is how many of each text were removed, and those are the last ones of that text in
 * the old order.
 */
function countedDiff(diff: RuleDiff, list: RuleList, old: readonly unknown[], oldFrom: number, oldTo: number, now: readonly unknown[], nowFrom: number, nowTo: number): void {
  const left = new Map<string, number>();
  for (let i = oldFrom; i < oldTo; i++) {
    const raw = old[i];
    if (typeof raw !== 'string') continue;
    const text = raw.trim();
    left.set(text, (left.get(text) ?? 0) + 1);
  }
  for (let index = nowFrom; index < nowTo; index++) {
    const raw = now[index];
    if (typeof raw !== 'string') continue;
    const text = raw.trim();
    const n = left.get(text) ?? 0;
    if (n > 0) left.set(text, n - 1);
    else diff.added.push(entry(list, raw, text, index));
  }
  const removedFrom = diff.removed.length;
  for (let index = oldTo - 1; index >= oldFrom; index--) {
    const raw = old[index];
    if (typeof raw !== 'string') continue;
    const text = raw.trim();
    const n = left.get(text) ?? 0;
    if (n === 0) continue;
    left.set(text, n - 1);
    diff.removed.push(entry(list, raw, text, index));
  }
  // Taken from the end: put back in the old order.
  if (diff.removed.length - removedFrom > 1) reverseFrom(diff.removed, removedFrom);
}

function entry(list: RuleList, raw: string, text: string, index: number): RuleEntry {
  return { list, raw, text, index, key: `${list}\0${text}` };
}

function reverseFrom(items: RuleEntry[], from: number): void {
  for (let i = from, j = items.length - 1; i < j; i++, j--) {
    const t = items[i]!;
    items[i] = items[j]!;
    items[j] = t;
  }
}
