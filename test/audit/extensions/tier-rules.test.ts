import { describe, expect, it } from 'vitest';
import { auditTree } from '../../helpers/audit.js';
import { cli } from '../../helpers/cli.js';
import { makeRepo } from '../../helpers/git-repo.js';
import { gitInit, json, makeWorkspaceDirs, writeTree, type TreeSpec } from '../../helpers/tree.js';
import { extensionsAuditor } from '../../../src/audit/extensions/index.js';
import { runAudit } from '../../../src/audit/run-audit.js';
import type { Finding } from '../../../src/audit/types.js';

const md = (front: string, body = 'Body.\n') => `---\n${front}\n---\n${body}`;
const skill = (tools: string, extra = '') => md(`name: s\ndescription: x\nallowed-tools: ${tools}${extra}`);
const agent = (extra: string) => md(`name: a\ndescription: x\n${extra}`);
const hookYaml = 'hooks:\n  Stop:\n    - hooks:\n        - type: command\n          command: echo hi';
const CACHE = '.claude/plugins/cache/m/p/1.0.0/';

async function run(spec: { project?: TreeSpec; home?: TreeSpec; policy?: unknown }, ruleId: string): Promise<string[]> {
  const { report } = await auditTree(spec);
  return report.findings.filter((f: Finding) => f.ruleId === ruleId).map((f) => `${f.location.file}:${f.location.line ?? '-'} ${f.messageId} ${f.data.grant ?? f.data.mode ?? f.data.field ?? ''}`.trimEnd());
}

describe('extensions/tier-ceiling-exceeded', () => {
  it('reports project and plugin grants of shell and unrestricted tools, and modes that approve everything', async () => {
    const got = await run(
      {
        project: {
          '.claude/skills/s/SKILL.md': skill('Bash'),
          '.claude/commands/push.md': md('description: x\nallowed-tools: Read, Grep, Bash(git push:*), WebFetch'),
          '.claude/agents/a.md': agent('permissionMode: bypassPermissions'),
          '.claude-plugin/plugin.json': json({ name: 'rp' }),
          'skills/t/SKILL.md': md('name: t\ndescription: x\nallowed-tools:\n  - Read\n  - Edit'),
        },
        home: { [`${CACHE}skills/u/SKILL.md`]: skill('"Bash(curl:*)"'), [`${CACHE}agents/pa.md`]: agent('permissionMode: bypassPermissions') },
      },
      'extensions/tier-ceiling-exceeded',
    );
    expect(got.sort()).toEqual([
      '.claude/agents/a.md:4 permission-mode bypassPermissions',
      '.claude/commands/push.md:3 tool Bash(git push:*)',
      '.claude/commands/push.md:3 tool WebFetch',
      '.claude/skills/s/SKILL.md:4 tool Bash',
      'skills/t/SKILL.md:6 tool Edit',
      '~/.claude/plugins/cache/m/p/1.0.0/skills/u/SKILL.md:4 tool Bash(curl:*)',
    ]);
  });

  it('stays quiet on narrow grants, trusted tiers, narrowing modes and text that grants nothing', async () => {
    const got = await run(
      {
        project: {
          '.claude/skills/s/SKILL.md': skill('Read, Grep, Glob, Edit(src/**), mcp__github__get_issue, Task'),
          '.claude/commands/doc.md': md('description: x\nallowed-tools: List of tools the command can use'),
          '.claude/agents/a.md': agent('permissionMode: acceptEdits\ntools: Bash, Read'),
          '.claude/agents/b.md': agent('permissionMode: plan'),
          '.claude/commands/status.md': md('description: x', 'Status: !`git status`\n'),
        },
        home: { '.claude/skills/mine/SKILL.md': skill('Bash'), '.claude/agents/me.md': agent('permissionMode: bypassPermissions') },
      },
      'extensions/tier-ceiling-exceeded',
    );
    expect(got).toEqual([]);
  });

  it('holds grants to the policy ceiling with containment: Bash(git status) is within Bash(git:*)', async () => {
    const got = await run(
      {
        project: { '.claude/skills/s/SKILL.md': skill('Bash(git status), Bash(npm test), Read') },
        policy: { extensions: { ceilings: { project: { tools: ['Bash(git:*)', 'Read'] } } } },
      },
      'extensions/tier-ceiling-exceeded',
    );
    expect(got).toEqual(['.claude/skills/s/SKILL.md:4 tool Bash(npm test)']);
    const lifted = await run({ project: { '.claude/skills/s/SKILL.md': skill('Bash') }, policy: { extensions: { ceilings: { project: { tools: ['*'] } } } } }, 'extensions/tier-ceiling-exceeded');
    expect(lifted).toEqual([]);
  });

  it('reports a subagent whose allowed mode approves tools beyond the ceiling', async () => {
    const policy = { extensions: { ceilings: { project: { permissionMode: true } } } };
    const got = await run({ project: { '.claude/agents/a.md': agent('permissionMode: bypassPermissions\ntools: Read, Bash'), '.claude/agents/b.md': agent('permissionMode: auto') }, policy }, 'extensions/tier-ceiling-exceeded');
    expect(got.sort()).toEqual(['.claude/agents/a.md:5 tool Bash', '.claude/agents/b.md:4 all-tools auto']);
  });

  it('keeps the mcp tier from running shell or declaring hooks and servers (tiers pinned by the policy)', async () => {
    const policy = { extensions: { tiers: { 'mcp-server:remote': 'mcp', 'hook:PreToolUse[0].hooks[0]': 'mcp', 'skill:s': 'mcp', 'subagent:a': 'mcp' } } };
    const got = await run(
      {
        project: {
          '.mcp.json': json({ mcpServers: { remote: { type: 'http', url: 'https://x.example/mcp', headersHelper: 'get-headers.sh' } } }),
          '.claude/settings.json': json({ hooks: { PreToolUse: [{ hooks: [{ type: 'command', command: 'echo x' }, { type: 'http', url: 'https://h.example' }] }] } }),
          '.claude/skills/s/SKILL.md': md(`name: s\ndescription: x\n${hookYaml}`, 'Run !`date` now.\n'),
          '.claude/agents/a.md': agent('mcpServers:\n  - inline:\n      command: x'),
        },
        policy,
      },
      'extensions/tier-ceiling-exceeded',
    );
    expect(got.sort()).toEqual([
      '.claude/agents/a.md:5 mcp-servers',
      '.claude/settings.json:8 shell-hook',
      '.claude/skills/s/SKILL.md:10 shell-inline',
      '.claude/skills/s/SKILL.md:5 hooks',
      '.mcp.json:6 shell-helper',
    ]);
    // With skill shell execution turned off, `!`cmd`` never runs.
    const off = await run({ project: { '.claude/settings.json': json({ disableSkillShellExecution: true }), '.claude/skills/s/SKILL.md': md('name: s\ndescription: x', 'Run !`date` now.\n') }, policy }, 'extensions/tier-ceiling-exceeded');
    expect(off).toEqual([]);
  });
});

