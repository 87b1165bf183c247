import { parseDocument, isMap, isScalar, isSeq, type Document, type Node as YamlNode } from 'yaml';
import type { LineIndex } from './positions.js';
import { once } from '../once.js';
import { simpleYamlMapping } from './simple-yaml-mapping.js';
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
  /**
   * True when the YAML only parsed after quoting plain values that contain `: ` or start with a YAML indicator, the
   * way Claude Code's loader tolerates `description: Use when: …` (positions in `doc` then refer to `yamlText`).
   */
  repaired: boolean;
  /** The YAML that `doc` was parsed from (the repaired text when `repaired`). */
  yamlText: string;
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
      repaired: false,
      yamlText: '',
    };
  }
  const yamlText = rest.slice(0, close.index);
  const afterClose = yamlOffset + close.index + close[0].length;
  const bodyOffset = afterClose + (/^(\r\n|\r|\n)/.exec(text.slice(afterClose))?.[0].length ?? 0);
  const base = { yamlOffset, bodyOffset, unterminated: false };
  const simple = simpleYamlMapping(yamlText);
  if (simple) {
    // The same data the parser gives; its document (positions, for findings in the frontmatter) is built only if asked for.
    const docOf = once(() => parseYamlMapping(yamlText).doc);
    return {
      ...base,
      data: simple,
      errors: [],
      repaired: false,
      yamlText,
      get doc() {
        return docOf();
      },
    };
  }
  const strict = parseYamlMapping(yamlText);
  if (strict.errors.length === 0) return { ...base, data: strict.data, errors: [], repaired: false, yamlText, doc: strict.doc };
  const repairedText = quotePlainValues(yamlText);
  if (repairedText !== yamlText) {
    const retry = parseYamlMapping(repairedText);
    if (retry.errors.length === 0) return { ...base, data: retry.data, errors: [], repaired: true, yamlText: repairedText, doc: retry.doc };
  }
  const errors = strict.errors.map((e) => ({ message: e.message, position: lines.position(yamlOffset + e.offset) }));
  return { ...base, data: undefined, errors, repaired: false, yamlText, doc: strict.doc };
}

interface YamlParse {
  data: Record<string, unknown> | undefined;
  errors: { message: string; offset: number }[];
  doc?: Document;
}

/** What the YAML parser makes of a frontmatter text: the reference the fast readers are tested against. */
export function parseYamlMapping(yamlText: string): YamlParse {
  try {
    const doc = parseDocument(yamlText, { prettyErrors: false, uniqueKeys: true });
    const errors = doc.errors.map((e) => ({ message: e.message.split('\n')[0] ?? e.message, offset: e.pos[0] ?? 0 }));
    if (errors.length > 0) return { data: undefined, errors, doc };
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) return { data: {}, errors, doc };
    if (typeof value === 'object' && !Array.isArray(value)) return { data: value as Record<string, unknown>, errors, doc };
    return { data: undefined, errors: [{ message: 'frontmatter is not a mapping of keys to values', offset: 0 }], doc };
  } catch (error) {
    return { data: undefined, errors: [{ message: error instanceof Error ? error.message : String(error), offset: 0 }] };
  }
}

/**
 * Quotes single-line plain values (`key: value` at the top level, and `- item` list entries) that contain `: ` or
 * ` #`, or start with an alias/anchor/tag/reserved indicator. Values starting with `[` or `{` are left alone: Claude
 * Code (2.1.232, measured by users) drops such frontmatter instead of repairing it.
 */
export function quotePlainValues(yamlText: string): string {
  return yamlText
    .split(/(\r\n|\r|\n)/)
    .map((line) => {
      const m = /^(\s*-[ \t]+|[A-Za-z0-9_-]+:[ \t]+)(.*?)[ \t]*$/.exec(line);
      if (!m) return line;
      const [, head = '', value = ''] = m;
      if (value === '' || /^["'[{|>]/.test(value)) return line;
      if (!/: |\s#|^[*&!%@`]/.test(value) && !value.endsWith(':')) return line;
      return `${head}"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    })
    .join('');
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
  if (fm.repaired) {
    // Quoting shifted offsets; lines did not move, so point at the start of the line in the original text.
    const linesBefore = fm.yamlText.slice(0, range[0]).split(/\r\n|\r|\n/).length - 1;
    return lines.span(lines.lineStart(lines.position(fm.yamlOffset).line + linesBefore), 0);
  }
  return lines.span(fm.yamlOffset + range[0], Math.max(0, range[1] - range[0]));
}
