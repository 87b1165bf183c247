import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExtensions } from '../../src/workspace/extensions/load-extensions.js';
import type { Extension, TierPins } from '../../src/workspace/extensions/types.js';
import { loadWorkspace } from '../../src/workspace/load-workspace.js';
import { loadWorkspaceAt } from '../../src/workspace/revision-workspace.js';
import { cli } from '../helpers/cli.js';
import { bashHooks, gitInit, json, makeWorkspaceDirs, writeTree, type TreeSpec } from '../helpers/tree.js';

const md = (front: Record<string, unknown> | string, body = 'Body.\n') => `---\n${typeof front === 'string' ? front : Object.entries(front).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join('\n')}\n---\n${body}`;
const CACHE = '.claude/plugins/cache/acme-market/lint/';

/** A home with a plugin cache: one installed plugin in two versions (the registry names 1.2.0), one for another project. */
function home(root: string): TreeSpec {
  return {
    '.claude/settings.json': json({ hooks: bashHooks('echo user'), enabledPlugins: { 'lint@acme-market': true } }),
    '.claude.json': json({ mcpServers: { userdb: { command: 'db-mcp' } }, projects: { [root]: { mcpServers: { localdb: { command: 'db-mcp' } } } } }),
    '.claude/skills/notes/SKILL.md': md({ name: 'notes', description: 'x' }),
    '.claude/plugins/installed_plugins.json': json({
      version: 2,
      plugins: {
        'lint@acme-market': [{ scope: 'user', installPath: `/Users/someone/.claude/plugins/cache/acme-market/lint/1.2.0`, version: '1.2.0' }],
        'other@acme-market': [{ scope: 'project', projectPath: '/elsewhere', installPath: '~/.claude/plugins/cache/acme-market/other/1.0.0', version: '1.0.0' }],
      },
    }),
    [`${CACHE}1.2.0/.claude-plugin/plugin.json`]: json({ name: 'lint', version: '1.2.0', mcpServers: { inline: { command: 'npx', args: ['-y', 'lint-mcp'] } } }),
    [`${CACHE}1.2.0/skills/fix/SKILL.md`]: md({ name: 'fix', description: 'x', 'allowed-tools': 'Bash' }),
    [`${CACHE}1.2.0/agents/reviewer.md`]: md({ name: 'reviewer', description: 'x', permissionMode: 'bypassPermissions', hooks: bashHooks('echo no') }),
    [`${CACHE}1.2.0/commands/lint.md`]: md({ description: 'x' }),
    [`${CACHE}1.2.0/output-styles/terse.md`]: md({ name: 'terse', description: 'x' }),
    [`${CACHE}1.2.0/hooks/hooks.json`]: json({ description: 'x', hooks: bashHooks('${CLAUDE_PLUGIN_ROOT}/scripts/check.sh') }),
    [`${CACHE}1.2.0/.mcp.json`]: json({ mcpServers: { cached: { command: 'lint-server' } } }),
    [`${CACHE}1.1.0/skills/old/SKILL.md`]: md({ name: 'old', description: 'orphaned version' }),
    '.claude/plugins/cache/acme-market/other/1.0.0/skills/elsewhere/SKILL.md': md({ name: 'elsewhere', description: 'x' }),
  };
}

/** A repository with every source: settings, MCP files, skills with frontmatter hooks, agents with inline servers, and a plugin of its own. */
const PROJECT: TreeSpec = {
  '.claude/settings.json': json({ hooks: bashHooks('.claude/hooks/guard.sh'), extraKnownMarketplaces: { team: { source: { source: 'github', repo: 'a/b' } } } }),
  '.claude/settings.local.json': json({ hooks: bashHooks('echo local') }),
  '.mcp.json': json({ mcpServers: { projdb: { command: 'db-mcp' } } }),
  '.claude/skills/deploy/SKILL.md': md('name: deploy\ndescription: x\nhooks:\n  PostToolUse:\n    - hooks:\n        - type: command\n          command: echo deployed'),
  '.claude/agents/helper.md': md('name: helper\ndescription: x\nmcpServers:\n  - github\n  - inlined:\n      command: inline-mcp'),
  '.claude/commands/ship.md': md({ description: 'x' }),
  '.claude/output-styles/plain.md': md({ name: 'plain', description: 'x' }),
  '.claude-plugin/plugin.json': json({ name: 'repo-plugin', hooks: { Stop: [{ hooks: [{ type: 'command', command: 'echo stop' }] }] } }),
  '.claude-plugin/marketplace.json': json({ name: 'repo-market', owner: { name: 'x' }, plugins: [{ name: 'sub', source: './plugins/sub' }, { name: 'remote', source: { source: 'github', repo: 'x/y' }, mcpServers: { remote: { url: 'https://r.example/mcp', type: 'http' } } }] }),
  'skills/tidy/SKILL.md': md({ name: 'tidy', description: 'x' }),
  'hooks/hooks.json': json({ hooks: bashHooks('echo repo-plugin') }),
  'plugins/sub/.claude-plugin/plugin.json': json({ name: 'sub-plugin' }),
  'plugins/sub/agents/sub-agent.md': md({ name: 'sub-agent', description: 'x' }),
  'plugins/sub/.mcp.json': json({ subsrv: { command: 'sub-mcp' } }),
};
const MANAGED: TreeSpec = {
  'managed-settings.json': json({ hooks: bashHooks('echo managed') }),
  'managed-mcp.json': json({ mcpServers: { corp: { type: 'http', url: 'https://corp.example/mcp' } } }),
};