describe('extensions/ignored-plugin-field', () => {
  it('reports permissionMode, hooks and mcpServers in plugin agents only', async () => {
    const got = await run(
      {
        project: { '.claude/agents/own.md': agent('permissionMode: acceptEdits\nmcpServers:\n  - github'), '.claude-plugin/plugin.json': json({ name: 'rp' }), 'skills/k/SKILL.md': md(`name: k\ndescription: x\n${hookYaml}`) },
        home: { [`${CACHE}agents/pa.md`]: agent(`permissionMode: bypassPermissions\nmcpServers:\n  - github\n${hookYaml}`), [`${CACHE}agents/fine.md`]: agent('tools: Read') },
      },
      'extensions/ignored-plugin-field',
    );
    expect(got.sort()).toEqual([
      '~/.claude/plugins/cache/m/p/1.0.0/agents/pa.md:4 ignored permissionMode',
      '~/.claude/plugins/cache/m/p/1.0.0/agents/pa.md:6 ignored mcpServers',
      '~/.claude/plugins/cache/m/p/1.0.0/agents/pa.md:8 ignored hooks',
    ]);
  });
});

describe('extensions/mcp-server-not-allowed', () => {
  const servers = {
    '.mcp.json': json({
      mcpServers: {
        byname: { command: 'anything' },
        good: { type: 'http', url: 'https://MCP.example.com/mcp/v1' },
        evil: { type: 'http', url: 'https://a.evil.example/sse' },
        bad: { command: 'npx', args: ['-y', 'bad-pkg'] },
        random: { command: 'random-mcp' },
      },
    }),
  };
  const home: TreeSpec = { '.claude.json': json({ mcpServers: { byname: { type: 'http', url: 'https://other.example/mcp' } } }) };

  it('blocks by url pattern and exact command; with an allow list, admits by name, and by url once a url entry binds remote servers', async () => {
    const policy = { extensions: { mcp: { allow: [{ name: 'byname' }, { url: 'https://mcp.example.com' }], block: [{ url: '*://*.evil.example/*' }, { command: ['npx', '-y', 'bad-pkg'] }] } } };
    const got = await run({ project: servers, home, policy }, 'extensions/mcp-server-not-allowed');
    expect(got.sort()).toEqual(['.mcp.json:10 blocked', '.mcp.json:14 blocked', '.mcp.json:21 not-allowed', '~/.claude.json:3 not-allowed']);
  });

  it('binds stdio servers to command entries once there is one; allows everything not blocked without an allow list', async () => {
    const byCommand = { extensions: { mcp: { allow: [{ name: 'byname' }, { command: ['random-mcp'] }] } } };
    const got = await run({ project: servers, policy: byCommand }, 'extensions/mcp-server-not-allowed');
    expect(got.sort()).toEqual(['.mcp.json:10 not-allowed', '.mcp.json:14 not-allowed', '.mcp.json:3 not-allowed', '.mcp.json:6 not-allowed']);
    const blockOnly = await run({ project: servers, policy: { extensions: { mcp: { block: [{ name: 'random' }] } } } }, 'extensions/mcp-server-not-allowed');
    expect(blockOnly).toEqual(['.mcp.json:21 blocked']);
    expect(await run({ project: servers }, 'extensions/mcp-server-not-allowed')).toEqual([]);
  });
});

