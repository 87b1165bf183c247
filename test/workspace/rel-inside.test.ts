import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isInside, leavesBase, relInside } from '../../src/workspace/rel-inside.js';

describe('relInside', () => {
  const root = path.resolve('/work/project');

  it('is the POSIX path below the base', () => {
    expect(relInside(root, path.join(root, '.claude', 'settings.json'))).toBe('.claude/settings.json');
    expect(relInside(`${root}${path.sep}`, path.join(root, 'CLAUDE.md'))).toBe('CLAUDE.md');
    expect(relInside(path.parse(root).root, root)).toBe(root.slice(path.parse(root).root.length).split(path.sep).join('/'));
  });

  it('is undefined for the base itself and for anything outside it', () => {
    expect(relInside(root, root)).toBeUndefined();
    expect(relInside(root, path.dirname(root))).toBeUndefined();
    expect(relInside(root, path.resolve('/work/project-other/CLAUDE.md'))).toBeUndefined();
    expect(relInside(root, path.join(root, '..', 'elsewhere'))).toBeUndefined();
  });

  it('takes a first folder whose name starts with .. as inside: only `..` itself leaves the base', () => {
    expect(relInside(root, path.join(root, '..cache', 'x'))).toBe('..cache/x');
    expect(isInside(path.join(root, '..cache'), root)).toBe(true);
    expect(isInside(root, root)).toBe(true);
    expect(isInside(path.join(root, '..', 'x'), root)).toBe(false);
  });

  const segment = fc.constantFrom('a', 'b', '.claude', '.', '..', '..a', 'a..', '');
  const absPath = fc.array(segment, { maxLength: 6 }).map((parts) => path.resolve('/', ...parts));

  const anyPath = fc.oneof(absPath, fc.string(), fc.string().map((s) => `/${s}`));

  it('never throws, never starts with .., and joined back to the base is abs', () => {
    fc.assert(
      fc.property(anyPath, anyPath, (base, abs) => {
        const rel = relInside(base, abs);
        if (rel === undefined) return;
        expect(rel === '..' || rel.startsWith('../')).toBe(false);
        expect(rel).not.toBe('');
        expect(path.isAbsolute(rel)).toBe(false);
        expect(path.resolve(base, ...rel.split('/'))).toBe(path.resolve(abs));
      }),
      { numRuns: 500 },
    );
  });

  it('is defined for every path strictly below the base', () => {
    fc.assert(
      fc.property(absPath, fc.array(fc.constantFrom('a', 'b', '.claude', 'a..', '..a'), { minLength: 1, maxLength: 4 }), (base, below) => {
        expect(relInside(base, path.join(base, ...below))).toBe(below.join('/'));
      }),
    );
  });
});

describe('leavesBase', () => {
  it('is true for `..` as a whole segment only, as relInside decides', () => {
    for (const rel of ['..', '../x', '../../a/b']) expect(leavesBase(rel), rel).toBe(true);
    for (const rel of ['..cache/x', '..x', 'a/..b', 'a', '.', '.claude/x']) expect(leavesBase(rel), rel).toBe(false);
    const base = path.resolve('/work/project');
    for (const rel of ['..', '../x', '..cache/x', 'a/..b']) expect(leavesBase(rel)).toBe(relInside(base, path.join(base, rel)) === undefined);
  });
});
