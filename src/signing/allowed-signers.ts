import { wildcardMatch } from '../policies/permission-rules/glob.js';
import { keyTypeOfBlob } from './ssh-wire.js';
import type { Parsed } from './sshsig.js';

/**
 * One line of an OpenSSH `allowed_signers` file (ssh-keygen(1), ALLOWED SIGNERS):
 * `principals [options] keytype base64-key [comment]`, options `namespaces="…"`, `valid-after="…"`, `valid-before="…"`.
 * `cert-authority` (certificate signers) is refused: agentgov verifies plain keys only.
 */
export interface AllowedSigner {
  /** 1-based line in the file. */
  line: number;
  /** The principals as written (comma-separated patterns, e.g. `sec-team@acme.example`). */
  principals: string;
  keyType: string;
  keyBlob: Buffer;
  /** Comma-separated namespace patterns the key may sign for; absent = any. */
  namespaces?: string;
  validAfter?: Date;
  validBefore?: Date;
}

/** Parses the whole file; the first bad line makes it an error (a trust file read half-way is not one). Never throws. */
export function parseAllowedSigners(text: string): Parsed<AllowedSigner[]> {
  const signers: AllowedSigner[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const parsed = parseLine(line, i + 1);
    if (!parsed.ok) return { ok: false, error: `line ${i + 1}: ${parsed.error}` };
    signers.push(parsed.value);
  }
  return { ok: true, value: signers };
}

function parseLine(line: string, number: number): Parsed<AllowedSigner> {
  const principalsWord = firstWord(line);
  if (!principalsWord || principalsWord.rest === '') return { ok: false, error: 'expected principals, then a key' };
  const principals = principalsWord.word.replace(/^"(.*)"$/s, '$1');
  if (principals === '') return { ok: false, error: 'empty principals' };
  let rest = principalsWord.rest;
  let key = keyOf(rest);
  let options = '';
  if (!key) {
    const optionsWord = firstWord(rest);
    if (!optionsWord || optionsWord.rest === '') return { ok: false, error: 'missing key' };
    options = optionsWord.word;
    rest = optionsWord.rest;
    key = keyOf(rest);
    if (!key) return { ok: false, error: 'invalid key (expected a key type such as ssh-ed25519 and its base64 blob)' };
  }
  const signer: AllowedSigner = { line: number, principals, keyType: key.type, keyBlob: key.blob };
  const applied = applyOptions(signer, options);
  return applied ? { ok: false, error: applied } : { ok: true, value: signer };
}

/** The first word (a double-quoted one may hold spaces) and what follows it, trimmed. */
function firstWord(text: string): { word: string; rest: string } | undefined {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ' ' || ch === '\t')) return { word: text.slice(0, i), rest: text.slice(i).trim() };
  }
  return quoted ? undefined : { word: text, rest: '' };
}

function keyOf(text: string): { type: string; blob: Buffer } | undefined {
  const [type, base64] = text.split(/[ \t]+/);
  if (!type || !base64 || !/^(ssh|ecdsa|sk)-[A-Za-z0-9@.-]+$/.test(type) || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return undefined;
  const blob = Buffer.from(base64, 'base64');
  if (keyTypeOfBlob(blob) !== type) return undefined;
  // An Ed25519 key is exactly its type and 32 bytes; other types are kept as blobs (their signatures are refused anyway).
  return type !== 'ssh-ed25519' || blob.length === 4 + type.length + 4 + 32 ? { type, blob } : undefined;
}

/** Applies `name[="value"]` options (comma-separated, quotes required around values, as ssh-keygen does); returns an error. */
function applyOptions(signer: AllowedSigner, options: string): string | undefined {
  if (options === '') return undefined;
  for (const option of splitOptions(options)) {
    const m = /^([A-Za-z-]+)(?:=(.*))?$/s.exec(option);
    const name = m?.[1]?.toLowerCase();
    const rawValue = m?.[2];
    if (name === 'cert-authority') return 'cert-authority (certificate signers) is not supported: list each signer key itself';
    if (name !== 'namespaces' && name !== 'valid-after' && name !== 'valid-before') return `unsupported option ${JSON.stringify(option.slice(0, 40))}`;
    if (rawValue === undefined || !/^".*"$/s.test(rawValue)) return `option ${name} needs a double-quoted value`;
    const value = rawValue.slice(1, -1);
    if (name === 'namespaces') {
      if (value === '') return 'namespaces="" allows nothing';
      signer.namespaces = value;
      continue;
    }
    const when = parseSshTime(value);
    if (!when) return `option ${name}: expected YYYYMMDD, YYYYMMDDHHMM or YYYYMMDDHHMMSS, optionally ending in Z (UTC)`;
    if (name === 'valid-after') signer.validAfter = when;
    else signer.validBefore = when;
  }
  return undefined;
}

function splitOptions(options: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of options) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out;
}

/** ssh-keygen's absolute time: `YYYYMMDD[HHMM[SS]]`, UTC with a trailing `Z`, else the local time zone. */
export function parseSshTime(text: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?([Zz])?$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  const utc = m[7] !== undefined;
  const date = utc ? new Date(Date.UTC(y, mo - 1, d, h, mi, s)) : new Date(y, mo - 1, d, h, mi, s);
  // Date rolls 20260231 over into March: a field out of range is an invalid time, as for ssh-keygen.
  const parts = utc ? [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes()] : [date.getFullYear(), date.getMonth() + 1, date.getDate(), date.getHours(), date.getMinutes()];
  return parts.every((p, i) => p === [y, mo, d, h, mi][i]) && s < 60 ? date : undefined;
}

/** ssh's `match_pattern_list`: comma-separated `*`/`?` patterns; a matching `!pattern` denies, whatever else matches. */
export function matchPatternList(value: string, patterns: string): boolean {
  let positive = false;
  for (const raw of patterns.split(',')) {
    const negated = raw.startsWith('!');
    const pattern = negated ? raw.slice(1) : raw;
    if (!globMatch(value, pattern)) continue;
    if (negated) return false;
    positive = true;
  }
  return positive;
}

/**
 * `*` any run, `?` any one character. Not a regular expression: `^.*.*.*…x$` from `namespaces="***…x"` backtracks
 * exponentially (15 stars took a minute), and an allowed_signers file can come with the repository.
 */
function globMatch(value: string, pattern: string): boolean {
  return wildcardMatch(pattern, value, { questionMark: true });
}

/** The lines whose key is this public key blob. */
export function signersForKey(signers: readonly AllowedSigner[], blob: Buffer): AllowedSigner[] {
  return signers.filter((s) => s.keyBlob.equals(blob));
}