async function inventory(dirs: { root: string; home: string; managedDir: string }, pins: TierPins = new Map()) {
  const workspace = await loadWorkspace({ root: dirs.root, home: dirs.home, managedDir: dirs.managedDir });
  return loadExtensions(workspace, { pins });
}
const row = (e: Extension) => `${e.tier} ${e.kind} ${e.name} @ ${e.file.path}${e.pointer ? `#${e.pointer}` : ''}`;

describe('extension inventory', () => {
  it('finds every extension of every scope, the plugin cache and the repository as a plugin, each with its tier', async () => {
    const dirs = makeWorkspaceDirs({ project: PROJECT, managed: MANAGED });
    // `~/.claude.json` keys the local servers by this project's root.
    writeTree(dirs.home, home(dirs.root));
    const inv = await inventory(dirs);
    expect(inv.extensions.map(row).sort()).toEqual([
      'managed hook PreToolUse[0].hooks[0] @ <managed>/managed-settings.json#/hooks/PreToolUse/0/hooks/0',
      'managed mcp-server corp @ <managed>/managed-mcp.json#/mcpServers/corp',
      'plugin hook lint:PreToolUse[0].hooks[0] @ ~/.claude/plugins/cache/acme-market/lint/1.2.0/hooks/hooks.json#/hooks/PreToolUse/0/hooks/0',
      'plugin hook repo-plugin:PreToolUse[0].hooks[0] @ hooks/hooks.json#/hooks/PreToolUse/0/hooks/0',
      'plugin hook repo-plugin:Stop[0].hooks[0] @ .claude-plugin/plugin.json#/hooks/Stop/0/hooks/0',
      'plugin mcp-server lint:cached @ ~/.claude/plugins/cache/acme-market/lint/1.2.0/.mcp.json#/mcpServers/cached',
      'plugin mcp-server lint:inline @ ~/.claude/plugins/cache/acme-market/lint/1.2.0/.claude-plugin/plugin.json#/mcpServers/inline',
      'plugin mcp-server remote:remote @ .claude-plugin/marketplace.json#/plugins/1/mcpServers/remote',
      'plugin mcp-server sub-plugin:subsrv @ plugins/sub/.mcp.json#/subsrv',
      'plugin output-style lint:terse @ ~/.claude/plugins/cache/acme-market/lint/1.2.0/output-styles/terse.md',
      'plugin plugin lint@acme-market @ ~/.claude/plugins/cache/acme-market/lint/1.2.0/.claude-plugin/plugin.json',
      'plugin plugin remote @ .claude-plugin/marketplace.json#/plugins/1',
      'plugin plugin repo-plugin @ .claude-plugin/plugin.json',
      'plugin plugin sub-plugin @ plugins/sub/.claude-plugin/plugin.json',
      'plugin skill lint:fix @ ~/.claude/plugins/cache/acme-market/lint/1.2.0/skills/fix/SKILL.md',
      'plugin skill repo-plugin:tidy @ skills/tidy/SKILL.md',
      'plugin subagent lint:reviewer @ ~/.claude/plugins/cache/acme-market/lint/1.2.0/agents/reviewer.md',
      'plugin subagent sub-plugin:sub-agent @ plugins/sub/agents/sub-agent.md',
      'plugin command lint:lint @ ~/.claude/plugins/cache/acme-market/lint/1.2.0/commands/lint.md',
      'project command ship @ .claude/commands/ship.md',
      'project hook PreToolUse[0].hooks[0] @ .claude/settings.json#/hooks/PreToolUse/0/hooks/0',
      'project hook deploy:PostToolUse[0].hooks[0] @ .claude/skills/deploy/SKILL.md#/hooks/PostToolUse/0/hooks/0',
      'project marketplace repo-market @ .claude-plugin/marketplace.json',
      'project marketplace team @ .claude/settings.json#/extraKnownMarketplaces/team',
      'project mcp-server helper:inlined @ .claude/agents/helper.md#/mcpServers/1/inlined',
      'project mcp-server projdb @ .mcp.json#/mcpServers/projdb',
      'project output-style plain @ .claude/output-styles/plain.md',
      'project skill deploy @ .claude/skills/deploy/SKILL.md',
      'project subagent helper @ .claude/agents/helper.md',
      'user hook PreToolUse[0].hooks[0] @ .claude/settings.local.json#/hooks/PreToolUse/0/hooks/0',
      'user hook PreToolUse[0].hooks[0] @ ~/.claude/settings.json#/hooks/PreToolUse/0/hooks/0',
      'user mcp-server localdb @ ~/.claude.json#/projects/' + dirs.root.replace(/\//g, '~1') + '/mcpServers/localdb',
      'user mcp-server userdb @ ~/.claude.json#/mcpServers/userdb',
      'user plugin lint@acme-market @ ~/.claude/settings.json#/enabledPlugins/lint@acme-market',
      'user skill notes @ ~/.claude/skills/notes/SKILL.md',
    ].sort());
    expect(inv.notices).toEqual([]);
    // Plugin hook scripts resolve against the plugin root.
    const pluginHook = inv.extensions.find((e) => e.kind === 'hook' && e.name === 'lint:PreToolUse[0].hooks[0]');
    expect(pluginHook?.kind === 'hook' && pluginHook.script?.path).toBe('~/.claude/plugins/cache/acme-market/lint/1.2.0/scripts/check.sh');
    expect(pluginHook?.kind === 'hook' && pluginHook.script?.state?.exists).toBe(false);
    const fromPlugin = inv.extensions.find((e) => e.name === 'lint:fix');
    expect(fromPlugin?.origin.plugin).toMatchObject({ id: 'lint@acme-market', source: 'cache', version: '1.2.0' });
    expect(inv.extensions.find((e) => e.name === 'deploy:PostToolUse[0].hooks[0]')?.origin.declaredBy).toBe('skill:deploy');
  });

  it('falls back to the newest cached version without a registry, and notes a broken one', async () => {
    const plain = makeWorkspaceDirs({ home: { [`${CACHE}1.9.0/skills/a/SKILL.md`]: md({ name: 'a' }), [`${CACHE}1.10.0/skills/b/SKILL.md`]: md({ name: 'b' }) } });
    expect((await inventory(plain)).extensions.filter((e) => e.kind === 'skill').map((e) => e.name)).toEqual(['lint:b']);
    const broken = makeWorkspaceDirs({ home: { '.claude/plugins/installed_plugins.json': '{"plugins": ', [`${CACHE}2.0.0/skills/c/SKILL.md`]: md({ name: 'c' }) } });
    const inv = await inventory(broken);
    expect(inv.extensions.filter((e) => e.kind === 'skill').map((e) => e.name)).toEqual(['lint:c']);
    expect(inv.notices).toHaveLength(1);
    expect(inv.notices[0]).toContain('installed_plugins.json');
  });

  it('never crashes on bad plugin files: broken JSON, symlink loops, huge files, paths escaping the plugin', async () => {
    const dirs = makeWorkspaceDirs({
      project: {
        '.claude-plugin/plugin.json': json({ name: 'p', agents: ['../../outside', '/etc'], hooks: './missing/hooks.json' }),
        'hooks/hooks.json': '{ "hooks": ',
        'agents/ok.md': md({ name: 'ok', description: 'x' }),
        'agents/loop': { symlink: '.' },
        'skills/big/SKILL.md': `---\nname: big\n---\n${'x'.repeat(5 * 1024 * 1024)}`,
      },
    });
    mkdirSync(path.join(dirs.home, '.claude/plugins/cache/m/p'), { recursive: true });
    symlinkSync('.', path.join(dirs.home, '.claude/plugins/cache/m/p/1.0.0'));
    const inv = await inventory(dirs);
    const names = inv.extensions.map((e) => `${e.kind} ${e.name}`);
    expect(names).toContain('subagent p:ok');
    expect(names).toContain('skill p:big');
    const big = inv.extensions.find((e) => e.name === 'p:big');
    expect(big?.file.readProblems.map((p) => p.code)).toEqual(['too-large']);
    expect(inv.extensions.filter((e) => e.kind === 'hook' && e.file.path === 'hooks/hooks.json')).toEqual([]);
  });

  it('applies tier pins by kind:name and name; declared and plugin extensions follow their declarer', async () => {
    const dirs = makeWorkspaceDirs({ project: PROJECT });
    const pins: TierPins = new Map([
      ['mcp-server:projdb', 'mcp'],
      ['deploy', 'user'],
      ['plugin:sub-plugin', 'managed'],
    ]);
    const inv = await inventory(dirs, pins);
    const tier = (name: string) => inv.extensions.filter((e) => e.name === name).map((e) => `${e.tier}<-${e.origin.tier}`);
    expect(tier('projdb')).toEqual(['mcp<-project']);
    expect(tier('deploy')).toEqual(['user<-project']);
    expect(tier('deploy:PostToolUse[0].hooks[0]')).toEqual(['user<-project']);
    expect(tier('sub-plugin:sub-agent')).toEqual(['managed<-plugin']);
    expect(tier('sub-plugin:subsrv')).toEqual(['managed<-plugin']);
    expect(tier('repo-plugin:tidy')).toEqual(['plugin<-plugin']);
  });

  it('reads the repository plugin from git for a revision, and git facts for its files', async () => {
    const dirs = makeWorkspaceDirs({ project: { '.claude-plugin/plugin.json': json({ name: 'p' }), 'skills/a/SKILL.md': md({ name: 'a' }), '.gitignore': 'skills/b/\n' } });
    await gitInit(dirs.root, ['.claude-plugin/plugin.json', 'skills/a/SKILL.md', '.gitignore']);
    writeTree(dirs.root, { 'skills/b/SKILL.md': md({ name: 'b' }), 'skills/c/SKILL.md': md({ name: 'c' }) });
    const live = await inventory(dirs);
    expect(live.extensions.filter((e) => e.kind === 'skill').map((e) => `${e.name} ${e.file.git?.tracked} ${e.file.git?.ignored}`)).toEqual(['p:a true false', 'p:b false true', 'p:c false false']);
    const atHead = await loadExtensions(await loadWorkspaceAt({ root: dirs.root, home: dirs.home, managedDir: dirs.managedDir, rev: 'HEAD' }));
    expect(atHead.extensions.filter((e) => e.kind === 'skill').map((e) => e.name)).toEqual(['p:a']);
  });
});

describe('agentgov extensions list', () => {
  it('shows kinds, tiers (pinned ones with their source tier) and sources, most trusted first in the policy order', async () => {
    const dirs = makeWorkspaceDirs({
      project: { ...PROJECT, 'agentgov.json': json({ extensions: { tierOrder: ['managed', 'bundled', 'plugin', 'user', 'project', 'mcp'], tiers: { 'mcp-server:projdb': 'mcp' } } }) },
      managed: MANAGED,
    });
    const r = await cli(['extensions', 'list', dirs.root, '--home', dirs.home, '--managed-dir', dirs.managedDir, '--format', 'json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { name: string; tier: string; sourceTier: string; source: string }[];
    const tiers = rows.map((x) => x.tier);
    expect([...new Set(tiers)]).toEqual(['managed', 'plugin', 'user', 'project', 'mcp']);
    expect(rows.find((x) => x.name === 'projdb')).toMatchObject({ tier: 'mcp', sourceTier: 'project', source: 'project' });
    expect(rows.find((x) => x.name === 'sub-plugin:sub-agent')?.source).toBe('plugin sub-plugin (this repository)');
    expect(rows.find((x) => x.name === 'helper:inlined')?.source).toBe('project, declared by subagent:helper');
    const text = await cli(['extensions', 'list', dirs.root, '--home', dirs.home, '--managed-dir', dirs.managedDir]);
    expect(text.stdout.split('\n')[0]).toMatch(/^name\s+kind\s+tier\s+source\s+file\s+git\s+locked\s+signed$/);
    expect(text.stdout).toMatch(/projdb\s+mcp-server\s+mcp \(pinned from project\)/);
  });
});
