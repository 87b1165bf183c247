import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentOf, parseMemoryText } from '../../src/memory/parse-item.js';
import { simpleFrontmatter } from '../../src/memory/simple-frontmatter.js';
import { parseFrontmatter } from '../../src/workspace/frontmatter.js';
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

  it('the fast frontmatter reader agrees with the YAML parser whenever it answers (property)', () => {
    const key = fc.constantFrom('name', 'description', 'type', 'modified', 'expires', 'other-key', 'constructor', 'metadata');
    const odd = fc.constantFrom('true', '12', 'a: b', '#x', "it's", '"q"', "'s'", '2026-01-01', 'x # c', '- item', '[a]', '-: x', '-x', 'a\rb', 'x\u2028y', '"a\\b"', "'a''b'", '"a\rb"', 'ends:', 'tab\there', '\u00a0x', '.inf', '0x1f', '~', "'", '""', 'x  ');
    const anyText = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ maxLength: 12, unit: 'binary' }));
    const value = fc.oneof(anyText, odd, fc.tuple(odd, fc.string({ maxLength: 5, unit: 'binary' }), odd).map((parts) => parts.join('')));
    const line = fc.oneof(fc.tuple(key, value).map(([k, v]) => `${k}: ${v}`), fc.tuple(key, value).map(([k, v]) => `  ${k}: ${v}`), fc.constant('metadata:'), fc.string({ maxLength: 20 }));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), (lines) => {
        const text = `---\n${lines.join('\n')}\n---\nbody\n`;
        const bytes = Buffer.from(text, 'utf8');
        // The reader is only given valid UTF-8 (lone surrogates are not).
        const fast = bytes.toString('utf8') === text ? simpleFrontmatter(bytes) : undefined;
        if (!fast) return;
        const full = parseFrontmatter(text, new LineIndex(text));
        expect(full?.repaired).toBe(false);
        expect(fast.data).toEqual(full?.data);
        expect(fast.bodyOffset).toBe(Buffer.byteLength(text.slice(0, full?.bodyOffset)));
        expect(fast.ascii).toBe(/^[\x00-\x7f]*$/.test(text.slice(0, full?.bodyOffset)));
        expect(parseMemoryText(text).bodyOffset).toBe(full?.bodyOffset);
      }),
      { numRuns: 5000 },
    );
  });
});
