import path from 'node:path';
import { wildcardContains, wildcardMatch } from './glob.js';
import { anchoredGet, type AnchoredMemo } from './anchored-memo.js';
import type { PathPattern } from './types.js';

/** Where a rule's anchors point: the working directory, the home folder, and the `/` anchor of its settings file. */
export interface PathBases {
  cwd: string;
  home: string;
  /** Project settings: the project root; local: the working directory; user: `~/.claude`. */
  source: string;
}

/** Segments of an absolute glob; `**` is its own segment. */
export type PathGlob = string[];

function segments(absolute: string): string[] {
  return absolute.split('/').filter((s) => s !== '' && s !== '.');
}

/** Normalises a path the agent would use (absolute, `~/…`, or relative to cwd) to an absolute posix path. */
export function resolveCallPath(p: string, bases: { cwd: string; home: string }): string {
  const expanded = p === '~' ? bases.home : p.startsWith('~/') ? path.posix.join(bases.home, p.slice(2)) : p;
  return path.posix.resolve(bases.cwd, expanded);
}

const resolved: AnchoredMemo<PathPattern, PathGlob> = new WeakMap();

/** The absolute glob a rule's path pattern stands for, given where its anchors point (memoised: rules are compared often). */
export function resolvePathPattern(pattern: PathPattern, bases: PathBases): PathGlob {
  return anchoredGet(resolved, bases, pattern, () => computePathGlob(pattern, bases));
}

function computePathGlob(pattern: PathPattern, bases: PathBases): PathGlob {
  const base = pattern.anchor === 'absolute' ? '/' : pattern.anchor === 'home' ? bases.home : pattern.anchor === 'source' ? bases.source : bases.cwd;
  const rest = segments(pattern.pattern.replace(/\/+$/, ''));
  const out: string[] = [];
  // `..` in a pattern is resolved lexically, like the path of a call.
  for (const seg of [...segments(base), ...(pattern.unanchoredName ? ['**'] : []), ...(rest.length === 0 ? ['**'] : rest)]) {
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  // `**/**` matches what `**` matches; collapsing runs keeps `Read(**/**/…/**/x)` as cheap as `Read(**/x)`.
  return out.filter((seg, i) => seg !== '**' || out[i - 1] !== '**');
}

/**
 * Gitignore-style match of an absolute path: `*` and `?` within a segment, `**` across segments; a pattern that
 * matches a folder matches everything in it. Dynamic programming over (pattern, path) segments: O(P·S).
 */
export function pathGlobMatches(glob: PathGlob, absolutePath: string): boolean {
  let s = pathSegments.get(absolutePath);
  if (!s) {
    if (pathSegments.size > 4096) pathSegments.clear();
    pathSegments.set(absolutePath, (s = segments(absolutePath)));
  }
  return globMatchesSegments(glob, s);
}

/** Segments of the paths matched lately: the same few paths (sensitive samples) meet thousands of rules. */
const pathSegments = new Map<string, readonly string[]>();

const WILDCARD = /[*?]/;

function globMatchesSegments(glob: PathGlob, s: readonly string[]): boolean {
  // Leading literal segments can only match the path's segments at the same places.
  let start = 0;
  while (start < glob.length && start < s.length && glob[start] !== '**' && !WILDCARD.test(glob[start] as string)) {
    if (glob[start] !== s[start]) return false;
    start++;
  }
  return walkSegments(glob, s.length, (g, j) => wildcardMatch(g, s[j] as string, { questionMark: true }), start);
}

/**
 * Whether `glob` matches a prefix of a sequence of `length` items, where a non-`**` segment `g` matches item `j` when
 * `matchAt(g, j)`. Dynamic programming over (glob, item) positions, keeping only the reachable item positions: a list
 * of them, or "every position from `from` on" after a `**`. O(glob · items) at worst, O(glob) for globs without `**`.
 * `start`: the glob's first `start` segments are known to match the first `start` items.
 */
function walkSegments(glob: PathGlob, length: number, matchAt: (g: string, j: number) => boolean, start = 0): boolean {
  let reach: number[] = [start];
  let from = -1;
  for (let i = start; i < glob.length; i++) {
    const g = glob[i] as string;
    if (g === '**') {
      if (from < 0) from = reach[0] as number;
      continue;
    }
    const next: number[] = [];
    if (from >= 0) {
      for (let j = from; j < length; j++) if (matchAt(g, j)) next.push(j + 1);
    } else {
      for (const j of reach) if (j < length && matchAt(g, j)) next.push(j + 1);
    }
    if (next.length === 0) return false;
    reach = next;
    from = -1;
  }
  // Matching a prefix means the pattern matched an ancestor folder.
  return true;
}

/**
 * Whether `outer` matches every path `inner` matches. Sound: true only when certain (inner's wildcards can only be
 * absorbed by outer's); false when a concrete path of inner escapes outer; otherwise unknown.
 */
export function pathGlobContains(outer: PathGlob, inner: PathGlob): boolean | 'unknown' {
  if (symbolicContains(outer, inner)) return true;
  for (const instance of instancesOf(inner)) if (!globMatchesSegments(outer, instance)) return false;
  return 'unknown';
}

const instances = new WeakMap<PathGlob, string[][]>();

/** Concrete paths a glob matches (wildcards filled in), to find counterexamples cheaply. */
function instancesOf(glob: PathGlob): string[][] {
  let out = instances.get(glob);
  if (!out) {
    const fixed = glob.filter((g) => g !== '**');
    out = ['x', '.x'].map((fill) => fixed.map((g) => g.split('*').join(fill).split('?').join('x')));
    instances.set(glob, out);
  }
  return out;
}

function symbolicContains(outer: PathGlob, inner: PathGlob): boolean {
  return walkSegments(outer, inner.length, (o, j) => inner[j] !== '**' && segmentContains(o, inner[j] as string));
}

function segmentContains(outer: string, inner: string): boolean {
  if (!/[*?]/.test(inner)) return wildcardMatch(outer, inner, { questionMark: true });
  return !inner.includes('?') && wildcardContains(outer, inner) === true;
}
