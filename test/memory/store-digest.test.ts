import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MemoryIndex, MemoryItem } from '../../src/memory/model.js';
import { storeDigest } from '../../src/memory/plan.js';
import { compareText } from '../../src/text-order.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const item = (relPath: string, content = relPath) => ({ relPath, sha256: sha(content) }) as MemoryItem;
const index = (content: string) => ({ relPath: 'MEMORY.md', sha256: sha(content) }) as MemoryIndex;
/** The store as readStore leaves it: items in path order (code units), the index apart. */
const byPath = (items: MemoryItem[]) => [...items].sort((a, b) => compareText(a.relPath, b.relPath));

describe('storeDigest', () => {
  it('is the h1 over every item and the index: their lines in the order of the names\' UTF-8 bytes', () => {
    const items = byPath(['A.md', 'Lz.md', 'MEMORY.mc', 'MEMORY.mdx', 'Z.md', 'a.md', 'dir/x.md', 'é.md', '\u{1F600}.md', '\uFFFD.md'].map((n) => item(n)));
    const idx = index('- [a](a.md)\n');
    // Worked out here, not by h1Of: sorted by Buffer.compare, one line each, hashed.
    const h1 = (files: { relPath: string; sha256: string }[]) =>
      `h1:${createHash('sha256')
        .update([...files].sort((a, b) => Buffer.compare(Buffer.from(a.relPath), Buffer.from(b.relPath))).map((f) => `${f.sha256}  ${f.relPath}\n`).join(''))
        .digest('base64')}`;
    expect(storeDigest({ items, index: idx })).toBe(h1([...items, idx]));
    expect(storeDigest({ items, index: undefined })).toBe(h1(items));
  });

  it('changes with any file content, any path, and the index', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6, unit: 'grapheme' }), { minLength: 1, maxLength: 12 }), fc.nat(), (names, pick) => {
        const items = byPath(names.map((n) => item(n)));
        const idx = index('x');
        const digest = storeDigest({ items, index: idx });
        const k = pick % items.length;
        const edited = items.map((it, i) => (i === k ? item(it.relPath, `${it.relPath}!`) : it));
        expect(storeDigest({ items: edited, index: idx })).not.toBe(digest);
        const renamed = byPath(items.map((it, i) => (i === k ? ({ ...it, relPath: `${it.relPath}~` } as MemoryItem) : it)));
        if (!names.includes(`${items[k]!.relPath}~`)) expect(storeDigest({ items: renamed, index: idx })).not.toBe(digest);
        expect(storeDigest({ items, index: index('y') })).not.toBe(digest);
        expect(storeDigest({ items, index: undefined })).not.toBe(digest);
      }),
      { numRuns: 300 },
    );
  });
});
