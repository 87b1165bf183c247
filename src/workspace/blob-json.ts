import { isAscii } from 'node:buffer';
import { parseJsonValue } from './json-document.js';
import { decodeText } from './read-file.js';

/** The value of a JSON file's bytes as Claude Code reads it; undefined when they are not strict JSON text. */
export function jsonValueOf(bytes: Uint8Array): unknown {
  // ASCII (so no BOM either), as nearly every settings file is: one scan, and no problems to collect. A NUL byte,
  // which decodeText calls binary, fails JSON.parse anyway (raw control characters are not JSON anywhere).
  if (isAscii(bytes)) return parseJsonValue(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'));
  const text = decodeText(bytes).text;
  return text === undefined ? undefined : parseJsonValue(text);
}

const strings = new Map<string, string>();
const NONE: readonly unknown[] = [];

/**
 * `jsonValueOf`, sharing what it can with the values parsed before: thousands of versions of a settings file repeat
 * the same rules and the same members. `like`, a value parsed before (the neighbouring version of the same file), is
 * matched position by position first: the entries an array starts and ends with, the strings between them as far as
 * they line up, and members under the same key, take its strings after one comparison each, and its arrays and
 * objects where they are equal throughout (same members in the same order), so that an unchanged part of a file is
 * one object in every version and compares by identity. Other strings go through a table (hashing every string was
 * the largest part of reading a long history).
 * Nothing may change a value this returns: parts of it belong to other versions.
 */
export function sharedJsonValueOf(bytes: Uint8Array, like?: unknown): unknown {
  const value = jsonValueOf(bytes);
  if (strings.size > 200_000) strings.clear();
  return share(value, like) ? like : value;
}

/** Shares `value`'s parts with `like`'s; whether the two are equal throughout (then `like` can stand for `value`). */
function share(value: unknown, like: unknown): boolean {
  if (Array.isArray(value)) {
    if (Array.isArray(like)) return shareArray(value, like);
    shareArray(value, NONE);
    return false;
  }
  if (value !== null && typeof value === 'object') return shareRecord(value as Record<string, unknown>, like);
  return false;
}

function shareArray(value: unknown[], other: readonly unknown[]): boolean {
  const n = value.length;
  const m = other.length;
  let equal = n === m;
  let start = 0;
  while (start < n && start < m) {
    // Strings, nearly every entry of a settings file, are matched here rather than by a call each.
    const v = value[start];
    const o = other[start];
    if (typeof v === 'string') {
      if (v !== o) break;
      value[start] = o;
    } else {
      const same = sameAt(value, start, o);
      if (same === MISMATCH) break;
      if (same === ALIGNED) equal = false;
    }
    start++;
  }
  if (start === n && equal) return true;
  let end = n;
  let endOther = m;
  while (end > start && endOther > start) {
    const v = value[end - 1];
    const o = other[endOther - 1];
    if (typeof v === 'string') {
      if (v !== o) break;
      value[end - 1] = o;
    } else {
      const same = sameAt(value, end - 1, o);
      if (same === MISMATCH) break;
      if (same === ALIGNED) equal = false;
    }
    end--;
    endOther--;
  }
  // The middle walks along `other`'s: a string removed or added in between (the usual edit) costs one table lookup,
  // and the strings after it are still taken from `other`.
  let j = start;
  for (let i = start; i < end; i++) {
    const v: unknown = value[i];
    if (typeof v === 'string') {
      if (j < endOther && other[j] === v) value[i] = other[j++];
      else if (j + 1 < endOther && other[j + 1] === v) {
        value[i] = other[j + 1];
        j += 2;
      } else value[i] = shared(v);
    } else if (v !== null && typeof v === 'object') share(v, undefined);
  }
  return false;
}

function shareRecord(record: Record<string, unknown>, like: unknown): boolean {
  const other = like !== null && typeof like === 'object' && !Array.isArray(like) ? (like as Record<string, unknown>) : undefined;
  const keys = Object.keys(record);
  const otherKeys = other === undefined ? NONE : Object.keys(other);
  let equal = other !== undefined && keys.length === otherKeys.length;
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] as string;
    // An own `__proto__` member is left alone: assigning it is easy to get wrong and it is never worth sharing.
    if (key === '__proto__') {
      equal = false;
      continue;
    }
    if (equal && otherKeys[k] !== key) equal = false;
    const v = record[key];
    const o = other !== undefined && Object.hasOwn(other, key) ? other[key] : undefined;
    if (typeof v === 'string') {
      if (typeof o === 'string' && o === v) record[key] = o;
      else {
        record[key] = shared(v);
        equal = false;
      }
    } else if (v !== null && typeof v === 'object') {
      if (share(v, o)) record[key] = o;
      else equal = false;
    } else if (!Object.is(v, o)) equal = false;
  }
  return equal;
}

type Match = typeof MISMATCH | typeof ALIGNED | typeof EQUAL;
/** Not the same entry: alignment stops here. */
const MISMATCH = 0;
/** Objects or arrays at the same place that differ inside: alignment goes on past them. */
const ALIGNED = 1;
/** Equal entries; `items[i]` is now `like`. */
const EQUAL = 2;

/** How `items[i]` matches `like`; an equal string, array or object is replaced by `like`, which is then shared. */
function sameAt(items: unknown[], i: number, like: unknown): Match {
  const v: unknown = items[i];
  if (typeof v === 'string') {
    if (typeof like !== 'string' || like !== v) return MISMATCH;
    items[i] = like;
    return EQUAL;
  }
  if (v !== null && typeof v === 'object') {
    if (!share(v, like)) return ALIGNED;
    items[i] = like;
    return EQUAL;
  }
  return Object.is(v, like) ? EQUAL : MISMATCH;
}

function shared(s: string): string {
  const known = strings.get(s);
  if (known !== undefined) return known;
  strings.set(s, s);
  return s;
}
