import fc from 'fast-check';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { h1Of, integrityOf, lineCountOf, normalizeText, normalizedIntegrityOf, utf8Order } from '../../src/lock/hashes.js';
import { gitBlobOf } from '../../src/workspace/hash.js';
import { findHiddenCharacters } from '../../src/lock/hidden-characters.js';
import { REPO_ROOT } from '../helpers/shared.js';
import { tempDir } from '../helpers/tree.js';

const samples: [string, Buffer][] = [
  ['empty', Buffer.alloc(0)],
  ['lf', Buffer.from('# Rules\n- be brief\n')],
  ['crlf and trailing spaces', Buffer.from('# Rules  \r\n- be brief\t\r\n')],
  ['bom', Buffer.from('\uFEFF# Rules\n', 'utf8')],
  ['no final newline', Buffer.from('one line')],
  ['invalid utf-8', Buffer.from([0x23, 0x20, 0xff, 0xfe, 0x0a])],
  ['zero-width', Buffer.from('a\u200Bb\n', 'utf8')],
];

describe('gitBlob', () => {
  it.each(samples)('equals `git hash-object` for %s', (_name, bytes) => {
    const dir = tempDir();
    const file = path.join(dir, 'f.md');
    writeFileSync(file, bytes);
    const git = execFileSync('git', ['hash-object', '--no-filters', file], { encoding: 'utf8' }).trim();
    expect(gitBlobOf(bytes)).toBe(git);
  });
});

describe('normalized hash (agentgov-norm-v1)', () => {
  it('ignores line endings, trailing blanks, a BOM at byte 0 and the number of final newlines', () => {
    const base = normalizedIntegrityOf(Buffer.from('# Rules\n- be brief\n'));
    for (const variant of ['# Rules\r\n- be brief\r\n', '# Rules  \n- be brief\t\n\n\n', '\uFEFF# Rules\n- be brief', '# Rules\r- be brief\r']) {
      expect(normalizedIntegrityOf(Buffer.from(variant, 'utf8')), JSON.stringify(variant)).toBe(base);
      expect(integrityOf(Buffer.from(variant, 'utf8'))).not.toBe(integrityOf(Buffer.from('# Rules\n- be brief\n')));
    }
  });

  it('never removes invisible characters, a BOM inside the text, or leading whitespace', () => {
    const base = normalizeText(Buffer.from('ab\n'));
    expect(normalizeText(Buffer.from('a\u200Bb\n', 'utf8'))).not.toBe(base);
    expect(normalizeText(Buffer.from('a\uFEFFb\n', 'utf8'))).not.toBe(base);
    expect(normalizeText(Buffer.from('  ab\n'))).not.toBe(base);
    expect(normalizeText(Buffer.from(' \n\t\n'))).toBe('');
  });
});

