import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ruleDiff } from '../../../src/audit/history/blob-rules.js';

/**
 * The multiset difference ruleDiff defines, written the plain way: entries both lists start or end with are skipped,
 * the middles are compared as multisets of trimmed texts, and a's entries beyond the first n of their text (n: how
 * often b's middle has it) are the difference, in a's order.
 */
function plainDiff(before: Record<string, unknown[]>, after: Record<string, unknown[]>) {
  const added: [string, string, number][] = [];
  const removed: [string, string, number][] = [];
  for (const list of ['deny', 'ask', 'allow']) {
    const old = before[list] ?? [];
    const now = after[list] ?? [];
    let start = 0;
    while (start < old.length && start < now.length && old[start] === now[start]) start++;
    let endOld = old.length;
    let endNow = now.length;
    while (endOld > start && endNow > start && old[endOld - 1] === now[endNow - 1]) {
      endOld--;
      endNow--;
    }
    const minus = (a: unknown[], aFrom: number, aTo: number, b: unknown[], bFrom: number, bTo: number, out: [string, string, number][]) => {
      const counts = new Map<string, number>();
      for (const x of b.slice(bFrom, bTo)) if (typeof x === 'string') counts.set(x.trim(), (counts.get(x.trim()) ?? 0) + 1);
      for (let i = aFrom; i < aTo; i++) {
        const x = a[i];
        if (typeof x !== 'string') continue;
        const n = counts.get(x.trim()) ?? 0;
        if (n > 0) counts.set(x.trim(), n - 1);
        else out.push([list, x, i]);
      }
    };
    minus(now, start, endNow, old, start, endOld, added);
    minus(old, start, endOld, now, start, endNow, removed);
  }
  return { added, removed };
}

const asTuples = (entries: { list: string; raw: string; index: number }[]) => entries.map((e) => [e.list, e.raw, e.index]);

/** A list and an edit of it: deletions, insertions, replacements and moves, from a small alphabet (duplicates). */
const editedList = fc
  .tuple(
    fc.array(fc.oneof({ weight: 8, arbitrary: fc.constantFrom('a', 'b', 'c', ' a', 'a ', 'd', 'e') }, { weight: 20, arbitrary: fc.string({ minLength: 1, maxLength: 3 }) }, { weight: 1, arbitrary: fc.constantFrom(1, null, true) }), { maxLength: 60 }),
    fc.array(fc.tuple(fc.constantFrom('delete', 'insert', 'replace', 'move'), fc.nat(), fc.constantFrom('a', 'b', 'x', 'y', ' b', 'z1', 'z2')), { maxLength: 6 }),
  )
  .map(([old, edits]) => {
    const now = [...old];
    for (const [kind, at, value] of edits) {
      const i = now.length === 0 ? 0 : at % now.length;
      if (kind === 'delete') now.splice(i, 1);
      else if (kind === 'insert') now.splice(i, 0, value);
      else if (kind === 'replace') now[i] = value;
      else if (now.length > 0) now.push(...now.splice(i, 1));
    }
    return [old, now] as const;
  });

describe('ruleDiff', () => {
  it('finds a rule removed from the middle of a long list while others are appended', () => {
    const old = Array.from({ length: 100 }, (_, i) => `Bash(cmd${i})`);
    const now = [...old.slice(0, 40), ...old.slice(41), 'Bash(new1)', 'Bash(new2)'];
    const diff = ruleDiff({ permissions: { allow: old } }, { permissions: { allow: now } });
    expect(asTuples(diff.added)).toEqual([['allow', 'Bash(new1)', 99], ['allow', 'Bash(new2)', 100]]);
    expect(asTuples(diff.removed)).toEqual([['allow', 'Bash(cmd40)', 40]]);
  });

  it('counts the same copy of a duplicated rule as the plain multiset difference does', () => {
    const old = [...Array.from({ length: 30 }, (_, i) => `r${i}`), 'dup'];
    const now = ['dup', ...Array.from({ length: 30 }, (_, i) => `r${i}`), 'dup', 'x'];
    const before = { permissions: { allow: old } };
    const after = { permissions: { allow: now } };
    const diff = ruleDiff(before, after);
    expect({ added: asTuples(diff.added), removed: asTuples(diff.removed) }).toEqual(plainDiff({ allow: old }, { allow: now }));
  });

  it('equals the plain multiset difference on random lists and edits', () => {
    fc.assert(
      fc.property(editedList, editedList, ([oldAllow, nowAllow], [oldDeny, nowDeny]) => {
        const diff = ruleDiff({ permissions: { allow: oldAllow, deny: oldDeny } }, { permissions: { allow: nowAllow, deny: nowDeny } });
        expect({ added: asTuples(diff.added), removed: asTuples(diff.removed) }).toEqual(plainDiff({ allow: oldAllow, deny: oldDeny }, { allow: nowAllow, deny: nowDeny }));
      }),
      { numRuns: 3000 },
    );
  });
});