describe('extensions policy keys', () => {
  it.each([
    [{ tierOrder: ['managed', 'user'] }, 'extensions.tierOrder'],
    [{ tierOrder: ['managed', 'managed', 'user', 'project', 'plugin', 'mcp'] }, 'extensions.tierOrder'],
    [{ tiers: { 'skill:x': 'root' } }, 'extensions.tiers.skill:x'],
    [{ ceilings: { project: { tools: ['Bash('] } } }, 'extensions.ceilings.project.tools.0'],
    [{ ceilings: { project: { permissionMode: ['sudo'] } } }, 'extensions.ceilings.project.permissionMode'],
    [{ ceilings: { admin: {} } }, 'extensions.ceilings'],
    [{ ceilings: { project: { network: false } } }, 'extensions.ceilings.project'],
    [{ mcp: { allow: [{ name: 'a', url: 'https://x' }] } }, 'extensions.mcp.allow.0'],
    [{ mcp: { block: [{}] } }, 'extensions.mcp.block.0'],
    [{ mcp: { allow: [{ command: [] }] } }, 'extensions.mcp.allow.0.command'],
  ])('rejects %j with exit 2 naming %s', async (extensions, key) => {
    const dirs = makeWorkspaceDirs({ project: { 'agentgov.json': json({ extensions }) } });
    const r = await cli(['extensions', dirs.root, '--home', dirs.home, '--managed-dir', dirs.managedDir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${key}:`);
  });

  it('accepts a full extensions section', async () => {
    const extensions = {
      tierOrder: ['managed', 'user', 'bundled', 'project', 'plugin', 'mcp'],
      tiers: { 'mcp-server:github': 'user', 'acme:review': 'project' },
      ceilings: { project: { tools: ['Read', 'Bash(git status:*)'], shell: true, permissionMode: ['acceptEdits'], hooks: false, mcpServers: false }, mcp: { shell: false } },
      mcp: { allow: [{ name: 'github' }, { command: ['npx', '-y', 'pkg@1.0.0'] }, { url: 'https://*.example.com' }], block: [{ url: 'http://*' }] },
    };
    const dirs = makeWorkspaceDirs({ project: { 'agentgov.json': json({ extensions }) } });
    const r = await cli(['extensions', dirs.root, '--home', dirs.home, '--managed-dir', dirs.managedDir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('extensions of the repository plugin in ci', () => {
  it('reads the base plugin from git: only the grant head adds is new', async () => {
    const dirs = makeWorkspaceDirs();
    const plugin = { '.claude-plugin/plugin.json': json({ name: 'rp' }), 'skills/old/SKILL.md': skill('Bash') };
    await makeRepo(dirs.root, [{ files: plugin, author: 'Ana', date: '2026-11-01T00:00:00Z', message: 'base' }]);
    writeTree(dirs.root, { 'skills/new/SKILL.md': skill('WebFetch') });
    const r = await cli(['ci', dirs.root, '--base', 'HEAD', '--home', dirs.home, '--managed-dir', dirs.managedDir, '--format', 'json']);
    const found = JSON.parse(r.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'extensions/tier-ceiling-exceeded');
    expect(found.map((f: { file: string; data: { grant: string } }) => `${f.file} ${f.data.grant}`)).toEqual(['skills/new/SKILL.md WebFetch']);
  });
});

describe('declared extensions and the other rules', () => {
  it('reports an untracked agent once, not again for the MCP server its frontmatter declares', async () => {
    const dirs = makeWorkspaceDirs({ project: { '.claude/agents/a.md': agent('mcpServers:\n  - inline:\n      command: x'), '.mcp.json': json({ mcpServers: { db: { command: 'db' } } }) } });
    await gitInit(dirs.root, ['.mcp.json']);
    const { report } = await runAudit({ root: dirs.root, home: dirs.home, managedDir: dirs.managedDir, auditors: [extensionsAuditor] });
    expect(report.findings.filter((f) => f.ruleId === 'extensions/unreviewed-extension').map((f) => `${f.location.file} ${f.messageId}`)).toEqual(['.claude/agents/a.md extension']);
  });
});
