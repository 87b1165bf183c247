/**
 * Bidi controls (ALM, LRM, RLM, the embeddings and overrides U+202A–U+202E, the isolates U+2066–U+2069): in a report
 * they could make a file name read as another (Trojan Source). The same set as the `bidi` class of
 * src/lock/hidden-characters.ts.
 */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The text with each bidi control replaced by `show` of its code point (`U+202E`), so it is seen instead of obeyed. */
export function showBidiControls(s: string, show: (codePoint: string) => string): string {
  return s.replace(BIDI_CONTROLS, (c) => show(`U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`));
}
