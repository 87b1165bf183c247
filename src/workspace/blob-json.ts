import { parseJsonValue } from './json-document.js';
import { decodeText } from './read-file.js';

/** The value of a JSON file's bytes as Claude Code reads it; undefined when they are not strict JSON text. */
export function jsonValueOf(bytes: Uint8Array): unknown {
  const text = decodeText(bytes).text;
  return text === undefined ? undefined : parseJsonValue(text);
}

const strings = new Map<string, string>();

/**
 * `jsonValueOf`, with the strings of arrays and object members shared with the values parsed before: thousands of
 * versions of a settings file repeat the same rules, which then take memory once and compare by identity.
 */
export function sharedJsonValueOf(bytes: Uint8Array): unknown {
  const value = jsonValueOf(bytes);
  if (strings.size > 200_000) strings.clear();
  share(value);
  return value;
}

function share(value: unknown): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (typeof v === 'string') value[i] = shared(v);
      else if (v !== null && typeof v === 'object') share(v);
    }
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const v = record[key];
      // An own `__proto__` member is left alone: assigning it is easy to get wrong and it is never worth sharing.
      if (typeof v === 'string') {
        if (key !== '__proto__') record[key] = shared(v);
      } else if (v !== null && typeof v === 'object') share(v);
    }
  }
}

function shared(s: string): string {
  const known = strings.get(s);
  if (known !== undefined) return known;
  strings.set(s, s);
  return s;
}
