import { sha256Hex } from '../workspace/hash.js';

/**
 * A finding's identity across runs: rule, file, and what it is about (the evidence, else the JSON pointer, else the
 * message id). Line numbers are never part of it, so reformatting a file or moving lines keeps it.
 */
export function fingerprintOf(ruleId: string, file: string, identity: string): string {
  return sha256Hex(`${ruleId}\0${file}\0${identity}`).slice(0, 32);
}

/** Findings with the same identity in one file (e.g. a rule written twice) get `#2`, `#3`… in report order. */
export function disambiguate(fingerprints: string[]): string[] {
  const seen = new Map<string, number>();
  return fingerprints.map((fp) => {
    const n = (seen.get(fp) ?? 0) + 1;
    seen.set(fp, n);
    return n === 1 ? fp : `${fp}#${n}`;
  });
}
