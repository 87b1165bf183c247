/**
 * The frontmatter Claude Code writes (`key: value` lines, one `metadata:` block of such lines) read without a YAML
 * parser and without a regular expression per line: 50,000 memory files must plan within twice the time of reading
 * them. Anything else (quotes with escapes, lists, comments, anchors, duplicate keys, YAML's other scalar types)
 * returns undefined and goes through the full parser; whenever this answers, it answers what the YAML parser would.
 */
export function simpleFrontmatter(text: string): { data: Record<string, unknown>; bodyOffset: number } | undefined {
  if (!text.startsWith('---')) return undefined;
  let offset = skipBlanks(text, 3, text.length);
  if (text.charCodeAt(offset) === CR) offset++;
  if (text.charCodeAt(offset) !== LF) return undefined;
  offset++;
  const data: Record<string, unknown> = {};
  let block: Record<string, unknown> | undefined;
  for (let guard = 0; guard < 200; guard++) {
    const nl = text.indexOf('\n', offset);
    if (nl === -1) return undefined;
    const start = offset;
    const end = nl > start && text.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
    offset = nl + 1;
    const first = text.charCodeAt(start);
    if ((first === DASH || first === DOT) && isClosingLine(text, start, end)) {
      // `metadata:` with nothing under it is null in YAML: leave that to the parser.
      const metadata = data.metadata as Record<string, unknown> | undefined;
      return metadata && Object.keys(metadata).length === 0 ? undefined : { data, bodyOffset: offset };
    }
    const indent = first === SPACE;
    if (indent && text.charCodeAt(start + 1) !== SPACE) return undefined;
    const keyStart = indent ? start + 2 : start;
    let at = keyStart;
    if (!isKeyStart(text.charCodeAt(at))) return undefined;
    while (++at < end && isKeyChar(text.charCodeAt(at)));
    if (at >= end || text.charCodeAt(at) !== COLON) return undefined;
    const key = text.slice(keyStart, at);
    const target = indent ? block : data;
    if (!target || key in target || key === '__proto__') return undefined;
    let valueEnd = end;
    while (valueEnd > at + 1 && isBlank(text.charCodeAt(valueEnd - 1))) valueEnd--;
    if (valueEnd === at + 1) {
      if (indent || key !== 'metadata') return undefined;
      block = {};
      data[key] = block;
      continue;
    }
    if (!isBlank(text.charCodeAt(at + 1))) return undefined;
    if (!indent) block = undefined;
    const value = scalar(text, skipBlanks(text, at + 1, valueEnd), valueEnd);
    if (value === undefined) return undefined;
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

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

function skipBlanks(text: string, from: number, end: number): number {
  let i = from;
  while (i < end && isBlank(text.charCodeAt(i))) i++;
  return i;
}

/** `---` or `...`, then only spaces and tabs. */
function isClosingLine(text: string, start: number, end: number): boolean {
  const c = text.charCodeAt(start);
  if (end - start < 3 || text.charCodeAt(start + 1) !== c || text.charCodeAt(start + 2) !== c) return false;
  return skipBlanks(text, start + 3, end) === end;
}

/** `[A-Za-z_]` */
function isKeyStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** `[\w-]` */
function isKeyChar(c: number): boolean {
  return isKeyStart(c) || (c >= 48 && c <= 57) || c === DASH;
}

/**
 * A value of the line `[start, end)` (blanks around it already skipped) when YAML reads it as this very string: a
 * quoted string without escapes, or a plain scalar that is not a number, boolean, null or other YAML type.
 */
function scalar(text: string, start: number, end: number): string | undefined {
  const first = text.charCodeAt(start);
  if (first === DQUOTE || first === SQUOTE) {
    if (end - start < 2 || text.charCodeAt(end - 1) !== first || text.indexOf(first === DQUOTE ? '"' : "'", start + 1) !== end - 1) return undefined;
    const inner = text.slice(start + 1, end - 1);
    return first === DQUOTE && inner.includes('\\') ? undefined : hasLineBreak(inner) ? undefined : inner;
  }
  const raw = text.slice(start, end);
  if (!isPlain(raw) || raw.includes(': ') || raw.charCodeAt(raw.length - 1) === COLON) return undefined;
  if (OTHER_TYPE.test(raw)) return undefined;
  return raw;
}

/** YAML's other scalar types, for which the full parser decides. */
const OTHER_TYPE = /^(true|false|null|~|[-+]?[\d.]+(e[-+]?\d+)?|0x[\da-f]+|\.inf|\.nan)$/i;

const NOT_FIRST = 1;
const NOT_INSIDE = 2;
const NOT_AFTER_DASH = 4;
/** Per ASCII code: may it not start a plain scalar, not appear in one (as this reader accepts them), not follow a `-`. */
const CLASS = new Uint8Array(128);
for (const c of '&*!|>%@`{}[]\'"#,?:') CLASS[c.charCodeAt(0)]! |= NOT_FIRST;
for (const c of '#{}[]\t"\r') CLASS[c.charCodeAt(0)]! |= NOT_INSIDE;
for (const c of '#{}[]\'"-') CLASS[c.charCodeAt(0)]! |= NOT_AFTER_DASH;

function isPlain(raw: string): boolean {
  const first = raw.charCodeAt(0);
  let from = 1;
  if (first === DASH) {
    const second = raw.charCodeAt(1);
    if (raw.length < 2 || isSpace(second) || (second < 128 && CLASS[second]! & NOT_AFTER_DASH)) return false;
    from = 2;
  } else if (isSpace(first) || (first < 128 && CLASS[first]! & NOT_FIRST)) return false;
  for (let i = from; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 128 ? CLASS[c]! & NOT_INSIDE : c === 0x2028 || c === 0x2029) return false;
  }
  return true;
}

function hasLineBreak(value: string): boolean {
  return value.includes('\r') || value.includes('\u2028') || value.includes('\u2029');
}

/** JavaScript's `\s`. */
function isSpace(c: number): boolean {
  return (c >= 9 && c <= 13) || c === 32 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
