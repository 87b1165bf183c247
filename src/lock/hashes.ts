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

export { gitBlobOf } from '../workspace/hash.js';

/**
 * A go.sum-style `h1:` digest over named hashes: sha256 of the sorted lines `<sha256 hex>  <name>\n`, base64. Any
 * shell reproduces it with `sha256sum` over the files, sorted by name.
 */
export function h1Of(entries: readonly { name: string; sha256Hex: string }[]): string {
  return h1OfBy(entries, nameOf, hexOf);
}

const nameOf = (e: { name: string }) => e.name;
const hexOf = (e: { sha256Hex: string }) => e.sha256Hex;

/** {@link h1Of} of entries of any shape (a memory store's tens of thousands of items, without an object made per item). */
export function h1OfBy<T>(entries: readonly T[], nameOf: (entry: T) => string, hashOf: (entry: T) => string): string {
  const order = hexHashOrder(entries, nameOf, hashOf) ?? lineOrder(entries, nameOf, hashOf);
  // The lines are written as UTF-8 into one buffer and hashed once: joining tens of thousands of small strings first
  // cost several times as much. A UTF-16 code unit takes at most 3 bytes in UTF-8.
  let capacity = 0;
  for (const entry of entries) capacity += 3 * (hashOf(entry).length + nameOf(entry).length) + 3;
  const out = Buffer.allocUnsafe(capacity);
  let at = 0;
  for (let k = 0; k < order.length; k++) {
    const entry = entries[order[k] as number] as T;
    at += out.write(hashOf(entry), at, 'utf8');
    out[at++] = 32;
    out[at++] = 32;
    at += out.write(nameOf(entry), at, 'utf8');
    out[at++] = 10;
  }
  return `h1:${createHash('sha256').update(out.subarray(0, at)).digest('base64')}`;
}

/** The order of the lines `<hash>  <name>\n` by a plain string sort. */
function lineOrder<T>(entries: readonly T[], nameOf: (entry: T) => string, hashOf: (entry: T) => string): number[] {
  const lines = entries.map((e) => `${hashOf(e)}  ${nameOf(e)}\n`);
  return lines.map((_, i) => i).sort((a, b) => ((lines[a] as string) < (lines[b] as string) ? -1 : (lines[a] as string) > (lines[b] as string) ? 1 : 0));
}

/** Key (the number in the first 8 hex digits, 32 bits) and index (at most 2^20 entries) packed in one float: exact below 2^53. */
const INDEX_BITS = 2 ** 20;

/**
 * The order of the lines `<hash>  <name>\n` as a string sort puts them, computed faster for the tens of thousands of
 * entries of a memory store: when every hash starts with 8 lowercase hex digits (then their numeric order is their
 * string order), by the number they make (a native numeric sort), comparing whole lines only where those digits are
 * equal. Otherwise undefined.
 */
function hexHashOrder<T>(entries: readonly T[], nameOf: (entry: T) => string, hashOf: (entry: T) => string): number[] | undefined {
  const n = entries.length;
  if (n < 64 || n > INDEX_BITS) return undefined;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const hash = hashOf(entries[i] as T);
    let value = 0;
    for (let k = 0; k < 8; k++) {
      const c = hash.charCodeAt(k);
      const digit = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
      if (digit < 0) return undefined;
      value = value * 16 + digit;
    }
    keys[i] = value * INDEX_BITS + i;
  }
  keys.sort();
  const order: number[] = new Array<number>(n);
  const keyAt = (i: number) => Math.floor((keys[i] as number) / INDEX_BITS);
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && keyAt(j) === keyAt(i)) j++;
    for (let k = i; k < j; k++) order[k] = (keys[k] as number) % INDEX_BITS;
    if (j > i + 1) {
      const line = (e: number) => `${hashOf(entries[e] as T)}  ${nameOf(entries[e] as T)}\n`;
      const group = order.slice(i, j).sort((a, b) => (line(a) < line(b) ? -1 : line(a) > line(b) ? 1 : 0));
      for (let k = i; k < j; k++) order[k] = group[k - i] as number;
    }
    i = j;
  }
  return order;
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
