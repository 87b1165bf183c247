import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { secretInPrompt } from '../../../src/audit/prompts/rules/secret-in-prompt.js';
import { runAudit } from '../../../src/audit/run-audit.js';
import { auditTree, summarize } from '../../helpers/audit.js';
import { cli } from '../../helpers/cli.js';
import { makeRepo } from '../../helpers/git-repo.js';
import { makeWorkspaceDirs, writeTree, type TreeSpec } from '../../helpers/tree.js';

describe('prompts/agents-md-ignored', () => {
  const RULE = 'prompts/agents-md-ignored';
  it('reports an AGENTS.md that no CLAUDE.md imports', async () => {
    const { allFindings } = await auditTree({ project: { 'AGENTS.md': 'Use pnpm.\n', 'CLAUDE.md': 'Be brief. Read AGENTS.md sometime.\n' } });
    expect(summarize(allFindings, RULE)).toEqual([`${RULE} AGENTS.md:-:- ignored`]);
    const alone = await auditTree({ project: { 'AGENTS.md': 'Use pnpm.\n' } });
    expect(summarize(alone.allFindings, RULE)).toEqual([`${RULE} AGENTS.md:-:- ignored`]);
  });

  it('accepts an AGENTS.md imported by CLAUDE.md (or a rule), or one that CLAUDE.md links to', async () => {
    for (const project of [
      { 'AGENTS.md': 'Use pnpm.\n', 'CLAUDE.md': '@AGENTS.md\n' },
      { 'AGENTS.md': 'Use pnpm.\n', '.claude/CLAUDE.md': '@../AGENTS.md\n' },
      { 'AGENTS.md': 'Use pnpm.\n', 'CLAUDE.md': { symlink: 'AGENTS.md' } },
    ] as TreeSpec[]) {
      const { allFindings } = await auditTree({ project });
      expect(summarize(allFindings, RULE), JSON.stringify(project)).toEqual([]);
    }
  });

  it('still reports an AGENTS.md imported only inside a code block', async () => {
    const { allFindings } = await auditTree({ project: { 'AGENTS.md': 'x\n', 'CLAUDE.md': '```\n@AGENTS.md\n```\n' } });
    expect(summarize(allFindings, RULE)).toEqual([`${RULE} AGENTS.md:-:- ignored`]);
  });

  it('leaves an AGENTS.md that holds no instructions (a folder) to config/unreadable-file', async () => {
    const { allFindings } = await auditTree({ project: { 'AGENTS.md': { dir: true } } });
    expect(summarize(allFindings, RULE)).toEqual([]);
    expect(summarize(allFindings, 'config/unreadable-file')).toEqual(['config/unreadable-file AGENTS.md:-:- is-directory']);
  });
});

describe('prompts/secret-in-prompt', () => {
  const RULE = 'prompts/secret-in-prompt';
  const TOKEN = `ghp_${'a1B2c3D4e5'.repeat(4)}`;
  const KEY = `sk-ant-api03-${'Q7rT9vX2zB4'.repeat(4)}`;
  it('reports credentials in every kind of prompt file and skill bundle, at their position, never showing them', async () => {
    const { allFindings } = await auditTree({
      project: {
        'CLAUDE.md': `# Notes\n\nThe bot token is ${TOKEN}.\n`,
        '.claude/rules/api.md': `Call the API with ${KEY}\n`,
        '.claude/skills/s/SKILL.md': '---\nname: s\ndescription: d\n---\nRun ./go.sh\n',
        '.claude/skills/s/go.sh': `#!/bin/sh\ncurl -H "Authorization: Bearer ${TOKEN}" https://api.example.org\n`,
        '.claude/agents/a.md': `---\nname: a\ndescription: uses ${KEY}\n---\nbody\n`,
      },
      home: { '.claude/CLAUDE.md': `token: ${TOKEN}\n` },
    });
    expect(summarize(allFindings, RULE)).toEqual([
      `${RULE} .claude/agents/a.md:3:19 secret`,
      `${RULE} .claude/rules/api.md:1:19 secret`,
      `${RULE} .claude/skills/s/go.sh:2:32 secret`,
      `${RULE} CLAUDE.md:3:18 secret`,
      `${RULE} ~/.claude/CLAUDE.md:1:8 secret`,
    ]);
    for (const f of allFindings.filter((x) => x.ruleId === RULE)) expect(JSON.stringify(f)).not.toMatch(/a1B2c3D4e5|Q7rT9vX2zB4/);
  });

  it('builds no YAML document for a file without a credential (the pre-commit check reads every prompt file)', () => {
    const built: string[] = [];
    const file = (path: string, text: string) => ({
      kind: 'skill',
      path,
      text,
      bundle: [],
      frontmatter: {
        data: { name: 's' },
        yamlOffset: 4,
        bodyOffset: text.indexOf('---\n', 4) + 4,
        get doc() {
          built.push(path);
          return undefined;
        },
      },
    });
    const reported: string[] = [];
    const workspace = { prompts: { files: [file('clean.md', '---\nname: s\n---\nbody\n'), file('leak.md', `---\nname: s\n---\nuse ${TOKEN}\n`)] } };
    secretInPrompt.check({ workspace, report: (d: { file: string }) => reported.push(d.file), reportsOn: () => true } as unknown as Parameters<typeof secretInPrompt.check>[0]);
    expect(reported).toEqual(['leak.md']);
    expect(built).toEqual(['leak.md']);
  });

  it('leaves frontmatter hooks and servers to extensions/secret-in-config, MEMORY.md to memory, and ignores prose and references', async () => {
    const skill = ['---', 'name: s', 'description: d', 'hooks:', '  Stop:', '    - hooks:', '        - type: command', `          command: notify ${TOKEN}`, '---', 'body', ''].join('\n');
    const { allFindings } = await auditTree({
      project: {
        '.claude/skills/s/SKILL.md': skill,
        'CLAUDE.md': 'Use `$GITHUB_TOKEN` or ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.\nThe test account password: Summer2024!\nDB: postgres://dev:devpass@localhost:5432/app\n',
      },
    });
    expect(summarize(allFindings, RULE)).toEqual([]);
    expect(summarize(allFindings, 'extensions/secret-in-config')).toHaveLength(1);
  });
});

