import path from 'node:path';

/**
 * The POSIX path of `abs` relative to `base` when `abs` is below `base`: how a file is named relative to the root or
 * the repository. Undefined for `base` itself and for anything outside it (a `..` path, another drive); a first segment
 * that merely starts with `..` (`..cache/x`) counts as outside, as it always has at the call sites this replaces.
 */
export function relInside(base: string, abs: string): string | undefined {
  const rel = path.relative(base, abs);
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? undefined : rel.split(path.sep).join('/');
}
