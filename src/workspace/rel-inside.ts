import path from 'node:path';

/** `abs` relative to `base` (native separators, '' for `base` itself) when it is `base` or below it; else undefined. */
export function relativeWithin(base: string, abs: string): string | undefined {
  const rel = path.relative(base, abs);
  // `..cache/x` is below the base: only `..` as a whole segment leaves it.
  return rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel) ? undefined : rel;
}

/**
 * The POSIX path of `abs` relative to `base` when `abs` is below `base`: how a file is named relative to the root or
 * the repository. Undefined for `base` itself and for anything outside it (a `..` path, another drive).
 */
export function relInside(base: string, abs: string): string | undefined {
  const rel = relativeWithin(base, abs);
  return rel ? rel.split(path.sep).join('/') : undefined;
}

/** Whether a normalized POSIX relative path leaves its base: `..` as a whole segment does, `..cache/x` does not. */
export function leavesBase(rel: string): boolean {
  return rel === '..' || rel.startsWith('../');
}

/** Whether `abs` is `dir` itself or below it. */
export function isInside(abs: string, dir: string): boolean {
  return relativeWithin(dir, abs) !== undefined;
}

/**
 * A store's root with one separator after it. Prefixed to a relative path of directory entry names (never `.`, `..` or
 * empty), it is path.join without normalising: what both threads open.
 */
export function underRoot(root: string): string {
  return root.endsWith(path.sep) ? root : root + path.sep;
}