describe('h1 and line counts', () => {
  it('h1 does not depend on the order entries are given in', () => {
    const a = { name: 'a.md', sha256Hex: 'aa' };
    const b = { name: 'b.md', sha256Hex: 'bb' };
    expect(h1Of([a, b])).toBe(h1Of([b, a]));
    expect(h1Of([a, b])).not.toBe(h1Of([a, { ...b, sha256Hex: 'bc' }]));
  });

  it("h1 is go.sum's: sha256 of the lines in the order of the names' UTF-8 bytes, whatever order entries come in", () => {
    // Names past U+FFFF (surrogates in UTF-16) against names in U+E000–U+FFFF are where UTF-16 order and UTF-8 order part.
    const names = ['b.md', 'a.md', 'A.md', 'dir/x.md', 'dir-x.md', 'dir.md', 'é.md', '\uE000.md', '\u{1F600}.md', '\uFFFD.md', 'z\u{10000}', 'z\uFFFF'];
    const entries = Array.from({ length: 600 }, (_, i) => ({
      name: `${names[i % names.length]}${Math.floor(i / names.length)}`,
      sha256Hex: createHash('sha256').update(String(i % 97)).digest('hex'),
    }));
    const utf8Sorted = [...entries].sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
    const expected = `h1:${createHash('sha256').update(utf8Sorted.map((e) => `${e.sha256Hex}  ${e.name}\n`).join(''), 'utf8').digest('base64')}`;
    expect(h1Of(entries)).toBe(expected);
    expect(h1Of([...entries].reverse())).toBe(expected);
    expect(h1Of(utf8Sorted)).toBe(expected);
    // The order is the names', not the lines': a hash that sorts first does not move its line.
    const two = [{ name: 'a.md', sha256Hex: 'ff' }, { name: 'b.md', sha256Hex: '00' }];
    expect(h1Of(two)).toBe(`h1:${createHash('sha256').update('ff  a.md\n00  b.md\n').digest('base64')}`);
  });

  it.skipIf(!hasCommands('sh', 'sha256sum', 'openssl'))('h1 is what the shell recipe of docs/lock-file.md gives', () => {
    const doc = readFileSync(path.join(REPO_ROOT, 'docs', 'lock-file.md'), 'utf8');
    const recipe = /^ {4}(printf .*sha256sum.*)$/m.exec(doc)?.[1];
    expect(recipe).toContain('<name>...');
    const dir = tempDir();
    // Names the recipe must keep whole: spaces, glob characters, non-ASCII, names that sort apart in bytes and in locales.
    const names = ['b.md', 'a b.md', 'Z.md', 'é.md', 'x-y.md', 'x.md', '*.md', 'dir [1].md'];
    names.forEach((name, i) => writeFileSync(path.join(dir, name), `file ${i}\n`));
    const digest = execFileSync('sh', ['-c', (recipe as string).replace('<name>...', '"$@"'), 'sh', ...names], { cwd: dir, encoding: 'utf8' }).trim();
    const entries = names.map((name, i) => ({ name, sha256Hex: createHash('sha256').update(`file ${i}\n`).digest('hex') }));
    expect(h1Of(entries)).toBe(`h1:${digest}`);
  });

  it('orders strings by their UTF-8 bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        expect(Math.sign(utf8Order(a, b))).toBe(Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
      }),
      { numRuns: 2000 },
    );
  });

  it('names of one entry more than once go by hash, and stay stable under reordering', () => {
    const a = { name: 'same.md', sha256Hex: 'bb' };
    const b = { name: 'same.md', sha256Hex: 'aa' };
    expect(h1Of([a, b])).toBe(h1Of([b, a]));
    expect(h1Of([a, b])).toBe(`h1:${createHash('sha256').update('aa  same.md\nbb  same.md\n').digest('base64')}`);
  });

  it('counts lines as editors do', () => {
    expect(lineCountOf(Buffer.from(''))).toBe(0);
    expect(lineCountOf(Buffer.from('a'))).toBe(1);
    expect(lineCountOf(Buffer.from('a\n'))).toBe(1);
    expect(lineCountOf(Buffer.from('a\r\nb'))).toBe(2);
  });
});

describe('hidden characters', () => {
  it('finds zero-width, bidi, tag and control characters, one run each, and leaves emoji sequences alone', () => {
    const text = 'ok\u200B\u200Cx \u202Eevil\u202C y\u{E0041}\u{E0042} z\u0007 👨\u200D👩 e\u0301';
    const runs = findHiddenCharacters(text);
    expect(runs.map((r) => r.classes.join('+'))).toEqual(['zero-width', 'bidi', 'bidi', 'tag', 'control']);
    expect(runs[0]?.codePoints).toEqual(['U+200B', 'U+200C']);
    expect(runs[3]?.codePoints).toEqual(['U+E0041', 'U+E0042']);
    expect(text.slice(runs[0]?.offset, (runs[0]?.offset ?? 0) + (runs[0]?.length ?? 0))).toBe('\u200B\u200C');
  });

  it('reports exactly the hidden characters of any text, ASCII-only or not', () => {
    // Characters of every class, and visible ones (ASCII, accented letters, emoji) around them.
    const hidden = ['\u200B', '\u200C', '\u2060', '\u202E', '\u2066', '\u061C', '\u00AD', '\u3164', '\uFE00', '\u{E0041}', '\u{E0100}', '\u0001', '\u001B', '\u007F', '\u0085'];
    const visible = ['a', 'Z', ' ', '~', '\t', '\n', '\r', 'é', '€', '\u{1F600}', '\uFE0F'];
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...visible), fc.constantFrom(...hidden)), { maxLength: 40 }), (chars) => {
        const text = chars.join('');
        const expected: number[] = [];
        let offset = 0;
        for (const ch of chars) {
          if (hidden.includes(ch)) for (let k = 0; k < ch.length; k++) expected.push(offset + k);
          offset += ch.length;
        }
        const found = findHiddenCharacters(text).flatMap((r) => Array.from({ length: r.length }, (_, k) => r.offset + k));
        expect(found).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts a BOM at offset 0 only', () => {
    expect(findHiddenCharacters('\uFEFFtext')).toEqual([]);
    expect(findHiddenCharacters('te\uFEFFxt').map((r) => r.classes)).toEqual([['bom']]);
  });
});

function hasCommands(...names: string[]): boolean {
  return names.every((name) => spawnSync('sh', ['-c', 'command -v "$1"', 'sh', name], { stdio: 'ignore' }).status === 0);
}
