import { isObject } from '../workspace/json-value.js';
import { parseFrontmatter } from '../workspace/frontmatter.js';
import { LineIndex } from '../workspace/positions.js';
import { canonicalIsoMs, isoTimeOf } from './iso-time.js';
import type { FrontmatterShape, ItemContent } from './model.js';
import { MEMORY_TYPES, type MemoryType } from './settings.js';
import { simpleFrontmatter } from './simple-frontmatter.js';

export interface ParsedItem {
  type: MemoryType;
  declaredType?: string;
  name?: string;
  description?: string;
  shape: FrontmatterShape;
  /** ISO time from `modified:` when it is a valid date (canonical: as `toISOString` writes it). */
  modified?: string;
  modifiedMs?: number;
  expires?: string;
  invalidExpires?: string;
  /** Where the body starts in the text (after the frontmatter), for {@link contentOf}. */
  bodyOffset: number;
}

const MAX_LINKS = 200;

/** A memory file as read: its bytes, whether they are valid UTF-8, and its text (decoded on demand, BOM dropped). */
export interface MemoryFileBytes {
  bytes: Buffer;
  utf8: boolean;
  text: () => string;
}

/** {@link parseMemoryFile} of a text. */
export function parseMemoryText(text: string): ParsedItem {
  return parseMemoryFile({ bytes: Buffer.from(text, 'utf8'), utf8: true, text: () => text });
}

/**
 * Reads a memory topic file's frontmatter in both of Claude Code's shapes (reference §A.3): `type:` at the top level
 * (v2.1.120) or under `metadata:` with a kebab-case `name` (v2.1.139+). Unknown keys are ignored. Never throws. The
 * common shape is read from the bytes; only other frontmatter needs the text and the YAML parser.
 */
export function parseMemoryFile(file: MemoryFileBytes): ParsedItem {
  const { bytes } = file;
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const opens = bytes[bom] === 0x2d && bytes[bom + 1] === 0x2d && bytes[bom + 2] === 0x2d;
  const simple = opens && file.utf8 ? simpleFrontmatter(bytes, bom) : undefined;
  let fm: { data: Record<string, unknown> | undefined; bodyOffset: number } | undefined;
  if (simple) fm = { data: simple.data, bodyOffset: simple.ascii ? simple.bodyOffset - bom : bytes.toString('utf8', bom, simple.bodyOffset).length };
  else if (opens) {
    const text = file.text();
    fm = parseFrontmatter(text, new LineIndex(text));
  }
  const data = fm?.data;
  const parsed: ParsedItem = { type: 'unknown', shape: fm ? (data ? 'other' : 'invalid') : 'none', bodyOffset: fm?.bodyOffset ?? 0 };
  if (!data) return parsed;
  const metadata = isObject(data.metadata) ? data.metadata : undefined;
  const rawType = typeof data.type === 'string' ? data.type : typeof metadata?.type === 'string' ? metadata.type : undefined;
  if (rawType !== undefined) {
    parsed.shape = typeof data.type === 'string' ? 'top-level-type' : 'metadata-type';
    const known = MEMORY_TYPES.find((t) => t === rawType) ?? MEMORY_TYPES.find((t) => t === rawType.trim().toLowerCase());
    if (known && known !== 'unknown') parsed.type = known;
    else parsed.declaredType = rawType;
  }
  const name = stringOf(data.name);
  if (name) parsed.name = name;
  const description = stringOf(data.description);
  if (description) parsed.description = description;
  const modifiedRaw = data.modified ?? metadata?.modified;
  const modifiedMs = typeof modifiedRaw === 'string' ? canonicalIsoMs(modifiedRaw) : Number.NaN;
  const modified = Number.isFinite(modifiedMs) ? (modifiedRaw as string) : isoTime(modifiedRaw);
  if (modified) {
    parsed.modified = modified;
    parsed.modifiedMs = Number.isFinite(modifiedMs) ? modifiedMs : Date.parse(modified);
  }
  const expiresRaw = data.expires ?? metadata?.expires;
  if (expiresRaw !== undefined && expiresRaw !== null) {
    const day = isoDay(expiresRaw);
    if (day) parsed.expires = day;
    else parsed.invalidExpires = String(expiresRaw instanceof Date ? 'invalid date' : expiresRaw).slice(0, 80);
  }
  return parsed;
}

/** The text with what its body links to and cites: only the auditor needs it (planning never keeps file contents). */
export function contentOf(text: string, bodyOffset: number): ItemContent {
  const body = bodyOffset > 0 ? text.slice(bodyOffset) : text;
  return { text, links: linksIn(body), citedPaths: citedPathsIn(body) };
}

function stringOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function isoTime(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isFinite(value.getTime()) ? value.toISOString() : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  const ms = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isFinite(ms) ? isoTimeOf(text, ms) : undefined;
}

/** `YYYY-MM-DD` (or an ISO time, taken as its UTC day) that is a real calendar date; otherwise undefined. */
function isoDay(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isFinite(value.getTime()) ? value.toISOString().slice(0, 10) : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m) {
    const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return date.toISOString().slice(0, 10) === text ? text : undefined;
  }
  return /^\d{4}-\d{2}-\d{2}T/.test(text) ? isoTime(text)?.slice(0, 10) : undefined;
}

function linksIn(body: string): string[] {
  const links = new Set<string>();
  for (const m of body.matchAll(/\[\[([^\]\n[]{1,200})\]\]/g)) {
    links.add((m[1] ?? '').trim());
    if (links.size >= MAX_LINKS) break;
  }
  return [...links];
}

/** Relative paths in backticks (`src/app.ts`), the citations Claude Code's prompt says to verify before trusting. */
function citedPathsIn(body: string): string[] {
  const paths = new Set<string>();
  for (const m of body.matchAll(/`((?:\.{0,2}\/)?[\w@.-]+(?:\/[\w@.-]+)+)`/g)) {
    const p = m[1] ?? '';
    if (!p.includes('://') && !p.startsWith('/')) paths.add(p);
    if (paths.size >= MAX_LINKS) break;
  }
  return [...paths];
}
