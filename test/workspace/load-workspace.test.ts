import path from 'node:path';
import { simpleGit } from 'simple-git';
import { describe, expect, it } from 'vitest';
import { loadWorkspace, WorkspaceError } from '../../src/workspace/load-workspace.js';
import { gitInit, json, makeWorkspaceDirs, tempDir, writeTree } from '../helpers/tree.js';

const md = (fm: string, body = 'Body\n') => `---\n${fm}\n---\n${body}`;

describe('loadWorkspace', () => {
  it('finds every scope and kind Claude Code reads', async () => {
    const dirs = makeWorkspaceDirs({
      managed: {
        'managed-settings.json': json({ permissions: { deny: ['Bash(curl *)'] } }),
        'managed-settings.d/20-b.json': json({}),
        'managed-settings.d/10-a.json': json({}),
        'managed-settings.d/.hidden.json': json({}),
        'managed-settings.d/notes.txt': 'x',
        'managed-mcp.json': json({ mcpServers: {} }),
        'CLAUDE.md': '# Org rules\n',
        '.claude/agents/org.md': md('name: org\ndescription: d'),
      },
      home: {
        '.claude/settings.json': json({}),
        '.claude.json': json({ mcpServers: {} }),
        '.claude/CLAUDE.md': '# Me\n',
        '.claude/rules/style.md': '# style\n',
        '.claude/skills/notes/SKILL.md': md('name: notes'),
        '.claude/agents/helper.md': md('name: helper\ndescription: d'),
        '.claude/commands/nested/go.md': 'Go\n',
        '.claude/output-styles/terse.md': md('name: terse'),
      },
      project: {
        '.claude/settings.json': json({}),
        '.claude/settings.local.json': json({}),
        '.mcp.json': json({ mcpServers: {} }),
        'CLAUDE.md': '# Project\n',
        '.claude/CLAUDE.md': '# More\n',
        'CLAUDE.local.md': '# Local\n',
        '.claude/rules/a/b/deep.md': md('paths:\n  - "src/**"'),
        '.claude/skills/deploy/SKILL.md': md('allowed-tools: Bash'),
        '.claude/skills/deploy/helper.sh': 'echo\n',
        '.claude/skills/no-skill-file/README.md': 'x',
        '.claude/agents/rev.md': md('name: rev\ndescription: d'),
        '.claude/commands/ship.md': 'Ship\n',
        '.claude/output-styles/x.md': 'x\n',
        'AGENTS.md': '# Agents\n',
        '.claude-plugin/plugin.json': json({ name: 'p' }),
        '.claude-plugin/marketplace.json': json({ name: 'm', owner: { name: 'o' }, plugins: [] }),
        'src/CLAUDE.md': '# not loaded at launch\n',
      },
    });
    const ws = await loadWorkspace({ root: dirs.root, home: dirs.home, managedDir: dirs.managedDir });
    const seen = ws.files.map((f) => `${f.scope} ${f.kind} ${f.path}`).sort();
    expect(seen).toEqual(
      [
        'managed settings <managed>/managed-settings.json',
        'managed settings <managed>/managed-settings.d/10-a.json',
        'managed settings <managed>/managed-settings.d/20-b.json',
        'managed mcp <managed>/managed-mcp.json',
        'managed claude-md <managed>/CLAUDE.md',
        'managed subagent <managed>/.claude/agents/org.md',
        'user settings ~/.claude/settings.json',
        'user global-config ~/.claude.json',
        'user claude-md ~/.claude/CLAUDE.md',
        'user rule ~/.claude/rules/style.md',
        'user skill ~/.claude/skills/notes/SKILL.md',
        'user subagent ~/.claude/agents/helper.md',
        'user command ~/.claude/commands/nested/go.md',
        'user output-style ~/.claude/output-styles/terse.md',
        'project settings .claude/settings.json',
        'local settings .claude/settings.local.json',
        'project mcp .mcp.json',
        'project claude-md CLAUDE.md',
        'project claude-md .claude/CLAUDE.md',
        'local claude-md CLAUDE.local.md',
        'project rule .claude/rules/a/b/deep.md',
        'project skill .claude/skills/deploy/SKILL.md',
        'project subagent .claude/agents/rev.md',
        'project command .claude/commands/ship.md',
        'project output-style .claude/output-styles/x.md',
        'project agents-md AGENTS.md',
        'project plugin-manifest .claude-plugin/plugin.json',
        'project marketplace .claude-plugin/marketplace.json',
      ].sort(),
    );
    const managedDropIns = ws.files.filter((f) => f.path.includes('managed-settings')).map((f) => f.path);
    expect(managedDropIns).toEqual(['<managed>/managed-settings.json', '<managed>/managed-settings.d/10-a.json', '<managed>/managed-settings.d/20-b.json']);
    const rule = ws.files.find((f) => f.kind === 'rule' && f.scope === 'project');
    expect(rule?.frontmatter?.data).toEqual({ paths: ['src/**'] });
    expect(ws.files.find((f) => f.path === '<managed>/managed-settings.json')?.json?.value).toEqual({ permissions: { deny: ['Bash(curl *)'] } });
  });

  it('keeps going past broken files and reports each problem on its file', async () => {
    const dirs = makeWorkspaceDirs({
      project: {
        '.claude/settings.json': '{\n  "permissions": {"allow": ["Bash(ls)",]}\n}\n',
        '.claude/settings.local.json': { dir: true },
        '.mcp.json': { symlink: '.mcp.json' },
        '.claude/rules/loop': { symlink: '.' },
        '.claude/rules/ok.md': '# ok\n',
        'CLAUDE.md': Buffer.from([0x23, 0x00, 0x01]),
      },
    });
    const ws = await loadWorkspace({ root: dirs.root, home: dirs.home, managedDir: dirs.managedDir });
    const byPath = new Map(ws.files.map((f) => [f.path, f]));
    expect(byPath.get('.claude/settings.json')?.json?.errors[0]).toMatchObject({ code: 'trailing-comma', position: { line: 2, column: 39 } });
    expect(byPath.get('.claude/settings.local.json')?.readProblems[0]?.code).toBe('is-directory');
    expect(byPath.get('.mcp.json')?.readProblems[0]?.code).toBe('symlink-loop');
    expect(byPath.get('CLAUDE.md')?.readProblems[0]?.code).toBe('binary');
    expect(byPath.get('.claude/rules/ok.md')?.text).toBe('# ok\n');
  });

  it('reads git facts: tracked and ignored, in a real repository', async () => {
    const dirs = makeWorkspaceDirs({
      project: {
        '.gitignore': '.claude/settings.local.json\nCLAUDE.local.md\n',
        '.claude/settings.json': json({}),
        '.claude/settings.local.json': json({}),
        'CLAUDE.local.md': '# local\n',
        'CLAUDE.md': '# untracked yet\n',
      },
    });
    await gitInit(dirs.root, ['.gitignore', '.claude/settings.json']);
    // A local file committed by force is both tracked and ignored: exactly the case auditors must see.
    await simpleGit({ baseDir: dirs.root }).raw(['add', '-f', '.claude/settings.local.json']);
    const ws = await loadWorkspace({ root: dirs.root, home: dirs.home, managedDir: dirs.managedDir });
    const git = Object.fromEntries(ws.files.map((f) => [f.path, f.git]));
    expect(ws.git.repoRoot).toBe(dirs.root);
    expect(git['.claude/settings.json']).toEqual({ tracked: true, ignored: false });
    expect(git['.claude/settings.local.json']).toEqual({ tracked: true, ignored: true });
    expect(git['CLAUDE.local.md']).toEqual({ tracked: false, ignored: true });
    expect(git['CLAUDE.md']).toEqual({ tracked: false, ignored: false });
  });

  it('works in a subfolder of a repository and outside any repository', async () => {
    const dirs = makeWorkspaceDirs({ project: { 'app/.claude/settings.json': json({}) } });
    await gitInit(dirs.root, ['app/.claude/settings.json']);
    const sub = await loadWorkspace({ root: path.join(dirs.root, 'app'), home: dirs.home, managedDir: dirs.managedDir });
    expect(sub.files[0]?.git).toEqual({ tracked: true, ignored: false });

    const plain = makeWorkspaceDirs({ project: { '.claude/settings.json': json({}) } });
    const ws = await loadWorkspace({ root: plain.root, home: plain.home, managedDir: plain.managedDir });
    expect(ws.git.unavailableReason).toBe('not-a-repository');
    expect(ws.files[0]?.git).toBeUndefined();
  });

  it('skips files matching ignore globs', async () => {
    const dirs = makeWorkspaceDirs({ project: { '.claude/settings.json': json({}), '.mcp.json': json({}) }, home: { '.claude/settings.json': json({}) } });
    const ws = await loadWorkspace({ root: dirs.root, home: dirs.home, managedDir: dirs.managedDir, ignore: ['.mcp.json', '~/**'] });
    expect(ws.files.map((f) => f.path)).toEqual(['.claude/settings.json']);
  });

  it('refuses a root that does not exist or is a file', async () => {
    const dir = writeTree(tempDir(), { file: 'x' });
    await expect(loadWorkspace({ root: path.join(dir, 'nope'), home: dir, managedDir: dir })).rejects.toBeInstanceOf(WorkspaceError);
    await expect(loadWorkspace({ root: path.join(dir, 'file'), home: dir, managedDir: dir })).rejects.toBeInstanceOf(WorkspaceError);
  });

  it('follows a .claude folder that is a symlink', async () => {
    const dirs = makeWorkspaceDirs({ project: { 'shared-claude/settings.json': json({ model: 'opus' }), '.claude': { symlink: 'shared-claude' } } });
    const ws = await loadWorkspace({ root: dirs.root, home: dirs.home, managedDir: dirs.managedDir });
    expect(ws.files.find((f) => f.path === '.claude/settings.json')?.json?.value).toEqual({ model: 'opus' });
  });
});

describe('git facts for unusual file names', () => {
  it('matches names that git quotes (quotes, non-ASCII, backslashes)', async () => {
    const names = ['.claude/rules/we"ird.md', '.claude/rules/ünï.md', '.claude/rules/back\\slash.md', '.claude/rules/[glob]*.md'];
    const dirs = makeWorkspaceDirs({ project: Object.fromEntries([...names.map((n) => [n, '# x\n']), ['.gitignore', '.claude/rules/\n']]) });
    await gitInit(dirs.root, ['.gitignore']);
    const ws = await loadWorkspace({ root: dirs.root, home: dirs.home, managedDir: dirs.managedDir });
    expect(ws.files.map((f) => [f.path, f.git]).sort()).toEqual(names.map((n) => [n, { tracked: false, ignored: true }]).sort());
  });
});
