import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExtensions } from '../../src/workspace/extensions/load-extensions.js';
import { loadExtensionSignatures, manifestCandidates } from '../../src/workspace/extensions/signatures.js';
import { loadWorkspace } from '../../src/workspace/load-workspace.js';
import { json, makeWorkspaceDirs, writeTree, type TreeSpec } from '../helpers/tree.js';

const skill = (name: string) => `---\nname: ${name}\ndescription: x\n---\nBody.\n`;

/** Claude Code's folder with an installed plugin (registered under the folder's own name) and a user-tier manifest. */
function claudeFolder(name: string): TreeSpec {
  return {
    'plugins/installed_plugins.json': json({ version: 2, plugins: { 'lint@acme': [{ scope: 'user', installPath: `/Users/someone/${name}/plugins/cache/acme/lint/1.0.0`, version: '1.0.0' }] } }),
    'plugins/cache/acme/lint/1.0.0/.claude-plugin/plugin.json': json({ name: 'lint', version: '1.0.0' }),
    'plugins/cache/acme/lint/1.0.0/skills/fix/SKILL.md': skill('fix'),
    'skills/notes/SKILL.md': skill('notes'),
    'agentgov-manifest.user.json': json({ name: 'user' }),
  };
}

async function load(relocate: boolean) {
  const dirs = makeWorkspaceDirs({ project: { 'README.md': 'x\n' } });
  const config = path.join(dirs.base, 'claude-config');
  writeTree(relocate ? config : path.join(dirs.home, '.claude'), claudeFolder(relocate ? 'claude-config' : '.claude'));
  const workspace = await loadWorkspace({ root: dirs.root, home: dirs.home, managedDir: dirs.managedDir, ...(relocate ? { claudeDir: config } : {}) });
  const inventory = await loadExtensions(workspace);
  const signatures = await loadExtensionSignatures(workspace, inventory, { requireSignature: ['user'] }, { now: new Date() });
  return { dirs, config, workspace, inventory, signatures };
}

describe('extensions under CLAUDE_CONFIG_DIR', () => {
  it('finds installed plugins and the user manifest in the relocated folder, shown as $CLAUDE_CONFIG_DIR/…', async () => {
    const { config, workspace, inventory, signatures } = await load(true);
    const plugin = inventory.extensions.filter((e) => e.tier === 'plugin').map((e) => `${e.kind} ${e.name} @ ${e.file.path}`);
    expect(plugin.sort()).toEqual(['plugin lint@acme @ $CLAUDE_CONFIG_DIR/plugins/cache/acme/lint/1.0.0/.claude-plugin/plugin.json', 'skill lint:fix @ $CLAUDE_CONFIG_DIR/plugins/cache/acme/lint/1.0.0/skills/fix/SKILL.md']);
    expect(inventory.notices).toEqual([]);
    expect(manifestCandidates('user', workspace)[1]).toEqual({ abs: path.join(config, 'agentgov-manifest.user.json'), display: '$CLAUDE_CONFIG_DIR/agentgov-manifest.user.json' });
    // Found (so not `no-manifest`), but unsigned here: the next check fails.
    expect(signatures.tiers.user).toMatchObject({ manifest: '$CLAUDE_CONFIG_DIR/agentgov-manifest.user.json', problem: { check: 'signature-format' } });
  });

  it('says which registry it could not use by the relocated path', async () => {
    const { dirs, config } = await load(true);
    writeTree(config, { 'plugins/installed_plugins.json': '{ broken' });
    const workspace = await loadWorkspace({ root: dirs.root, home: dirs.home, managedDir: dirs.managedDir, claudeDir: config });
    const inventory = await loadExtensions(workspace);
    expect(inventory.notices.filter((n) => n.includes('installed_plugins.json'))).toEqual([expect.stringContaining('$CLAUDE_CONFIG_DIR/plugins/installed_plugins.json')]);
    // Without a registry the newest cached version is still found in the relocated folder.
    expect(inventory.extensions.some((e) => e.kind === 'plugin' && e.file.path.startsWith('$CLAUDE_CONFIG_DIR/plugins/cache/'))).toBe(true);
  });

  it('without the variable, reads and shows ~/.claude as before', async () => {
    const { workspace, inventory, signatures } = await load(false);
    expect(inventory.extensions.filter((e) => e.tier === 'plugin').map((e) => e.file.path).sort()).toEqual(['~/.claude/plugins/cache/acme/lint/1.0.0/.claude-plugin/plugin.json', '~/.claude/plugins/cache/acme/lint/1.0.0/skills/fix/SKILL.md']);
    expect(manifestCandidates('user', workspace)[1]?.display).toBe('~/.claude/agentgov-manifest.user.json');
    expect(signatures.tiers.user).toMatchObject({ manifest: '~/.claude/agentgov-manifest.user.json', problem: { check: 'signature-format' } });
  });
});
