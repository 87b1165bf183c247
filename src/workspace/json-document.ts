import { parseTree, findNodeAtLocation, getNodeValue, type Node, type ParseError } from 'jsonc-parser';
import { LineIndex } from './positions.js';
import { fromPointer, type JsonPath } from './json-pointer.js';
import type { Position, Span } from './types.js';

export type JsonSyntaxErrorCode = 'comment' | 'trailing-comma' | 'empty' | 'syntax';

export interface JsonSyntaxError {
  code: JsonSyntaxErrorCode;
  /** jsonc-parser's name for the error, e.g. `ValueExpected`. */
  detail: string;
  position: Position;
}

export type JsonNode = Node;

export interface JsonDocument {
  /** The parsed value; undefined when the text is not strict JSON (Claude Code then ignores the whole file). */
  value: unknown;
  /** A best-effort value recovered from broken text, for diagnostics only. */
  recovered: unknown;
  errors: JsonSyntaxError[];
  tree?: JsonNode;
  lines: LineIndex;
}

/** Parses strict JSON (no comments, no trailing commas) keeping the position of every value. Never throws. */
export function parseJsonDocument(text: string): JsonDocument {
  const lines = new LineIndex(text);
  const raw: ParseError[] = [];
  let tree: Node | undefined;
  try {
    tree = parseTree(text, raw, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch {
    tree = undefined;
  }
  const errors = raw.map((e) => classifyError(text, e, lines));
  if (text.trim() === '') {
    errors.length = 0;
    errors.push({ code: 'empty', detail: 'EmptyContent', position: lines.position(0) });
  }
  let recovered: unknown;
  try {
    recovered = tree ? getNodeValue(tree) : undefined;
  } catch {
    recovered = undefined;
  }
  const strict = strictJson(text);
  if (errors.length === 0 && !strict.ok) errors.push({ code: 'syntax', detail: strict.message, position: lines.position(strict.offset) });
  return { value: errors.length === 0 && strict.ok ? strict.value : undefined, recovered, errors, tree, lines };
}

/**
 * The value Claude Code reads from a settings text: `JSON.parse`, as Node parses it (own `__proto__` keys, last
 * duplicate wins), undefined when the text is not strict JSON. What `parseJsonDocument(text).value` is, without the
 * tree and positions, for callers that parse thousands of versions of a file (history).
 */
export function parseJsonValue(text: string): unknown {
  const strict = strictJson(text);
  return strict.ok ? strict.value : undefined;
}

function strictJson(text: string): { ok: true; value: unknown } | { ok: false; message: string; offset: number } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /position (\d+)/.exec(message);
    return { ok: false, message, offset: at ? Math.min(Number(at[1]), text.length) : 0 };
  }
}

/**
 * jsonc-parser's name for a parse error code (its `printParseErrorCode`, which lives in the module that also builds
 * the formatter's tables of indentation strings at load; the bundled CLI takes the parser alone: scripts/bundle-cli.mjs).
 */
const PARSE_ERROR_NAMES = [
  'InvalidSymbol',
  'InvalidNumberFormat',
  'PropertyNameExpected',
  'ValueExpected',
  'ColonExpected',
  'CommaExpected',
  'CloseBraceExpected',
  'CloseBracketExpected',
  'EndOfFileExpected',
  'InvalidCommentToken',
  'UnexpectedEndOfComment',
  'UnexpectedEndOfString',
  'UnexpectedEndOfNumber',
  'InvalidUnicode',
  'InvalidEscapeCharacter',
  'InvalidCharacter',
] as const;

export function parseErrorName(code: number): string {
  return PARSE_ERROR_NAMES[code - 1] ?? '<unknown ParseErrorCode>';
}

function classifyError(text: string, error: ParseError, lines: LineIndex): JsonSyntaxError {
  const detail = parseErrorName(error.error);
  if (detail === 'InvalidCommentToken') return { code: 'comment', detail, position: lines.position(error.offset) };
  const ch = text[error.offset];
  if ((ch === '}' || ch === ']') && (detail === 'PropertyNameExpected' || detail === 'ValueExpected')) {
    let i = error.offset - 1;
    while (i >= 0 && /\s/.test(text[i] ?? '')) i--;
    if (text[i] === ',') return { code: 'trailing-comma', detail, position: lines.position(i) };
  }
  return { code: 'syntax', detail, position: lines.position(error.offset) };
}

/** The node at a pointer or path, if the document has one there. */
export function nodeAt(doc: JsonDocument, where: string | JsonPath): JsonNode | undefined {
  if (!doc.tree) return undefined;
  const path = typeof where === 'string' ? fromPointer(where) : where;
  const segments: (string | number)[] = [];
  let node: Node | undefined = doc.tree;
  for (const seg of path) {
    // Array indexes arrive as strings from pointers; jsonc-parser needs numbers for arrays.
    const key = node?.type === 'array' && typeof seg === 'string' && /^\d+$/.test(seg) ? Number(seg) : seg;
    segments.push(key);
    node = findNodeAtLocation(doc.tree, segments);
    if (!node) return undefined;
  }
  return node;
}

/**
 * The span of the value at a pointer (or of its key, with `part: 'key'`); falls back to the nearest
 * ancestor that exists, so a finding about a missing key still points somewhere useful.
 */
export function locate(doc: JsonDocument, where: string | JsonPath, part: 'value' | 'key' = 'value'): Span {
  const path = [...(typeof where === 'string' ? fromPointer(where) : where)];
  while (path.length > 0) {
    const node = nodeAt(doc, path);
    if (node) {
      if (part === 'key' && node.parent?.type === 'property') {
        const keyNode = node.parent.children?.[0];
        if (keyNode) return doc.lines.span(keyNode.offset, keyNode.length);
      }
      return doc.lines.span(node.offset, node.length);
    }
    path.pop();
  }
  if (doc.tree) return doc.lines.span(doc.tree.offset, 0);
  return doc.lines.span(0, 0);
}

const ERROR_TEXT: Record<JsonSyntaxErrorCode, string> = {
  comment: 'comments are not allowed in JSON',
  'trailing-comma': 'trailing commas are not allowed in JSON',
  empty: 'the file is empty',
  syntax: 'invalid JSON',
};

/** `line:column: what` for the first syntax error (later ones are usually its consequences). */
export function describeFirstJsonError(doc: JsonDocument): string | undefined {
  const first = doc.errors[0];
  if (!first) return undefined;
  const what = first.code === 'syntax' ? `${ERROR_TEXT.syntax} (${first.detail})` : ERROR_TEXT[first.code];
  return `${first.position.line}:${first.position.column}: ${what}`;
}
