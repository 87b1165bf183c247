import { LineIndex } from './positions.js';
import type { ConfigFile, Span } from './types.js';

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

/** The span of the first occurrence of `needle` in the file, or of the file's start. */
export function spanOfText(file: ConfigFile, needle: string, from = 0): Span {
  const lines = linesOf(file);
  const at = file.text ? file.text.indexOf(needle, from) : -1;
  return at < 0 ? lines.span(0, 0) : lines.span(at, needle.length);
}
