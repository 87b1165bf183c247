/**
 * Wildcard matching without regular expressions: `*` matches any run of characters (Bash rules: spaces included;
 * path segments: within the segment). The pattern's literal pieces between stars are found leftmost-first, which is
 * exact for star-only globs, so hostile patterns such as `*a*a*a*…b` on long commands take linear time where a
 * backtracking regex would take exponential time (a piece with `?` is searched position by position: O(n·piece)).
 */
export function wildcardMatch(pattern: string, text: string, options: { caseInsensitive?: boolean; questionMark?: boolean } = {}): boolean {
  const p = options.caseInsensitive ? pattern.toLowerCase() : pattern;
  const t = options.caseInsensitive ? text.toLowerCase() : text;
  return starMatch(p, t, options.questionMark === true);
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
  // Pieces of `o` hold no `*`, so a `*` of `i` can only fall inside one of o's stars.
  if (starMatch(o, i, false)) return true;
  // Try instances of `inner`: stars as nothing, as a space, and as a character unlikely in `outer`.
  for (const fill of ['', ' ', '\u0001', ' \u0001 ']) {
    if (!wildcardMatch(o, i.split('*').join(fill))) return false;
  }
  return 'unknown';
}

const pieceCache = new Map<string, string[]>();

function piecesOf(pattern: string): string[] {
  let pieces = pieceCache.get(pattern);
  if (!pieces) {
    if (pieceCache.size > 10_000) pieceCache.clear();
    pieceCache.set(pattern, (pieces = pattern.split('*').filter((piece, i, all) => piece !== '' || i === 0 || i === all.length - 1)));
  }
  return pieces;
}

/**
 * Whether `pattern` (`*` = any run; with `questionMark`, `?` = any one character) matches all of `text`: the first
 * piece is a prefix, the last a suffix, and each piece between is taken at its leftmost place after the previous one.
 * A `*` in `text` is an ordinary character that only a pattern `*` can absorb (containment relies on this).
 */
function starMatch(pattern: string, text: string, questionMark: boolean): boolean {
  const pieces = piecesOf(pattern);
  const first = pieces[0] as string;
  if (pieces.length === 1) return first.length === text.length && pieceAt(first, text, 0, questionMark);
  const last = pieces[pieces.length - 1] as string;
  const end = text.length - last.length;
  if (first.length > end || !pieceAt(first, text, 0, questionMark) || !pieceAt(last, text, end, questionMark)) return false;
  let at = first.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const piece = pieces[i] as string;
    const found = questionMark && piece.includes('?') ? findWithQuestionMarks(piece, text, at, end) : text.indexOf(piece, at);
    if (found < 0 || found + piece.length > end) return false;
    at = found + piece.length;
  }
  return true;
}

function pieceAt(piece: string, text: string, at: number, questionMark: boolean): boolean {
  if (!questionMark || !piece.includes('?')) return text.startsWith(piece, at);
  for (let k = 0; k < piece.length; k++) {
    const pc = piece[k];
    const tc = text[at + k];
    if (tc === undefined || (pc !== tc && pc !== '?')) return false;
  }
  return true;
}

function findWithQuestionMarks(piece: string, text: string, from: number, end: number): number {
  for (let at = from; at + piece.length <= end; at++) if (pieceAt(piece, text, at, true)) return at;
  return -1;
}
