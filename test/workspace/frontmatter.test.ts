import { describe, expect, it } from 'vitest';
import { locateInFrontmatter, parseFrontmatter } from '../../src/workspace/frontmatter.js';
import { LineIndex } from '../../src/workspace/positions.js';

const parse = (text: string) => parseFrontmatter(text, new LineIndex(text));

describe('parseFrontmatter', () => {
  it('returns undefined for files without frontmatter', () => {
    expect(parse('# Title\n---\n')).toBeUndefined();
  });

  it('parses YAML and locates keys and values in file coordinates', () => {
    const text = '---\nname: deploy\nallowed-tools:\n  - Bash\n  - Read\n---\nBody\n';
    const fm = parse(text);
    expect(fm?.data).toEqual({ name: 'deploy', 'allowed-tools': ['Bash', 'Read'] });
    expect(fm?.bodyOffset).toBe(text.indexOf('Body'));
    const lines = new LineIndex(text);
    expect(locateInFrontmatter(fm!, lines, '/allowed-tools/1').start).toMatchObject({ line: 5, column: 5 });
    expect(locateInFrontmatter(fm!, lines, '/name', 'key').start).toMatchObject({ line: 2, column: 1 });
  });

  it('treats an empty frontmatter as an empty mapping', () => {
    expect(parse('---\n---\nx')?.data).toEqual({});
  });

  it('reports invalid YAML with its line in the file', () => {
    const fm = parse('---\nname: a\ntools: [Read\n---\n');
    expect(fm?.data).toBeUndefined();
    expect(fm?.errors[0]?.position.line).toBeGreaterThanOrEqual(3);
  });

  it('reports duplicate keys and non-mapping frontmatter', () => {
    expect(parse('---\na: 1\na: 2\n---\n')?.errors.length).toBe(1);
    expect(parse('---\n- a\n- b\n---\n')?.errors.length).toBe(1);
  });

  it('reports an opening line without a closing one', () => {
    expect(parse('---\nname: a\n')).toMatchObject({ unterminated: true, data: undefined });
  });

  it('does not blow up on alias bombs', () => {
    const bomb = '---\na: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n---\n';
    const fm = parse(bomb);
    expect(fm?.data).toBeUndefined();
    expect(fm?.errors.length).toBeGreaterThan(0);
  });
});

describe('Claude Code-compatible repair of plain values', () => {
  it('accepts unquoted colons in descriptions, as Claude Code does, and keeps line positions', () => {
    const text = '---\nname: reviewer\ndescription: Use this agent when: the user asks. Examples: <example>Context: x</example>\ntools: Read, Grep\n---\n';
    const fm = parse(text);
    expect(fm?.errors).toEqual([]);
    expect(fm?.repaired).toBe(true);
    expect(fm?.data).toEqual({ name: 'reviewer', description: 'Use this agent when: the user asks. Examples: <example>Context: x</example>', tools: 'Read, Grep' });
    expect(locateInFrontmatter(fm!, new LineIndex(text), '/tools').start.line).toBe(4);
  });

  it('accepts unquoted globs in paths lists', () => {
    expect(parse('---\npaths:\n  - **/*.tsx\n  - src/**\n---\n')?.data).toEqual({ paths: ['**/*.tsx', 'src/**'] });
    expect(parse('---\npaths: **/*.cs\n---\n')?.data).toEqual({ paths: '**/*.cs' });
  });

  it('still rejects what Claude Code drops: flow collections followed by text, unindented continuation lines', () => {
    expect(parse('---\nargument-hint: [list|save] [name]\n---\n')?.errors.length).toBeGreaterThan(0);
    expect(parse('---\ndescription: Use it. Examples:\n<example>\nContext: a\n</example>\n---\n')?.errors.length).toBeGreaterThan(0);
  });

  it('does not change valid YAML', () => {
    const fm = parse('---\na: "x: y"\nb: |\n  c: d\n---\n');
    expect(fm?.repaired).toBe(false);
    expect(fm?.data).toEqual({ a: 'x: y', b: 'c: d\n' });
  });
});
