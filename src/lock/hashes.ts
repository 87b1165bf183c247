import { createHash } from 'node:crypto';

/** The normalization profile of the `normalized` hash; a new profile gets a new name, never a changed meaning. */
export const HASH_PROFILE = 'agentgov-norm-v1';

/** Subresource-integrity string (`sha256-<base64>`) of raw bytes: any byte change, invisible characters included. */
export function integrityOf(bytes: Uint8Array): string {
  return `sha256-${createHash('sha256').update(bytes).digest('base64')}`;
}

/**
 * `agentgov-norm-v1`: decode as UTF-8 (invalid bytes become U+FFFD), drop a BOM only at byte 0, CRLF and CR → LF,
 * strip spaces and tabs at the end of every line, and end with exactly one newline (an empty or blank file stays
 * empty). Nothing else: no Unicode folding, and invisible characters are kept (they are flagged, never hidden).
 */
export function normalizeText(bytes: Uint8Array): string {
  let text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  text = text.replace(/\r\n?/g, '\n').replace(/[ \t]+$/gm, '');
  text = text.replace(/\n+$/, '');
  return text === '' ? '' : `${text}\n`;
}

export function normalizedIntegrityOf(bytes: Uint8Array): string {
  return `sha256-${createHash('sha256').update(normalizeText(bytes), 'utf8').digest('base64')}`;
}

/**
 * go.sum's `h1:` digest (golang.org/x/mod/sumdb/dirhash Hash1) over named hashes: `h1:` + base64 of the sha256 of
 * the lines `<sha256 hex>  <name>\n`, one per entry in the order of the names' UTF-8 bytes (as Go's sort.Strings puts
 * them). A shell reproduces it: `sha256sum` over the files in that order (`LC_ALL=C sort`), then sha256 of its output,
 * base64. Entries of one name (Go's has none) go by hash.
 */
export function h1Of(entries: readonly HashEntry[]): string {
  // Callers mostly give entries in order already (a memory store's tens of thousands are in path order, the index
  // last): the sort then finds one long run and merges in the rest.
  const sorted = [...entries].sort(byName);
  // One string per line, then one join: a join of four parts per line cost twice as much for a store of 50,000 files.
  const lines = new Array<string>(sorted.length);
  for (let k = 0; k < sorted.length; k++) {
    const e = sorted[k] as HashEntry;
    lines[k] = `${e.sha256Hex}  ${e.name}\n`;
  }
  return `h1:${createHash('sha256').update(lines.join(''), 'utf8').digest('base64')}`;
}

type HashEntry = { name: string; sha256Hex: string };

function byName(a: HashEntry, b: HashEntry): number {
  return utf8Order(a.name, b.name) || utf8Order(a.sha256Hex, b.sha256Hex);
}

/**
 * The order of two strings' UTF-8 bytes, which is their code points' order. UTF-16 code units differ from it only
 * where a surrogate (a code point past U+FFFF) meets a unit of U+E000–U+FFFF: the surrogate's code point is larger.
 */
export function utf8Order(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) return surrogateLast(x) - surrogateLast(y);
    return x - y;
  }
  return a.length - b.length;
}

/** A code unit of U+D800 and above, renumbered so that surrogates come after U+E000–U+FFFF. */
function surrogateLast(unit: number): number {
  return unit <= 0xdfff ? unit + 0x2000 : unit - 0x800;
}

/** The hex sha256 inside an SRI `sha256-<base64>` string. */
export function hexOfIntegrity(integrity: string): string {
  return Buffer.from(integrity.replace(/^sha256-/, ''), 'base64').toString('hex');
}

/** Lines as editors count them: a final newline does not start another line; an empty file has none. */
export function lineCountOf(bytes: Uint8Array): number {
  if (bytes.length === 0) return 0;
  const text = Buffer.from(bytes).toString('latin1');
  const breaks = (text.match(/\r\n|\r|\n/g) ?? []).length;
  return /(\r\n|\r|\n)$/.test(text) ? breaks : breaks + 1;
}
