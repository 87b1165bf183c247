/**
 * Strings in UTF-16 code unit order: the same on every machine. `localeCompare` orders by the user's locale (under
 * LANG=sv_SE `ä` sorts after `z`, under en_US before `b`), so files and fingerprints sorted with it would differ
 * between two developers' machines; its first call also loads ICU's collator, about 10 ms.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `compareText` on the first element of pairs, e.g. map entries by key. */
export function compareKeys(a: readonly [string, ...unknown[]], b: readonly [string, ...unknown[]]): number {
  return compareText(a[0], b[0]);
}
