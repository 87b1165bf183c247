import { mayBeOtherType } from '../workspace/simple-yaml-mapping.js';

/** The frontmatter data, where the body starts (a byte offset), and whether the frontmatter was all ASCII. */
export interface SimpleFrontmatter {
  data: Record<string, unknown>;
  bodyOffset: number;
  ascii: boolean;
}

/**
 * The frontmatter Claude Code writes (`key: value` lines, one `metadata:` block of such lines), read from a file's
 * bytes (valid UTF-8, from `start`, after a BOM) without a YAML parser, without a regular expression per line and
 * without decoding the file: 50,000 memory files must plan within twice the time of reading them, and only the values
 * become strings. Anything else (quotes with escapes, lists, comments, anchors, duplicate keys, YAML's other scalar
 * types) returns undefined and goes through the full parser; whenever this answers, it answers what that parser would.
 */
export function simpleFrontmatter(bytes: Buffer, start = 0): SimpleFrontmatter | undefined {
  if (bytes[start] !== DASH || bytes[start + 1] !== DASH || bytes[start + 2] !== DASH) return undefined;
  let offset = skipBlanks(bytes, start + 3, bytes.length);
  if (bytes[offset] === CR) offset++;
  if (bytes[offset] !== LF) return undefined;
  offset++;
  const data: Record<string, unknown> = {};
  let block: Record<string, unknown> | undefined;
  let ascii = true;
  for (let guard = 0; guard < 200; guard++) {
    const nl = bytes.indexOf(LF, offset);
    if (nl === -1) return undefined;
    const lineStart = offset;
    const end = nl > lineStart && bytes[nl - 1] === CR ? nl - 1 : nl;
    offset = nl + 1;
    const first = bytes[lineStart];
    if ((first === DASH || first === DOT) && isClosingLine(bytes, lineStart, end)) {
      // `metadata:` with nothing under it is null in YAML: leave that to the parser.
      const metadata = data.metadata as Record<string, unknown> | undefined;
      return metadata && Object.keys(metadata).length === 0 ? undefined : { data, bodyOffset: offset, ascii };
    }
    const indent = first === SPACE;
    if (indent && bytes[lineStart + 1] !== SPACE) return undefined;
    const keyStart = indent ? lineStart + 2 : lineStart;
    let at = keyStart;
    if (!isKeyStart(bytes[at])) return undefined;
    while (++at < end && isKeyChar(bytes[at] as number));
    if (at >= end || bytes[at] !== COLON) return undefined;
    const key = keyOf(bytes, keyStart, at);
    const target = indent ? block : data;
    if (key === undefined || !target || key in target || key === '__proto__') return undefined;
    let valueEnd = end;
    while (valueEnd > at + 1 && isBlank(bytes[valueEnd - 1])) valueEnd--;
    if (valueEnd === at + 1) {
      if (indent || key !== 'metadata') return undefined;
      block = {};
      data[key] = block;
      continue;
    }
    if (!isBlank(bytes[at + 1])) return undefined;
    if (!indent) block = undefined;
    const value = scalar(bytes, skipBlanks(bytes, at + 1, valueEnd), valueEnd);
    if (value === undefined) return undefined;
    if (!lastWasAscii) ascii = false;
    target[key] = value;
  }
  return undefined;
}

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const DQUOTE = 34;
const SQUOTE = 39;
const DASH = 45;
const DOT = 46;
const COLON = 58;
const BACKSLASH = 92;

function isBlank(c: number | undefined): boolean {
  return c === SPACE || c === TAB;
}

function skipBlanks(bytes: Uint8Array, from: number, end: number): number {
  let i = from;
  while (i < end && isBlank(bytes[i])) i++;
  return i;
}

/** `---` or `...`, then only spaces and tabs. */
function isClosingLine(bytes: Uint8Array, start: number, end: number): boolean {
  const c = bytes[start];
  if (end - start < 3 || bytes[start + 1] !== c || bytes[start + 2] !== c) return false;
  return skipBlanks(bytes, start + 3, end) === end;
}

/** `[A-Za-z_]` */
function isKeyStart(c: number | undefined): boolean {
  return c !== undefined && ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95);
}

