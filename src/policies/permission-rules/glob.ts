/**
 * Wildcard matching without regular expressions: `*` matches any run of characters (Bash rules: spaces included;
 * path segments: within the segment). Linear-space, O(n·m) worst case, so hostile patterns such as `*a*a*a*…b` on long
 * commands cannot blow up the way a backtracking regex would.
 */
export function wildcardMatch(pattern: string, text: string, options: { caseInsensitive?: boolean; questionMark?: boolean } = {}): boolean {
  const p = options.caseInsensitive ? pattern.toLowerCase() : pattern;
  const t = options.caseInsensitive ? text.toLowerCase() : text;
  const q = options.questionMark === true;
  return starMatch(p, t, (pc, tc) => pc === tc || (q && pc === '?'));
}

/**
 * Whether every string matched by `inner` is matched by `outer` (both `*`-only wildcard patterns). Sound: `true` is
 * only returned when it holds, by matching `outer` against `inner` with inner's stars as a symbol only outer's stars
 * can absorb. `false` is returned when a concrete string matched by `inner` is not matched by `outer`; otherwise
 * `unknown`.
 */
export function wildcardContains(outer: string, inner: string, caseInsensitive = false): boolean | 'unknown' {
  const o = caseInsensitive ? outer.toLowerCase() : outer;
  const i = caseInsensitive ? inner.toLowerCase() : inner;
  if (starMatch(o, i, (pc, tc) => pc === tc && tc !== '*')) return true;
  // Try instances of `inner`: stars as nothing, as a space, and as a character unlikely in `outer`.
  for (const fill of ['', ' ', '\u0001', ' \u0001 ']) {
    if (!wildcardMatch(o, i.split('*').join(fill))) return false;
  }
  return 'unknown';
}

/** The two-pointer matcher: `*` in `pattern` absorbs any run of `text`; other characters must satisfy `same`. */
function starMatch(pattern: string, text: string, same: (pc: string, tc: string) => boolean): boolean {
  let pi = 0;
  let ti = 0;
  let starP = -1;
  let starT = 0;
  while (ti < text.length) {
    const pc = pattern[pi];
    if (pc === '*') {
      starP = pi++;
      starT = ti;
    } else if (pc !== undefined && same(pc, text[ti] as string)) {
      pi++;
      ti++;
    } else if (starP >= 0) {
      pi = starP + 1;
      ti = ++starT;
    } else return false;
  }
  while (pattern[pi] === '*') pi++;
  return pi === pattern.length;
}
