import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { locate, parseErrorName, parseJsonDocument } from '../../src/workspace/json-document.js';
import { printParseErrorCode } from 'jsonc-parser';

describe('parseJsonDocument', () => {
  it('parses strict JSON and locates values by pointer', () => {
    const doc = parseJsonDocument('{\n  "permissions": {\n    "allow": ["Bash(ls)", "Read"]\n  }\n}\n');
    expect(doc.errors).toEqual([]);
    expect(doc.value).toEqual({ permissions: { allow: ['Bash(ls)', 'Read'] } });
    const span = locate(doc, '/permissions/allow/1');
    expect(span.start).toMatchObject({ line: 3, column: 27 });
    expect(span.end).toMatchObject({ line: 3, column: 33 });
    expect(locate(doc, ['permissions', 'allow'], 'key').start).toMatchObject({ line: 3, column: 5 });
  });

  it('falls back to the nearest existing ancestor for missing pointers', () => {
    const doc = parseJsonDocument('{\n  "a": {"b": 1}\n}');
    expect(locate(doc, '/a/missing/deeper').start).toMatchObject({ line: 2, column: 8 });
  });

  it('reports a trailing comma at the comma, and gives no value', () => {
    const doc = parseJsonDocument('{\n  "allow": [\n    "Bash(ls)",\n  ]\n}');
    expect(doc.value).toBeUndefined();
    expect(doc.errors[0]).toMatchObject({ code: 'trailing-comma', position: { line: 3, column: 15 } });
    expect(doc.recovered).toEqual({ allow: ['Bash(ls)'] });
  });

  it('reports comments as errors (Claude Code rejects them)', () => {
    const doc = parseJsonDocument('{\n  // note\n  "a": 1\n}');
    expect(doc.errors[0]).toMatchObject({ code: 'comment', position: { line: 2, column: 3 } });
  });

  it('reports empty files and plain syntax errors', () => {
    expect(parseJsonDocument('  \n').errors[0]?.code).toBe('empty');
    expect(parseJsonDocument('{"a": }').errors[0]).toMatchObject({ code: 'syntax', position: { line: 1, column: 7 } });
  });

  it('handles CRLF and lone CR line endings in positions', () => {
    const doc = parseJsonDocument('{\r\n"a":\r1,\r\n"b": x}');
    expect(doc.errors[0]?.position).toMatchObject({ line: 4, column: 6 });
  });

  it('agrees with JSON.parse on valid JSON', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(parseJsonDocument(text).value).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('survives deep nesting', () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    expect(() => parseJsonDocument(deep)).not.toThrow();
  });
});

describe('parseErrorName', () => {
  it("names every parse error code as jsonc-parser's printParseErrorCode does", () => {
    for (let code = 0; code <= 17; code++) expect(parseErrorName(code), String(code)).toBe(printParseErrorCode(code));
  });
});
