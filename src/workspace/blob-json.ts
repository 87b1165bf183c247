import { parseJsonValue } from './json-document.js';
import { decodeText } from './read-file.js';

/** The value of a JSON file's bytes as Claude Code reads it; undefined when they are not strict JSON text. */
export function jsonValueOf(bytes: Uint8Array): unknown {
  const text = decodeText(bytes).text;
  return text === undefined ? undefined : parseJsonValue(text);
}

const strings = new Map<string, string>();
const NONE: readonly unknown[] = [];

/**
 * `jsonValueOf`, with the strings of arrays and object members shared with the values parsed before: thousands of
 * versions of a settings file repeat the same rules, which then take memory once and compare by identity. `like`,
 * a value parsed before (the neighbouring version of the same file), is matched position by position first: the
 * entries an array starts and ends with, and members under the same key, take its strings after one comparison each,
 * where the table would hash every string (hashing was the largest part of reading a long history).
 */
export function sharedJsonValueOf(bytes: Uint8Array, like?: unknown): unknown {
  const value = jsonValueOf(bytes);
  if (strings.size > 200_000) strings.clear();
  share(value, like);
  return value;
}

function share(value: unknown, like: unknown): void {
  if (Array.isArray(value)) {
    const other: readonly unknown[] = Array.isArray(like) ? like : NONE;
    const n = value.length;
    const m = other.length;
    let start = 0;
    while (start < n && start < m && sameAt(value, start, other[start])) start++;
    let end = n;
    let endOther = m;
    while (end > start && endOther > start && sameAt(value, end - 1, other[endOther - 1])) {
      end--;
      endOther--;
    }
    for (let i = start; i < end; i++) {
      const v: unknown = value[i];
      if (typeof v === 'string') value[i] = shared(v);
      else if (v !== null && typeof v === 'object') share(v, undefined);
    }
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const other = like !== null && typeof like === 'object' && !Array.isArray(like) ? (like as Record<string, unknown>) : undefined;
    for (const key of Object.keys(record)) {
      // An own `__proto__` member is left alone: assigning it is easy to get wrong and it is never worth sharing.
      if (key === '__proto__') continue;
      const v = record[key];
      const o = other !== undefined && Object.hasOwn(other, key) ? other[key] : undefined;
      if (typeof v === 'string') record[key] = typeof o === 'string' && o === v ? o : shared(v);
      else if (v !== null && typeof v === 'object') share(v, o);
    }
  }
}

/**
 * Whether `items[i]` matches `like` (the same string, then replaced by `like`'s copy; or a primitive equal to it),
 * after sharing inside it when it is an object or array: their alignment goes on past them.
 */
function sameAt(items: unknown[], i: number, like: unknown): boolean {
  const v: unknown = items[i];
  if (typeof v === 'string') {
    if (typeof like !== 'string' || like !== v) return false;
    items[i] = like;
    return true;
  }
  if (v !== null && typeof v === 'object') {
    share(v, like);
    return true;
  }
  return v === like;
}

function shared(s: string): string {
  const known = strings.get(s);
  if (known !== undefined) return known;
  strings.set(s, s);
  return s;
}
