import { isObject } from '../workspace/json-value.js';
import { canonicalIsoMs, isoTimeOf } from './iso-time.js';
import type { FrontmatterShape } from './model.js';
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

/** A memory file as read: its bytes, whether they are valid UTF-8, and its text (decoded on demand, BOM dropped). */
export interface MemoryFileBytes {
  bytes: Buffer;
  utf8: boolean;
  text: () => string;
}

/**
 * A memory file's fields read from its bytes alone: without frontmatter, or with the frontmatter Claude Code writes
 * ({@link simpleFrontmatter}). Undefined when only the YAML parser can say (parseMemoryFile in parse-item.ts); this
 * module stays free of it, for the memory read worker.
 */
export function parseMemoryBytes(file: MemoryFileBytes): ParsedItem | undefined {
  const { bytes } = file;
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if (!(bytes[bom] === 0x2d && bytes[bom + 1] === 0x2d && bytes[bom + 2] === 0x2d)) return parsedOf(undefined);
  const simple = file.utf8 ? simpleFrontmatter(bytes, bom) : undefined;
  if (!simple) return undefined;
  return parsedOf({ data: simple.data, bodyOffset: simple.ascii ? simple.bodyOffset - bom : bytes.toString('utf8', bom, simple.bodyOffset).length });
}

/** The item's fields from its frontmatter (undefined: none; data undefined: not a mapping or not parseable). */
export function parsedOf(fm: { data: Record<string, unknown> | undefined; bodyOffset: number } | undefined): ParsedItem {
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