/** `[\w-]` */
function isKeyChar(c: number): boolean {
  return isKeyStart(c) || (c >= 48 && c <= 57) || c === DASH;
}

/** The keys Claude Code writes, as constants (no string made per file for them). */
const KNOWN_KEYS = ['name', 'description', 'type', 'metadata', 'modified', 'expires'];

/** The key in `[start, end)`; undefined when YAML may read it as another type (`True:`, `null:`), like a value. */
function keyOf(bytes: Buffer, start: number, end: number): string | undefined {
  const length = end - start;
  for (const key of KNOWN_KEYS) {
    if (key.length !== length || key.charCodeAt(0) !== bytes[start]) continue;
    let i = 1;
    while (i < length && key.charCodeAt(i) === bytes[start + i]) i++;
    if (i === length) return key;
  }
  const key = bytes.toString('latin1', start, end);
  return mayBeOtherType(key) ? undefined : key;
}

/**
 * The value in `[start, end)` (blanks around it already skipped) when YAML reads it as this very string: a quoted
 * string without escapes, or a plain scalar that is not a number, boolean, null or other YAML type.
 */
function scalar(bytes: Buffer, start: number, end: number): string | undefined {
  const first = bytes[start] as number;
  // OR of every byte: 128 and above means some non-ASCII text.
  let high = first;
  if (first === DQUOTE || first === SQUOTE) {
    if (end - start < 2 || bytes[end - 1] !== first) return undefined;
    for (let i = start + 1; i < end - 1; i++) {
      const c = bytes[i] as number;
      if (c === first || c === CR || (c === BACKSLASH && first === DQUOTE)) return undefined;
      high |= c;
    }
    return decoded(bytes, start + 1, end - 1, false, high < 128);
  }
  if (first === DASH) {
    const second = bytes[start + 1];
    if (end - start < 2 || second === undefined || (second < 128 && (isAsciiSpace(second) || CLASS[second]! & NOT_AFTER_DASH))) return undefined;
  } else if (first < 128 && (isAsciiSpace(first) || CLASS[first]! & NOT_FIRST)) return undefined;
  for (let i = start + 1; i < end; i++) {
    const c = bytes[i] as number;
    if (c < 128) {
      if (CLASS[c]! & NOT_INSIDE || (c === COLON && bytes[i + 1] === SPACE)) return undefined;
    } else high = c;
  }
  if (bytes[end - 1] === COLON) return undefined;
  const value = decoded(bytes, start, end, true, high < 128);
  return value !== undefined && !mayBeOtherType(value) ? value : undefined;
}

/** Whether the last value {@link decoded} made was all ASCII (a flag, not a result object per value). */
let lastWasAscii = true;

/** The bytes as a string; non-ASCII text is refused where YAML would see a space or a line break. */
function decoded(bytes: Buffer, start: number, end: number, plain: boolean, ascii: boolean): string | undefined {
  lastWasAscii = ascii;
  if (ascii) return bytes.toString('latin1', start, end);
  const text = bytes.toString('utf8', start, end);
  if (text.includes('\u2028') || text.includes('\u2029')) return undefined;
  // The first character of a plain scalar (the second after `-`) may not be a space, Unicode ones included.
  if (plain && (isSpace(text.charCodeAt(0)) || (text.charCodeAt(0) === DASH && isSpace(text.charCodeAt(1))))) return undefined;
  return text;
}

const NOT_FIRST = 1;
const NOT_INSIDE = 2;
const NOT_AFTER_DASH = 4;
/** Per ASCII code: may it not start a plain scalar, not appear in one (as this reader accepts them), not follow a `-`. */
const CLASS = new Uint8Array(128);
for (const c of '&*!|>%@`{}[]\'"#,?:') CLASS[c.charCodeAt(0)]! |= NOT_FIRST;
for (const c of '#{}[]\t"\r') CLASS[c.charCodeAt(0)]! |= NOT_INSIDE;
for (const c of '#{}[]\'"-') CLASS[c.charCodeAt(0)]! |= NOT_AFTER_DASH;

function isAsciiSpace(c: number): boolean {
  return (c >= 9 && c <= 13) || c === 32;
}

/** JavaScript's `\s`. */
function isSpace(c: number): boolean {
  return isAsciiSpace(c) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
