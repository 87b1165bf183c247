import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { h1Of, integrityOf, lineCountOf, normalizeText, normalizedIntegrityOf } from '../../src/lock/hashes.js';
import { gitBlobOf } from '../../src/workspace/hash.js';
import { findHiddenCharacters } from '../../src/lock/hidden-characters.js';
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

  it('h1 of many hex hashes equals sha256 of the string-sorted lines (the fast sort keeps the order, ties included)', () => {
    // Hashes sharing their first 8 digits (and whole hashes shared by several names) exercise the tie-breaking.
    const prefixes = ['00000000', '0000000f', 'ffffffff', '7fffffff', '80000000', 'a1b2c3d4'];
    const entries = Array.from({ length: 3000 }, (_, i) => {
      const hex = createHash('sha256').update(String(i % 2500)).digest('hex');
      return { name: `dir${i % 7}/file-${(i * 7919) % 3001}.md`, sha256Hex: i % 3 === 0 ? `${prefixes[i % prefixes.length]}${hex.slice(8)}` : hex };
    });
    const expected = `h1:${createHash('sha256').update(entries.map((e) => `${e.sha256Hex}  ${e.name}\n`).sort().join(''), 'utf8').digest('base64')}`;
    expect(h1Of(entries)).toBe(expected);
    expect(h1Of([...entries].reverse())).toBe(expected);
    // Hashes that are not hex (the lock's placeholder for files outside the repository) take the plain sort.
    const mixed = entries.map((e, i) => (i % 500 === 0 ? { ...e, sha256Hex: `OUTSIDE${e.sha256Hex.slice(7)}` } : e));
    expect(h1Of(mixed)).toBe(`h1:${createHash('sha256').update(mixed.map((e) => `${e.sha256Hex}  ${e.name}\n`).sort().join(''), 'utf8').digest('base64')}`);
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

  it('accepts a BOM at offset 0 only', () => {
    expect(findHiddenCharacters('\uFEFFtext')).toEqual([]);
    expect(findHiddenCharacters('te\uFEFFxt').map((r) => r.classes)).toEqual([['bom']]);
  });
});
