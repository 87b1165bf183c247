import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { locateInFrontmatter, parseFrontmatter, parseYamlMapping } from '../../src/workspace/frontmatter.js';
import { LineIndex } from '../../src/workspace/positions.js';
import { mayBeOtherType, simpleYamlMapping } from '../../src/workspace/simple-yaml-mapping.js';
import { sharedPath } from '../helpers/shared.js';

/** Whenever the simple reader answers, it answers what the parser does (and it must answer for the plain cases). */
function agrees(yamlText: string): boolean {
  const simple = simpleYamlMapping(yamlText);
  if (simple === undefined) return false;
  expect(JSON.stringify(simple), yamlText).toBe(JSON.stringify(parseYamlMapping(yamlText).data));
  return true;
}

describe('simpleYamlMapping', () => {
  it('reads the frontmatter skills, subagents, commands and rules usually have', () => {
    const answered = [
      'name: deploy\ndescription: Build, test and deploy. Use when the user asks to "ship it".\nallowed-tools: Bash(git status:*), Read\n',
      'argument-hint: "<pull request title>"\nmodel: sonnet\n',
      "paths:\n  - \"test/**/*.ts\"\n  - 'src/**/*.test.ts'\n  - docs/*.md\nname: rules\n",
      'tools:\n- Read\n- Grep\n\nmodel: opus\n',
      "description: it's a plain value with 'quotes' and \"more\", a#inside, a:colon and a trailing space   \n",
      'name: ключ значение 🙂\n',
      'nbsp: \u00a0\n',
      '',
      '\n\n',
    ];
    for (const text of answered) expect(agrees(text), text).toBe(true);
  });

  it('leaves everything else to the parser', () => {
    const refused = [
      'count: 3', 'ok: true', 'none: null', 'tilde: ~', 'octal: 0o17', 'inf: -.inf', 'float: .5', 'exp: 1e3', 'hex: 0x1F',
      'a: b # comment', 'a: [x, y]', 'a: {x: 1}', 'a: |\n  block', 'a: >\n  folded', 'a: &anchor x', 'a: *alias', 'a: !tag x',
      'a: "esc\\"aped"', "a: 'it''s'", 'a: x\na: y', 'a:\n  b: c', 'a:\n', 'a:\nb: c', 'a:\tx', 'a: x\n  continued', '- top',
      'a: x:', 'a: x: y', 'true: x', 'a: @x', 'a: `x`', 'a: %x', 'a: - x', 'a:\n  - x\n    - y', 'a:\n  - k: v', 'a: "unclosed',
      'a:b', ' a: b', '%YAML 1.2', '\u00a0', 'a: x\u2028y', 'a: \u0001',
    ];
    for (const text of refused) expect(simpleYamlMapping(text), text).toBeUndefined();
  });

  it('agrees with the parser on generated frontmatter', () => {
    const char = fc.constantFrom(...'aZ09 -_:#"\',.[]{}&*!|>%@`?~+=<\\/()\u00e9\u00a0\t\u2028'.split(''));
    const word = fc.array(char, { maxLength: 12 }).map((cs) => cs.join(''));
    const value = fc.oneof(word, word.map((w) => `"${w}"`), word.map((w) => `'${w}'`), fc.constantFrom('true', 'False', '12', '-3.5', '.inf', '0o7', '0x1A', '1_0', 'null', '~', 'e5', '1.2.3', '2024-01-01'));
    const key = fc.constantFrom('name', 'description', 'allowed-tools', 'paths', 'model', 'a_b', 'true', 'e5', 'x-1');
    const line = fc.oneof(
      fc.tuple(key, value).map(([k, v]) => `${k}: ${v}`),
      fc.tuple(key, fc.constantFrom('', '  ', '    '), fc.array(value, { minLength: 1, maxLength: 3 })).map(([k, indent, items]) => [`${k}:`, ...items.map((v) => `${indent}- ${v}`)].join('\n')),
      fc.constantFrom('', '   ', '# comment', 'key:', '  nested: x'),
    );
    let answered = 0;
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), fc.constantFrom('\n', '\r\n'), (lines, eol) => {
        if (agrees(lines.join(eol))) answered++;
      }),
      { numRuns: 3000 },
    );
    // The generator must reach the answered cases often enough for the comparison to mean something.
    expect(answered).toBeGreaterThan(300);
  });

  it('agrees with the parser on every frontmatter of the corpus', () => {
    const corpus = sharedPath('corpus');
    let seen = 0;
    let answered = 0;
    const visit = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) visit(file);
        else if (entry.name.endsWith('.md')) {
          const text = readFileSync(file, 'utf8');
          // Split as production splits it; a repaired frontmatter's text is not the file's.
          const fm = parseFrontmatter(text, new LineIndex(text));
          if (!fm || fm.unterminated || fm.repaired) continue;
          seen++;
          if (agrees(fm.yamlText)) answered++;
        }
      }
    };
    visit(corpus);
    expect(seen).toBeGreaterThan(500);
    // Most real frontmatter is this simple: that is the point of the fast path.
    expect(answered / seen).toBeGreaterThan(0.5);
  });

  it('still gives positions in frontmatter it read without the parser', () => {
    const text = '---\nname: deploy\nallowed-tools: Bash\n---\nBody\n';
    const lines = new LineIndex(text);
    const fm = parseFrontmatter(text, lines);
    expect(fm?.data).toEqual({ name: 'deploy', 'allowed-tools': 'Bash' });
    expect(locateInFrontmatter(fm!, lines, ['allowed-tools'])).toMatchObject({ start: { line: 3, column: 16 }, end: { line: 3, column: 20 } });
  });

  it('says a text may be another type to YAML whenever the parser reads it as something other than that string', () => {
    for (const text of ['', 'null', 'Null', '~', 'true', 'False', '1', '-2.5', '1e3', '0x1f', '0o7', '.inf', '-.Inf', '.nan']) {
      expect(parseYamlMapping(`k: ${text}\n`).data?.['k'], JSON.stringify(text)).not.toBe(text);
      expect(mayBeOtherType(text), JSON.stringify(text)).toBe(true);
    }
    // Plain words stay with the fast reader.
    for (const text of ['name', 'eve', 'tree', '-x', '1.2.3']) {
      expect(parseYamlMapping(`k: ${text}\n`).data?.['k']).toBe(text);
      expect(mayBeOtherType(text), text).toBe(false);
    }
  });
});
