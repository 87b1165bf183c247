import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWorkspace } from '../../src/workspace/load-workspace.js';
import { projectSlug } from '../../src/workspace/transcripts.js';
import { cli } from '../helpers/cli.js';
import { daysAgo, setMtimes, topic, withFewItems } from '../helpers/memory.js';
import { json, makeWorkspaceDirs, writeTree } from '../helpers/tree.js';

/** A project whose user settings and auto memory exist twice: in `<home>/.claude` and in a relocated config folder. */
function dirs() {
  const d = makeWorkspaceDirs({ project: { 'agentgov.json': JSON.stringify(withFewItems()) } });
  const config = path.join(d.base, 'config');
  const memory = `projects/${projectSlug(d.root)}/memory`;
  writeTree(path.join(d.home, '.claude'), {
    'settings.json': json({ permissions: { allow: ['Bash(home-only:*)'] } }),
    [`${memory}/project_home.md`]: topic({ name: 'home', type: 'project', modified: daysAgo(100, new Date()) }),
  });
  writeTree(config, {
    'settings.json': json({ permissions: { allow: ['Bash(config-only:*)'] } }),
    'agents/reviewer.md': '---\nname: reviewer\ndescription: reviews\n---\nReview.\n',
    [`${memory}/project_config.md`]: topic({ name: 'config', type: 'project', modified: daysAgo(100, new Date()) }),
  });
  setMtimes(d.home, new Date(Date.now() - 86_400_000));
  setMtimes(config, new Date(Date.now() - 86_400_000));
  return { ...d, config };
}

describe('CLAUDE_CONFIG_DIR', () => {
  it('moves every ~/.claude file of the workspace (not ~/.claude.json), shown as $CLAUDE_CONFIG_DIR/…', async () => {
    const d = dirs();
    writeTree(d.home, { '.claude.json': json({ projects: {} }) });
    const moved = await loadWorkspace({ root: d.root, home: d.home, claudeDir: d.config, managedDir: d.managedDir });
    expect(moved.files.map((f) => f.path).sort()).toEqual(['$CLAUDE_CONFIG_DIR/agents/reviewer.md', '$CLAUDE_CONFIG_DIR/settings.json', '~/.claude.json']);
    const usual = await loadWorkspace({ root: d.root, home: d.home, managedDir: d.managedDir });
    expect(usual.files.map((f) => f.path).sort()).toEqual(['~/.claude.json', '~/.claude/settings.json']);
  });

  it('memory commands read the auto memory under it; an explicit --home or AGENTGOV_HOME leaves the variable aside', async () => {
    const d = dirs();
    const items = (stdout: string) => (JSON.parse(stdout) as { stores: { kind: string; items: { path: string }[] }[] }).stores.filter((s) => s.kind === 'claude-auto').flatMap((s) => s.items.map((i) => i.path));
    const args = ['memory', 'list', d.root, '--state-dir', path.join(d.base, 'state'), '--format', 'json'];
    const relocated = await cli(args, { cwd: d.home, homedir: d.home, env: { CLAUDE_CONFIG_DIR: d.config } });
    expect(relocated.code).toBe(0);
    expect(items(relocated.stdout)).toEqual(['project_config.md']);
    expect(items((await cli(args, { cwd: d.home, homedir: d.home, env: {} })).stdout)).toEqual(['project_home.md']);
    expect(items((await cli([...args, '--home', d.home], { cwd: d.home, homedir: d.home, env: { CLAUDE_CONFIG_DIR: d.config } })).stdout)).toEqual(['project_home.md']);
    expect(items((await cli(args, { cwd: path.join(d.base, 'elsewhere'), homedir: path.join(d.base, 'elsewhere'), env: { CLAUDE_CONFIG_DIR: d.config, AGENTGOV_HOME: d.home } })).stdout)).toEqual(['project_home.md']);
  });

  it('permissions come from its settings.json', async () => {
    const d = dirs();
    const listed = await cli(['permissions', 'effective', d.root, '--format', 'json'], { cwd: d.home, homedir: d.home, env: { CLAUDE_CONFIG_DIR: d.config } });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('config-only');
    expect(listed.stdout).not.toContain('home-only');
  });
});
