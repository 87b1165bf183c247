import { parseJsonValue } from './json-document.js';
import { decodeText } from './read-file.js';

/** The value of a JSON file's bytes as Claude Code reads it; undefined when they are not strict JSON text. */
export function jsonValueOf(bytes: Uint8Array): unknown {
  const text = decodeText(bytes).text;
  return text === undefined ? undefined : parseJsonValue(text);
}
