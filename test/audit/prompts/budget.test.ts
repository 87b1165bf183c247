import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { transcriptDirIn } from '../../../src/workspace/transcripts.js';
import { auditTree, summarize } from '../../helpers/audit.js';
import { makeWorkspaceDirs, writeTree } from '../../helpers/tree.js';
import { runAudit } from '../../../src/audit/run-audit.js';

const RULE = 'prompts/instruction-budget';
const text = (chars: number, fill = 'x') => `${fill.repeat(chars - 1)}\n`;

describe('prompts/instruction-budget', () => {
  it('reports nothing for a small CLAUDE.md chain', async () => {
    const { allFindings } = await auditTree({ project: { 'CLAUDE.md': 'Run npm test.\n@docs/a.md\n', 'docs/a.md': 'Short.\n' } });
    expect(summarize(allFindings, RULE)).toEqual([]);
  });

  it('reports a file over the per-file budget, and the file that takes the total over, counting duplicate content once', async () => {
    const same = text(3900, 'd');
    const { allFindings } = await auditTree({
      project: { 'CLAUDE.md': text(4100, 'a'), '.claude/CLAUDE.md': same, '.claude/rules/a.md': same, '.claude/rules/b.md': text(3900, 'b'), 'CLAUDE.local.md': text(1000, 'l') },
      home: { '.claude/CLAUDE.md': text(500, 'u') },
    });
    // 500 + 4100 + 3900 + (3900 again: not counted) + 3900 = 12,400 > 12,000 at rules/b.md.
    expect(summarize(allFindings, RULE)).toEqual([`${RULE} .claude/rules/b.md:-:- total`, `${RULE} CLAUDE.md:-:- perFile`]);
    expect(allFindings.find((f) => f.messageId === 'total')?.data).toMatchObject({ total: 13400, limit: 12000 });
  });

  it('leaves out files loaded on demand (skills, path-scoped rules) and frontmatter', async () => {
    const { allFindings } = await auditTree({
      project: { '.claude/skills/big/SKILL.md': `---\nname: big\n---\n${text(9000)}`, '.claude/rules/api.md': `---\npaths: ["src/**"]\n---\n${text(9000)}` },
    });
    expect(summarize(allFindings, RULE)).toEqual([]);
  });

  it('takes its budgets from the policy', async () => {
    const { allFindings } = await auditTree({ project: { 'CLAUDE.md': text(300) }, policy: { prompts: { budget: { perFileChars: 200, totalChars: 250 } } } });
    expect(summarize(allFindings, RULE).sort()).toEqual([`${RULE} CLAUDE.md:-:- perFile`, `${RULE} CLAUDE.md:-:- total`]);
  });

  it("reports Claude Code's own limits: a CLAUDE.md over 200 lines, and MEMORY.md over 200 lines", async () => {
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `- ${i}\n`).join('');
    const dirs = makeWorkspaceDirs({ project: { 'CLAUDE.md': lines(201) } });
    const memory = path.join(transcriptDirIn(path.join(dirs.home, '.claude'), dirs.root), 'memory');
    writeTree(memory, { 'MEMORY.md': lines(250) });
    const run = await runAudit({ root: dirs.root, home: dirs.home, managedDir: dirs.managedDir });
    const found = run.allFindings.filter((f) => f.ruleId === RULE).map((f) => `${f.location.file.split('/').pop()} ${f.messageId}`);
    expect(found.sort()).toEqual(['CLAUDE.md claudeMdLines', 'MEMORY.md memoryTruncated']);
    const ok = await auditTree({ project: { 'CLAUDE.md': lines(200) } });
    expect(summarize(ok.allFindings, RULE)).toEqual([]);
  });

  it('reports a CLAUDE.md over 4 MiB as skipped, and does not count it', async () => {
    const { allFindings } = await auditTree({ project: { 'CLAUDE.md': text(4 * 1024 * 1024 + 10) } });
    expect(summarize(allFindings, RULE)).toEqual([`${RULE} CLAUDE.md:-:- claudeMdSkipped`]);
  });
});

describe('prompts/duplicate-instructions', () => {
  const DUP = 'prompts/duplicate-instructions';
  it('reports the second file that loads the same content (line endings aside), not an unloaded AGENTS.md copy', async () => {
    const { allFindings } = await auditTree({
      project: { 'CLAUDE.md': 'Use pnpm.\n', '.claude/rules/pnpm.md': 'Use pnpm.\r\n', 'AGENTS.md': 'Use pnpm.\n', '.claude/commands/x.md': 'Other.\n' },
    });
    expect(summarize(allFindings, DUP)).toEqual([`${DUP} .claude/rules/pnpm.md:-:- duplicate`]);
    expect(allFindings.find((f) => f.ruleId === DUP)?.data.first).toBe('CLAUDE.md');
  });

  it('reports nothing when every file differs', async () => {
    const { allFindings } = await auditTree({ project: { 'CLAUDE.md': 'a\n', '.claude/rules/b.md': 'b\n' } });
    expect(summarize(allFindings, DUP)).toEqual([]);
  });

  it('does not count empty or blank files as duplicates of each other', async () => {
    const { allFindings } = await auditTree({ project: { 'CLAUDE.md': 'a\n', '.claude/rules/empty.md': '', '.claude/rules/blank.md': ' \n\n', '.claude/commands/x.md': '\t\r\n' } });
    expect(summarize(allFindings, DUP)).toEqual([]);
  });
});
