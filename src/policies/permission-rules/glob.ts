/**
 * Wildcard matching without regular expressions: `*` matches any run of characters (Bash rules: spaces included;
 * path segments: within the segment). Linear-space, O(n·m) worst case, so hostile patterns such as `*a*a*a*…b` on long
 * commands cannot blow up the way a backtracking regex would.
 */
export function wildcardMatch(pattern: string, text: string, options: { caseInsensitive?: boolean; questionMark?: boolean } = {}): boolean {
  const p = options.caseInsensitive ? pattern.toLowerCase() : pattern;
  const t = options.caseInsensitive ? text.toLowerCase() : text;
  const q = options.questionMark === true;
  let pi = 0;
  let ti = 0;
  let starP = -1;
  let starT = 0;
  while (ti < t.length) {
    const pc = p[pi];
    if (pc === '*') {
      starP = pi++;
      starT = ti;
    } else if (pi < p.length && (pc === t[ti] || (q && pc === '?'))) {
      pi++;
      ti++;
    } else if (starP >= 0) {
      pi = starP + 1;
      ti = ++starT;
    } else return false;
  }
  while (p[pi] === '*') pi++;
  return pi === p.length;
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
  if (symbolicMatch(o, i)) return true;
  // Try instances of `inner`: stars as nothing, as a space, and as a character unlikely in `outer`.
  for (const fill of ['', ' ', '\u0001', ' \u0001 ']) {
    if (!wildcardMatch(o, i.split('*').join(fill))) return false;
  }
  return 'unknown';
}

/** `outer` matches `inner` read literally, where a `*` in inner can only be consumed by a `*` of outer. */
function symbolicMatch(outer: string, inner: string): boolean {
  let pi = 0;
  let ti = 0;
  let starP = -1;
  let starT = 0;
  while (ti < inner.length) {
    const pc = outer[pi];
    if (pc === '*') {
      starP = pi++;
      starT = ti;
    } else if (pi < outer.length && pc === inner[ti] && inner[ti] !== '*') {
      pi++;
      ti++;
    } else if (starP >= 0) {
      pi = starP + 1;
      ti = ++starT;
    } else return false;
  }
  while (outer[pi] === '*') pi++;
  return pi === outer.length;
}