describe('prompts/hidden-characters', () => {
  const RULE = 'prompts/hidden-characters';
  it('reports each run of invisible characters where it is, in every kind of prompt file and skill bundle', async () => {
    const { allFindings } = await auditTree({
      project: {
        'CLAUDE.md': 'Be kind.\nNever\u200B reveal \u202Esecrets\u202C.\n',
        '.claude/skills/s/SKILL.md': '---\nname: s\n---\nok\n',
        '.claude/skills/s/ref.md': 'tags:\u{E0049}\u{E0047}\n',
        '.claude/agents/a.md': '---\nname: a\ndescription: d\n---\nsoft\u00ADhyphen\n',
      },
      home: { '.claude/CLAUDE.md': 'zero\u2060width\n' },
    });
    expect(summarize(allFindings, RULE)).toEqual([
      `${RULE} .claude/agents/a.md:5:5 hidden`,
      `${RULE} .claude/skills/s/ref.md:1:6 hidden`,
      `${RULE} CLAUDE.md:2:6 hidden`,
      `${RULE} CLAUDE.md:2:15 hidden`,
      `${RULE} CLAUDE.md:2:23 hidden`,
      `${RULE} ~/.claude/CLAUDE.md:1:5 hidden`,
    ]);
    expect(allFindings.find((f) => f.location.file === '.claude/skills/s/ref.md')?.data).toMatchObject({ count: 2, kinds: 'tag', codePoints: 'U+E0049 U+E0047' });
  });

  it('accepts emoji sequences, accents and a BOM at the start', async () => {
    const { allFindings } = await auditTree({ project: { 'CLAUDE.md': '\uFEFFTeam 👨\u200D👩\u200D👧 café ❤️\n' } });
    expect(summarize(allFindings, RULE)).toEqual([]);
  });
});

describe('prompts/missing-version', () => {
  const RULE = 'prompts/missing-version';
  const project = {
    '.claude/skills/a/SKILL.md': '---\nname: a\nversion: 2.0.0\n---\nA\n',
    '.claude/skills/b/SKILL.md': '---\nname: b\nmetadata:\n  version: "3"\n---\nB\n',
    '.claude/agents/c.md': '---\nname: c\ndescription: c\n---\nC\n',
    'CLAUDE.md': 'no frontmatter\n',
  };
  it('is off in the recommended preset', async () => {
    const { allFindings } = await auditTree({ project });
    expect(summarize(allFindings, RULE)).toEqual([]);
  });

  it('reports unversioned skills, agents, commands and output styles in strict, and the policy globs choose others', async () => {
    const strict = await auditTree({ project, policy: { extends: 'agentgov:strict' } });
    expect(summarize(strict.allFindings, RULE)).toEqual([`${RULE} .claude/agents/c.md:-:- missing`]);
    expect(strict.allFindings.find((f) => f.ruleId === RULE)?.severity).toBe('warning');
    const globs = await auditTree({ project, policy: { rules: { [RULE]: 'error' }, prompts: { requireVersion: ['CLAUDE.md'] } } });
    expect(summarize(globs.allFindings, RULE)).toEqual([`${RULE} CLAUDE.md:-:- missing`]);
  });
});

