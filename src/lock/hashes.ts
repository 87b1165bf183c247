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
  const lines = entries.map((e) => `${e.sha256Hex}  ${e.name}\n`).sort();
  return `h1:${createHash('sha256').update(lines.join(''), 'utf8').digest('base64')}`;
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
