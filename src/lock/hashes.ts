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
 * A go.sum-style `h1:` digest over named hashes: sha256 of the sorted lines `<sha256 hex>  <name>\n`, base64. Any
 * shell reproduces it with `sha256sum` over the files, sorted by name.
 */
export function h1Of(entries: readonly { name: string; sha256Hex: string }[]): string {
  const order = hexHashOrder(entries);
  let lines: string[];
  if (order) {
    // One string per line, then one join: a join of four parts per line cost twice as much for a store of 50,000 files.
    lines = new Array<string>(order.length);
    for (let k = 0; k < order.length; k++) {
      const e = entries[order[k] as number] as { name: string; sha256Hex: string };
      lines[k] = `${e.sha256Hex}  ${e.name}\n`;
    }
  } else lines = entries.map((e) => `${e.sha256Hex}  ${e.name}\n`).sort();
  return `h1:${createHash('sha256').update(lines.join(''), 'utf8').digest('base64')}`;
}

/** Key (the number in the first 8 hex digits, 32 bits) and index (at most 2^20 entries) packed in one float: exact below 2^53. */
const INDEX_BITS = 2 ** 20;

/**
 * The order of the lines `<hash>  <name>\n` as a string sort puts them, computed faster for the tens of thousands of
 * entries of a memory store: when every hash starts with 8 lowercase hex digits (then their numeric order is their
 * string order), by the number they make (a native numeric sort), comparing whole lines only where those digits are
 * equal. Otherwise undefined.
 */
function hexHashOrder(entries: readonly { name: string; sha256Hex: string }[]): number[] | undefined {
  const n = entries.length;
  if (n < 64 || n > INDEX_BITS) return undefined;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const hash = (entries[i] as { sha256Hex: string }).sha256Hex;
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
      const line = (e: number) => `${entries[e]?.sha256Hex}  ${entries[e]?.name}\n`;
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
