import { LineIndex } from './positions.js';
import type { ConfigFile } from './types.js';

const cache = new WeakMap<ConfigFile, LineIndex>();

/** The line index of a file's text (shared with its JSON document when it has one). */
export function linesOf(file: ConfigFile): LineIndex {
  if (file.json) return file.json.lines;
  let lines = cache.get(file);
  if (!lines) {
    lines = new LineIndex(file.text ?? '');
    cache.set(file, lines);
  }
  return lines;
}

