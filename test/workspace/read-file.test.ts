import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeText, readTextFile } from '../../src/workspace/read-file.js';
import { writeFileAtomic } from '../../src/workspace/write-file.js';
import { tempDir, writeTree } from '../helpers/tree.js';

const isRoot = process.getuid?.() === 0;

describe('readTextFile', () => {
  it('reads UTF-8 text', async () => {
    const dir = writeTree(tempDir(), { 'a.json': '{"é": 1}' });
    const r = await readTextFile(path.join(dir, 'a.json'), 1024);
    expect(r.text).toBe('{"é": 1}');
    expect(r.problems).toEqual([]);
  });

  it('strips and reports a BOM', async () => {
    const dir = writeTree(tempDir(), { 'a.json': Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]) });
    const r = await readTextFile(path.join(dir, 'a.json'), 1024);
    expect(r.text).toBe('{}');
    expect(r.problems.map((p) => p.code)).toEqual(['bom']);
  });

  it('reports invalid UTF-8 with the position of the first bad byte and still returns text', async () => {
    const dir = writeTree(tempDir(), { 'a.md': Buffer.concat([Buffer.from('ok\nab'), Buffer.from([0xc3, 0x28]), Buffer.from('z')]) });
    const r = await readTextFile(path.join(dir, 'a.md'), 1024);
    expect(r.text).toContain('\ufffd');
    expect(r.problems).toEqual([{ code: 'invalid-utf8', position: { line: 2, column: 3, offset: 5 } }]);
  });

  it('refuses binary files', async () => {
    const dir = writeTree(tempDir(), { 'a.bin': Buffer.from([1, 0, 2]) });
    const r = await readTextFile(path.join(dir, 'a.bin'), 1024);
    expect(r.text).toBeUndefined();
    expect(r.problems.map((p) => p.code)).toEqual(['binary']);
  });

  it('refuses files over the cap without reading them', async () => {
    const dir = writeTree(tempDir(), { 'big.json': 'x'.repeat(2000) });
    const r = await readTextFile(path.join(dir, 'big.json'), 1000);
    expect(r.text).toBeUndefined();
    expect(r.problems).toEqual([{ code: 'too-large', size: 2000, limit: 1000 }]);
  });

  it('reports directories, symlink loops, broken links and FIFOs', async () => {
    const dir = writeTree(tempDir(), { d: { dir: true }, loop: { symlink: 'loop' }, broken: { symlink: 'nowhere' } });
    execFileSync('mkfifo', [path.join(dir, 'fifo')]);
    const code = async (name: string) => (await readTextFile(path.join(dir, name), 1024)).problems[0]?.code;
    expect(await code('d')).toBe('is-directory');
    expect(await code('loop')).toBe('symlink-loop');
    expect(await code('broken')).toBe('not-found');
    expect(await code('fifo')).toBe('not-a-file');
  });

  it.skipIf(isRoot)('reports unreadable files (not testable as root, who can read anything)', async () => {
    const dir = writeTree(tempDir(), { 'a.json': '{}' });
    execFileSync('chmod', ['000', path.join(dir, 'a.json')]);
    const r = await readTextFile(path.join(dir, 'a.json'), 1024);
    expect(r.problems[0]?.code).toBe('permission-denied');
  });
});

describe('decodeText', () => {
  it('treats an empty buffer as empty text', () => {
    expect(decodeText(new Uint8Array())).toEqual({ text: '', size: 0, problems: [] });
  });
});

describe('writeFileAtomic', () => {
  it('writes through to devices instead of replacing them, and refuses directories', async () => {
    await writeFileAtomic('/dev/null', 'report\n');
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    const dir = tempDir();
    await expect(writeFileAtomic(dir, 'x')).rejects.toThrow(/directory/);
  });
});
