import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentOf, parseMemoryText } from '../../src/memory/parse-item.js';
import { simpleFrontmatter } from '../../src/memory/simple-frontmatter.js';
import { parseFrontmatter, parseYamlMapping } from '../../src/workspace/frontmatter.js';
import { LineIndex } from '../../src/workspace/positions.js';

describe('memory topic files', () => {
  it('reads both frontmatter shapes, modified and expires, links and cited paths', () => {
    const text = '---\nname: Testing rules\ndescription: d\ntype: feedback\nmodified: 2026-03-01T10:00:00Z\n---\nRun tests. See [[other-one]] and `src/app.ts`.\n';
    const v1 = parseMemoryText(text);
    expect(v1).toMatchObject({ type: 'feedback', shape: 'top-level-type', name: 'Testing rules', modified: '2026-03-01T10:00:00.000Z' });
    expect(contentOf(text, v1.bodyOffset)).toEqual({ text, links: ['other-one'], citedPaths: ['src/app.ts'] });
    const v2 = parseMemoryText("---\nname: testing-rules\ndescription: 'd: with colon'\nmetadata:\n  type: Project\nexpires: 2026-12-31\n---\nBody\n");
    expect(v2).toMatchObject({ type: 'project', shape: 'metadata-type', description: 'd: with colon', expires: '2026-12-31' });
    expect(parseMemoryText('---\ntype: todo\nexpires: 2026-02-30\n---\n')).toMatchObject({ type: 'unknown', declaredType: 'todo', invalidExpires: '2026-02-30' });
    expect(parseMemoryText('---\ntype: [unclosed\n---\n')).toMatchObject({ type: 'unknown', shape: 'invalid' });
    expect(parseMemoryText('no frontmatter')).toMatchObject({ type: 'unknown', shape: 'none' });
  });

  it('leaves keys YAML reads as another type to the YAML parser', () => {
    for (const text of ['---\nTrue: x\n---\n', '---\nnull: x\n---\n', '---\nname: a\nmetadata:\n  Null: b\n---\n']) {
      expect(simpleFrontmatter(Buffer.from(text)), text).toBeUndefined();
      // The memory reader still reads the frontmatter (through YAML): a mapping without a type, not an invalid one.
      expect(parseMemoryText(text), text).toMatchObject({ type: 'unknown', shape: 'other' });
    }
    expect(parseMemoryText('---\nname: a\nmetadata:\n  Null: b\n---\n').name).toBe('a');
  });

  it('the fast frontmatter reader agrees with the YAML parser whenever it answers (property)', () => {
    // Keys YAML reads as another type (`True:` is the boolean key true, `null:` the empty key) are among them.
    const key = fc.constantFrom('name', 'description', 'type', 'modified', 'expires', 'other-key', 'constructor', 'metadata', 'True', 'null', 'NULL', 'false', 'e5');
    const odd = fc.constantFrom('true', '12', 'a: b', '#x', "it's", '"q"', "'s'", '2026-01-01', 'x # c', '- item', '[a]', '-: x', '-x', 'a\rb', 'x\u2028y', '"a\\b"', "'a''b'", '"a\rb"', 'ends:', 'tab\there', '\u00a0x', '.inf', '-.inf', '+.Inf', '0o17', '0x1f', '~', "'", '""', 'x  ');
    const anyText = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ maxLength: 12, unit: 'binary' }));
    const value = fc.oneof(anyText, odd, fc.tuple(odd, fc.string({ maxLength: 5, unit: 'binary' }), odd).map((parts) => parts.join('')));
    const line = fc.oneof(fc.tuple(key, value).map(([k, v]) => `${k}: ${v}`), fc.tuple(key, value).map(([k, v]) => `  ${k}: ${v}`), fc.constant('metadata:'), fc.string({ maxLength: 20 }));
    const anyLines = fc.array(line, { maxLength: 8 });
    // Frontmatter the fast reader accepts (what Claude Code writes): distinct keys, values YAML reads as these very strings.
    const word = fc.stringMatching(/^[A-Za-z][\w.,/+=-]{0,11}$/);
    const safeValue = fc.oneof(
      fc.array(word, { minLength: 1, maxLength: 4 }).map((words) => words.join(' ')),
      fc.stringMatching(/^[^"\\\r\n]{0,16}$/).map((v) => `"${v}"`),
      fc.stringMatching(/^[^'\r\n]{0,16}$/).map((v) => `'${v}'`),
      fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString()),
      fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      fc.constantFrom('Testing rules', 'a:b', 'x-y', 'café', '日本語のメモ', 'https://example.com/a?b=c', '-x', 'v1.2.3-beta'),
    );
    const safeKey = fc.oneof(fc.constantFrom('name', 'description', 'type', 'modified', 'expires', 'other-key'), fc.stringMatching(/^[A-Za-z_][\w-]{0,9}$/));
    const safeLines = (indent: string) => fc.uniqueArray(fc.tuple(safeKey, safeValue), { minLength: 1, maxLength: 6, selector: ([k]) => k }).map((pairs) => pairs.map(([k, v]) => `${indent}${k}: ${v}`));
    const accepted = fc
      .tuple(safeLines(''), fc.option(safeLines('  '), { nil: undefined }))
      .map(([top, metadata]) => [...top.filter((l) => !l.startsWith('metadata:')), ...(metadata ? ['metadata:', ...metadata] : [])]);
    let compared = 0;
    const numRuns = 5000;
    fc.assert(
      fc.property(fc.oneof({ arbitrary: accepted, weight: 1 }, { arbitrary: anyLines, weight: 1 }), (lines) => {
        const text = `---\n${lines.join('\n')}\n---\nbody\n`;
        const bytes = Buffer.from(text, 'utf8');
        // The reader is only given valid UTF-8 (lone surrogates are not).
        const fast = bytes.toString('utf8') === text ? simpleFrontmatter(bytes) : undefined;
        if (!fast) return;
        compared++;
        const full = parseFrontmatter(text, new LineIndex(text));
        expect(full?.repaired).toBe(false);
        expect(fast.data).toEqual(full?.data);
        expect(fast.data).toEqual(parseYamlMapping(text.slice(4, text.indexOf('\n---\n', 3) + 1)).data);
        expect(fast.bodyOffset).toBe(Buffer.byteLength(text.slice(0, full?.bodyOffset)));
        expect(fast.ascii).toBe(/^[\x00-\x7f]*$/.test(text.slice(0, full?.bodyOffset)));
        expect(parseMemoryText(text).bodyOffset).toBe(full?.bodyOffset);
      }),
      { numRuns },
    );
    // Half the inputs are built to be accepted: most of them must reach the comparison, or the property tests nothing.
    expect(compared).toBeGreaterThanOrEqual(numRuns * 0.45);
  });
});
