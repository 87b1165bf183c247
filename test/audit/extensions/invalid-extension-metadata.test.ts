import { describe, expect, it } from 'vitest';
import { auditTree, summarize } from '../../helpers/audit.js';

const RULE = 'extensions/invalid-extension-metadata';
const md = (frontmatter: string, body = 'You are a careful agent.\n') => `---\n${frontmatter}\n---\n${body}`;
const without = (run: Awaited<ReturnType<typeof auditTree>>) => summarize(run.report.findings, RULE).map((s) => s.split(' ').slice(1).join(' '));

describe('extensions/invalid-extension-metadata', () => {
  it('reports the subagents Claude Code skips, at the key that is wrong', async () => {
    const run = await auditTree({
      project: {
        '.claude/agents/no-name.md': md('description: Reviews code.'),
        '.claude/agents/no-desc.md': md('name: no-desc\nmodel: sonnet'),
        '.claude/agents/empty-desc.md': md('name: empty-desc\ndescription: ""'),
        '.claude/agents/colon.md': md('name: team:reviewer\ndescription: Reviews.'),
        '.claude/agents/dash.md': md('name: -reviewer\ndescription: Reviews.'),
        '.claude/agents/number.md': md('name: 42\ndescription: Reviews.'),
        '.claude/agents/plain.md': '# Security Agent\n\nYou are the security agent.\n',
        '.claude/agents/under_score.md': md('name: under_score\ndescription: Reviews.'),
      },
      home: { '.claude/agents/home.md': md('name: home') },
    });
    expect(without(run)).toEqual([
      '.claude/agents/colon.md:2:7 agent-bad-name',
      '.claude/agents/dash.md:2:7 agent-bad-name',
      '.claude/agents/empty-desc.md:3:14 agent-missing-description',
      '.claude/agents/no-desc.md:2:1 agent-missing-description',
      '.claude/agents/no-name.md:2:1 agent-missing-name',
      '.claude/agents/number.md:2:7 agent-bad-name',
      '.claude/agents/plain.md:1:1 agent-no-frontmatter',
      '.claude/agents/under_score.md:2:7 agent-name-format',
      '~/.claude/agents/home.md:2:1 agent-missing-description',
    ]);
    const format = run.report.findings.find((f) => f.messageId === 'agent-name-format');
    const skipped = run.report.findings.find((f) => f.messageId === 'agent-bad-name');
    expect(format?.severity).toBe('info');
    expect(run.report.findings.find((f) => f.messageId === 'agent-no-frontmatter')?.severity).toBe('info');
    expect(skipped?.severity).toBe('warning');
  });

  it('reports a skill whose name differs from its folder, as information', async () => {
    const run = await auditTree({
      project: {
        '.claude/skills/code_review/SKILL.md': md('name: code-review\ndescription: Reviews.'),
        '.claude/skills/same/SKILL.md': md('name: same\ndescription: Same.'),
        '.claude/skills/no-frontmatter/SKILL.md': '# Just instructions\n',
        '.claude/skills/no-name/SKILL.md': md('description: Only a description.'),
      },
    });
    expect(without(run)).toEqual(['.claude/skills/code_review/SKILL.md:2:7 skill-name-mismatch']);
    expect(run.report.findings.find((f) => f.ruleId === RULE)?.severity).toBe('info');
  });

  it('stays quiet on valid extensions, commands, notes in the agents folder and frontmatter config reports itself', async () => {
    const run = await auditTree({
      project: {
        '.claude/agents/reviewer.md': md('name: reviewer\ndescription: Reviews code.\ntools: Read, Grep'),
        '.claude/agents/team/nested-ok.md': md('name: other-name\ndescription: The name, not the file, is the identity.'),
        '.claude/agents/README.md': '# Our agents\n\nEach agent file defines one agent.\n',
        '.claude/agents/AGENT_MATRIX.md': '| agent | owner |\n',
        '.claude/agents/roadmap.md': '# Security roadmap\n\nQ3: rotate keys.\n',
        '.claude/agents/guides/how-to.md': '# How to write an agent\n',
        '.claude/agents/broken.md': '---\nname: broken\ndescription: [unclosed\n---\nBody\n',
        '.claude/commands/opsx/apply.md': md('name: "OPSX: Apply"\ndescription: Apply a change.'),
        '.claude/commands/bare.md': 'Run the tests.\n',
        '.claude/output-styles/terse.md': 'Be terse.\n',
      },
    });
    expect(without(run)).toEqual([]);
    expect(summarize(run.report.findings, 'config/invalid-frontmatter')).toEqual(['config/invalid-frontmatter .claude/agents/broken.md:4:1 yaml']);
  });
});
