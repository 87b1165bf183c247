/** Why a code point is invisible (reference memory-and-prompts §D.1, "Rules File Backdoor"). */
export type HiddenClass = 'zero-width' | 'bidi' | 'tag' | 'invisible' | 'control' | 'bom';

export interface HiddenRun {
  /** UTF-16 offset of the first character of a run of hidden characters, and the run's length in UTF-16 units. */
  offset: number;
  length: number;
  /** The code points of the run, `U+XXXX`. */
  codePoints: string[];
  classes: HiddenClass[];
}

function classify(cp: number, prev: number | undefined, next: number | undefined, offset: number): HiddenClass | undefined {
  if (cp === 0xfeff) return offset === 0 ? undefined : 'bom';
  if (cp >= 0xe0000 && cp <= 0xe007f) return 'tag';
  if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp === 0x200e || cp === 0x200f || cp === 0x061c) return 'bidi';
  if (cp === 0x200d) return isEmoji(prev) && isEmoji(next) ? undefined : 'zero-width';
  if (cp === 0x200b || cp === 0x200c || cp === 0x2060 || cp === 0x180e) return 'zero-width';
  if (cp === 0x00ad || (cp >= 0x2061 && cp <= 0x2064) || cp === 0x115f || cp === 0x1160 || cp === 0x3164 || cp === 0xffa0 || cp === 0x034f) return 'invisible';
  // Variation selectors 1–14 and the supplement carry no glyph of their own (used to smuggle bytes); VS15/VS16 select emoji style.
  if ((cp >= 0xfe00 && cp <= 0xfe0d) || (cp >= 0xe0100 && cp <= 0xe01ef)) return 'invisible';
  if ((cp < 0x20 && cp !== 0x09 && cp !== 0x0a && cp !== 0x0d) || cp === 0x7f || (cp >= 0x80 && cp <= 0x9f)) return 'control';
  return undefined;
}

function isEmoji(cp: number | undefined): boolean {
  return cp !== undefined && (cp >= 0x1f000 || (cp >= 0x2600 && cp <= 0x27bf) || cp === 0xfe0f || (cp >= 0x1f3fb && cp <= 0x1f3ff));
}

/** A character outside printable ASCII, tab, line feed and carriage return: the only ones that can be hidden. */
const MAYBE_HIDDEN = /[^\t\n\r\x20-\x7e]/;

const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Runs of invisible code points in a text: zero-width characters, bidi controls, Unicode tag characters, other
 * invisibles (soft hyphen, fillers, variation selectors 1–14) and C0/C1 controls other than tab and line breaks. A BOM
 * at offset 0 is fine; anywhere else it is flagged. A zero-width joiner between two emoji is an emoji sequence, not hidden.
 */
export function findHiddenCharacters(text: string): HiddenRun[] {
  // Printable ASCII, tabs and line breaks hold nothing `classify` flags: most texts are only that, and are then not
  // walked code point by code point.
  if (!MAYBE_HIDDEN.test(text)) return [];
  const runs: HiddenRun[] = [];
  const points = [...text];
  let offset = 0;
  let current: HiddenRun | undefined;
  points.forEach((ch, i) => {
    const cp = ch.codePointAt(0) ?? 0;
    const cls = classify(cp, points[i - 1]?.codePointAt(0), points[i + 1]?.codePointAt(0), offset);
    if (cls) {
      if (current && current.offset + current.length === offset) {
        current.length += ch.length;
        current.codePoints.push(hex(cp));
        if (!current.classes.includes(cls)) current.classes.push(cls);
      } else {
        current = { offset, length: ch.length, codePoints: [hex(cp)], classes: [cls] };
        runs.push(current);
      }
    }
    offset += ch.length;
  });
  return runs;
}
