import { within, type Range } from './markdown-regions.js';

export interface Base64Payload extends Range {
  /** `text`: it decodes to readable prose (an instruction a reviewer cannot read); `blob`: a long opaque payload. */
  kind: 'text' | 'blob';
}

/** Shortest run that can decode to a sentence, and the length from which an opaque run counts as a blob. */
const MIN_TEXT = 20;
const MIN_BLOB = 256;

// Standard alphabet only: the URL-safe one (`-`, `_`) would match every kebab- and snake-case identifier.
const RUN = new RegExp(String.raw`(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/]{${MIN_TEXT},}={0,2}(?![A-Za-z0-9+/=_-])`, 'g');
// Inline media (`data:image/svg+xml;base64,…`, fonts, audio), also URL-encoded in a badge: a picture, not words.
const MEDIA_URI = /data:(?:image|font|audio|video|application\/(?:font|x-font|octet-stream|pdf|wasm))[\w.+/%-]{0,100}(?:;|%3B)base64(?:,|%2C)[^\s"'()<>[\]]*/gi;
// Credentials in examples (`Authorization: Basic dXNlcjpwYXNz`, `_auth=`) are secret-in-config's concern, not injection.
const CREDENTIAL_CONTEXT = /\b(?:basic|bearer|auth\w*|passw\w*|token|secret|credentials?|api[_-]?key)\b/i;

/**
 * Base64 runs that hide something: those that decode to readable prose, whatever their length, and long opaque ones.
 * Hex digests, paths and identifiers are not reported: they never decode to prose and are not that long.
 */
export function base64Payloads(text: string): Base64Payload[] {
  const out: Base64Payload[] = [];
  const media = [...text.matchAll(MEDIA_URI)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  for (const m of text.matchAll(RUN)) {
    const run = m[0];
    const start = m.index;
    if (within(media, start)) continue;
    if (decodesToProse(run)) {
      if (!CREDENTIAL_CONTEXT.test(lineBefore(text, start))) out.push({ kind: 'text', start, end: start + run.length });
    } else if (run.length >= MIN_BLOB && looksEncoded(run)) out.push({ kind: 'blob', start, end: start + run.length });
  }
  return out;
}

/** Up to 80 characters before the run on its line: where `Authorization: Basic` or `password=` would be. */
function lineBefore(text: string, start: number): string {
  const window = text.slice(Math.max(0, start - 80), start);
  return window.slice(window.lastIndexOf('\n') + 1);
}

/** All three character classes and not only hex digits: what an encoder produces, unlike a path or a digest. */
function looksEncoded(run: string): boolean {
  const body = run.replace(/=+$/, '');
  return /[A-Z]/.test(body) && /[a-z]/.test(body) && /[0-9]/.test(body) && !/^[0-9a-fA-F]+$/.test(body) && body.replace(/[^/]/g, '').length < body.length / 8;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes to valid UTF-8 that reads like words: mostly letters and spaces, at least three words. */
export function decodesToProse(run: string): boolean {
  const body = run.replace(/=+$/, '');
  if (body.length % 4 === 1) return false;
  let decoded: string;
  try {
    decoded = UTF8.decode(Buffer.from(body, 'base64'));
  } catch {
    return false;
  }
  if (/[\u0000-\u0008\u000e-\u001f\u007f\ufffd]/.test(decoded)) return false;
  const words = decoded.match(/\p{L}{2,}/gu) ?? [];
  if (words.length < 3 || !/\s/.test(decoded)) return false;
  const wordish = decoded.replace(/[^\p{L}\s.,;:!?'"-]/gu, '').length;
  return wordish / decoded.length >= 0.8;
}
