import { parseDocument, isMap, isScalar, isSeq, LineCounter, type Document, type Node as YamlNode } from 'yaml';
import type { LineIndex } from './positions.js';
import type { Position, Span } from './types.js';
import { fromPointer, type JsonPath } from './json-pointer.js';

export interface FrontmatterError {
  message: string;
  position: Position;
}

export interface FrontmatterDocument {
  /** The frontmatter as plain data; undefined when the YAML is invalid or not a mapping. */
  data: Record<string, unknown> | undefined;
  errors: FrontmatterError[];
  /** Offset of the first character of the YAML text (after the opening `---` line) in the file. */
  yamlOffset: number;
  /** Offset where the body (after the closing `---` line) starts. */
  bodyOffset: number;
  /** True when an opening `---` has no closing line. */
  unterminated: boolean;
  doc?: Document;
}

const OPEN = /^---[ \t]*(\r\n|\r|\n)/;
const CLOSE = /^(---|\.\.\.)[ \t]*$/m;

/** Splits and parses YAML frontmatter; returns undefined when the file has none. Never throws. */
export function parseFrontmatter(text: string, lines: LineIndex): FrontmatterDocument | undefined {
  const open = OPEN.exec(text);
  if (!open) return undefined;
  const yamlOffset = open[0].length;
  const rest = text.slice(yamlOffset);
  const close = CLOSE.exec(rest);
  if (!close) {
    return {
      data: undefined,
      errors: [{ message: 'frontmatter starts with --- but never ends', position: lines.position(0) }],
      yamlOffset,
      bodyOffset: text.length,
      unterminated: true,
    };
  }
  const yamlText = rest.slice(0, close.index);
  const afterClose = yamlOffset + close.index + close[0].length;
  const bodyOffset = afterClose + (/^(\r\n|\r|\n)/.exec(text.slice(afterClose))?.[0].length ?? 0);
  const errors: FrontmatterError[] = [];
  let doc: Document | undefined;
  let data: Record<string, unknown> | undefined;
  try {
    doc = parseDocument(yamlText, { lineCounter: new LineCounter(), prettyErrors: false, uniqueKeys: true });
    for (const e of doc.errors) errors.push({ message: e.message.split('\n')[0] ?? e.message, position: lines.position(yamlOffset + (e.pos[0] ?? 0)) });
    if (errors.length === 0) {
      const value: unknown = doc.toJS({ maxAliasCount: 100 });
      if (value === null || value === undefined) data = {};
      else if (typeof value === 'object' && !Array.isArray(value)) data = value as Record<string, unknown>;
      else errors.push({ message: 'frontmatter is not a mapping of keys to values', position: lines.position(yamlOffset) });
    }
  } catch (error) {
    errors.push({ message: error instanceof Error ? error.message : String(error), position: lines.position(yamlOffset) });
  }
  return { data: errors.length === 0 ? data : undefined, errors, yamlOffset, bodyOffset, unterminated: false, doc };
}

/** The span of a frontmatter value (or key) by pointer, in file coordinates; falls back to the nearest ancestor. */
export function locateInFrontmatter(fm: FrontmatterDocument, lines: LineIndex, where: string | JsonPath, part: 'value' | 'key' = 'value'): Span {
  const path = [...(typeof where === 'string' ? fromPointer(where) : where)];
  const fallback = lines.span(fm.yamlOffset, 0);
  if (!fm.doc) return fallback;
  let node: unknown = fm.doc.contents;
  let keyNode: unknown;
  let best: YamlNode | undefined = node as YamlNode | undefined;
  let bestKey: unknown;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(seg));
      if (!pair) break;
      keyNode = pair.key;
      node = pair.value;
    } else if (isSeq(node)) {
      node = node.items[Number(seg)];
      keyNode = undefined;
    } else break;
    if (!node) break;
    best = node as YamlNode;
    bestKey = keyNode;
  }
  const target = (part === 'key' && bestKey ? bestKey : best) as YamlNode | undefined;
  const range = target?.range;
  if (!range) return fallback;
  return lines.span(fm.yamlOffset + range[0], Math.max(0, range[1] - range[0]));
}