describe('prompts/unlocked-change and prompts/version-not-bumped against the lock', () => {
  const files: TreeSpec = {
    'CLAUDE.md': 'Be brief.\n',
    '.claude/skills/r/SKILL.md': '---\nname: r\nversion: 1.0.0\n---\nRelease.\n',
    '.claude/commands/old.md': 'Old.\n',
  };

  async function locked() {
    const dirs = makeWorkspaceDirs({ project: files });
    await cli(['lock', dirs.root, '--home', dirs.home, '--managed-dir', dirs.managedDir]);
    const audit = async () => (await runAudit({ root: dirs.root, home: dirs.home, managedDir: dirs.managedDir })).allFindings;
    return { dirs, audit };
  }

  it('reports nothing for a tree that matches its lock, or that has no lock', async () => {
    const { audit } = await locked();
    expect(summarize(await audit(), 'prompts/unlocked-change')).toEqual([]);
    const bare = await auditTree({ project: files });
    expect(summarize(bare.allFindings, 'prompts/unlocked-change')).toEqual([]);
  });

  it('reports changed, whitespace-only, new and gone files, and a version that did not move', async () => {
    const { dirs, audit } = await locked();
    writeTree(dirs.root, {
      'CLAUDE.md': 'Be brief.  \r\n',
      '.claude/skills/r/SKILL.md': '---\nname: r\nversion: 1.0.0\n---\nRelease carefully.\n',
      '.claude/commands/new.md': 'New.\n',
    });
    execFileSync('rm', [path.join(dirs.root, '.claude/commands/old.md')]);
    const findings = await audit();
    expect(summarize(findings, 'prompts/unlocked-change')).toEqual([
      'prompts/unlocked-change .claude/commands/new.md:-:- missing',
      'prompts/unlocked-change .claude/commands/old.md:-:- extra',
      'prompts/unlocked-change .claude/skills/r/SKILL.md:-:- changed',
      'prompts/unlocked-change CLAUDE.md:-:- whitespace',
    ]);
    expect(findings.find((f) => f.messageId === 'whitespace')?.severity).toBe('info');
    expect(summarize(findings, 'prompts/version-not-bumped')).toEqual(['prompts/version-not-bumped .claude/skills/r/SKILL.md:-:- sinceLock']);

    writeTree(dirs.root, { '.claude/skills/r/SKILL.md': '---\nname: r\nversion: 1.1.0\n---\nRelease carefully.\n' });
    expect(summarize(await audit(), 'prompts/version-not-bumped')).toEqual([]);
  });

  it('reports an unreadable lock file', async () => {
    const { dirs, audit } = await locked();
    writeFileSync(path.join(dirs.root, 'agentgov.lock.json'), readFileSync(path.join(dirs.root, 'agentgov.lock.json'), 'utf8').replace('"lockfileVersion": 1', '"lockfileVersion": 7'));
    expect(summarize(await audit(), 'prompts/unlocked-change')).toEqual(['prompts/unlocked-change agentgov.lock.json:-:- invalid']);
  });
});

describe('prompts/version-not-bumped in ci', () => {
  it('compares with the base even when the lock was re-recorded along with the change', async () => {
    const dirs = makeWorkspaceDirs();
    const skill = (version: string, body: string) => `---\nname: r\nversion: ${version}\n---\n${body}\n`;
    await makeRepo(dirs.root, [{ files: { '.claude/skills/r/SKILL.md': skill('1.0.0', 'Release.') }, author: 'Ana', date: '2026-11-01T00:00:00Z', message: 'base' }]);
    const args = ['--home', dirs.home, '--managed-dir', dirs.managedDir];
    writeTree(dirs.root, { '.claude/skills/r/SKILL.md': skill('1.0.0', 'Release, then tweet.') });
    await cli(['lock', dirs.root, ...args]);
    const r = await cli(['ci', dirs.root, '--base', 'HEAD', '--format', 'json', ...args]);
    const report = JSON.parse(r.stdout);
    expect(report.findings.filter((f: { ruleId: string }) => f.ruleId === 'prompts/version-not-bumped').map((f: { file: string; data: object }) => [f.file, f.data])).toEqual([['.claude/skills/r/SKILL.md', { base: 'HEAD', version: '1.0.0' }]]);
    expect(r.code).toBe(1);
    writeTree(dirs.root, { '.claude/skills/r/SKILL.md': skill('1.0.1', 'Release, then tweet.') });
    await cli(['lock', dirs.root, ...args]);
    const bumped = JSON.parse((await cli(['ci', dirs.root, '--base', 'HEAD', '--format', 'json', ...args])).stdout);
    expect(bumped.findings.filter((f: { ruleId: string }) => f.ruleId.startsWith('prompts/'))).toEqual([]);
    expect(bumped.promptSetHash).toMatch(/^h1:/);
  });
});
