import { describe, expect, it } from 'vitest';
import { findImports } from '../../../src/workspace/prompts/imports.js';
import { auditTree, summarize } from '../../helpers/audit.js';

const RULE = 'prompts/broken-import';

describe('finding @imports', () => {
  it('finds imports at line starts and after whitespace, and skips code, comments, emails and frontmatter', () => {
    const text = [
      '---',
      'description: see @fm.md',
      '---',
      '@a.md and @./b.md also @~/c.md and @/abs/d.md',
      'mail me@example.com or `@span.md` or ``x @span2.md``',
      '```',
      '@fenced.md',
      '```',
      '<!-- @comment.md -->',
      '~~~md',
      '@tilde.md',
      '~~~',
      '@with\\ space.md#section',
    ].join('\n');
    const raw = findImports(text, text.indexOf('@a.md')).map((m) => m.raw);
    expect(raw).toEqual(['a.md', './b.md', '~/c.md', '/abs/d.md', 'with space.md']);
  });
});

describe('prompts/broken-import', () => {
  it('reports nothing for imports that resolve (relative to the importer, nested folders)', async () => {
    const { allFindings } = await auditTree({ project: { 'CLAUDE.md': '@docs/a.md\n', 'docs/a.md': '@b.md\n', 'docs/b.md': 'b\n' } });
    expect(summarize(allFindings, RULE)).toEqual([]);
  });

  it('reports a missing target at the import, but not @mentions that are not file paths', async () => {
    const { allFindings } = await auditTree({ project: { 'CLAUDE.md': 'Ask @maintainers, use @types/node.\n\nSee @docs/missing.md\n' } });
    expect(summarize(allFindings, RULE)).toEqual([`${RULE} CLAUDE.md:3:5 missing`]);
  });

  it('reports the import that closes a cycle, once', async () => {
    const { allFindings } = await auditTree({ project: { 'CLAUDE.md': '@a.md\n', 'a.md': '@b.md\n', 'b.md': 'x\n@a.md\n' } });
    expect(summarize(allFindings, RULE)).toEqual([`${RULE} b.md:2:1 cycle`]);
    const self = await auditTree({ project: { 'CLAUDE.md': 'me: @CLAUDE.md\n' } });
    expect(summarize(self.allFindings, RULE)).toEqual([`${RULE} CLAUDE.md:1:5 cycle`]);
  });

  it('reports a fifth hop, which Claude Code never follows, and loads the first four', async () => {
    const chain = { 'CLAUDE.md': '@h1.md\n', 'h1.md': '@h2.md\n', 'h2.md': '@h3.md\n', 'h3.md': '@h4.md\n', 'h4.md': '@h5.md\n', 'h5.md': 'five\n' };
    const { allFindings, workspace } = await auditTree({ project: chain });
    expect(summarize(allFindings, RULE)).toEqual([`${RULE} h4.md:1:1 tooDeep`]);
    expect(allFindings.find((f) => f.ruleId === RULE)?.data).toMatchObject({ hop: 5, chain: 'CLAUDE.md → h1.md → h2.md → h3.md → h4.md → h5.md' });
    const loading = Object.fromEntries((workspace.prompts?.files ?? []).map((f) => [f.path, f.loading]));
    expect(loading).toEqual({ 'CLAUDE.md': 'start', 'h1.md': 'start', 'h2.md': 'start', 'h3.md': 'start', 'h4.md': 'start' });
    // Four hops are fine.
    const four = await auditTree({ project: { ...chain, 'h4.md': 'four\n' } });
    expect(summarize(four.allFindings, RULE)).toEqual([]);
  });

  it('does not call a file too deep when a shorter chain reaches it', async () => {
    const { allFindings } = await auditTree({ project: { 'CLAUDE.md': '@h1.md\n@h5.md\n', 'h1.md': '@h2.md\n', 'h2.md': '@h3.md\n', 'h3.md': '@h4.md\n', 'h4.md': '@h5.md\n', 'h5.md': 'five\n' } });
    expect(summarize(allFindings, RULE)).toEqual([]);
  });

  it('reports a project import outside the repository (as a warning one step down), not a user file importing from home', async () => {
    const { allFindings } = await auditTree({
      project: { 'CLAUDE.md': '@~/notes.md\n@../sibling.md\n' },
      home: { 'notes.md': 'n\n', '.claude/CLAUDE.md': '@~/notes.md\n' },
    });
    expect(summarize(allFindings, RULE)).toEqual([`${RULE} CLAUDE.md:1:1 outside`, `${RULE} CLAUDE.md:2:1 missing`]);
    expect(allFindings.find((f) => f.ruleId === RULE)?.severity).toBe('info');
  });
});
