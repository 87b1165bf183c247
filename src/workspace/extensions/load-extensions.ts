import { statSync } from 'node:fs';
import { readGitFacts } from '../git-facts.js';
import type { ConfigFile, GitFacts, Workspace } from '../types.js';
import { buildInventory } from './inventory.js';
import { loadPluginFiles } from './plugin-files.js';
import { cachePluginRoots, repositoryPluginRoots } from './plugin-roots.js';
import type { ExtensionInventory, HookScript, TierPins } from './types.js';

export interface LoadExtensionsOptions {
  /** The policy's `ignore` globs (display paths): plugin files matching them are not read. */
  ignore?: readonly string[];
  /** The policy's tier pins (`extensions.tiers`). */
  pins?: TierPins;
  /**
   * Read the plugins installed in Claude Code's plugin cache (default true). `check` reports only on the project's
   * files, and a cached plugin's findings are always in its own files: it skips them (up to 200 plugins' files).
   */
  cachePlugins?: boolean;
}

/**
 * The inventory of the workspace's files plus every plugin (installed in the plugin cache, or this repository being
 * one), with the facts rules need from disk and git: whether each hook script exists and is executable, and whether
 * hook scripts and the repository's plugin files are tracked or ignored (one batched git call for all of them).
 */
export async function loadExtensions(workspace: Workspace, options: LoadExtensionsOptions = {}): Promise<ExtensionInventory> {
  const cache = options.cachePlugins === false ? { roots: [], notices: [] } : await cachePluginRoots(workspace);
  const notices = [...cache.notices];
  const roots = [...repositoryPluginRoots(workspace.files, workspace.root), ...cache.roots];
  const plugins = roots.length === 0 ? [] : await loadPluginFiles(roots, workspace, options.ignore ?? [], notices);
  const inventory = buildInventory(workspace, plugins, options.pins);
  inventory.notices.push(...notices);
  const scripts: HookScript[] = [];
  for (const e of inventory.extensions) if (e.kind === 'hook' && e.script) scripts.push(e.script);
  const existing = scripts.map((s) => ({ script: s, facts: statScript(s.absPath) }));
  const repoFiles: ConfigFile[] = plugins.filter((p) => p.ref.source === 'repository').flatMap((p) => [...p.files, ...(p.manifest ? [p.manifest] : [])]).filter((f) => !f.git);
  const asked = [...existing.filter((x) => x.facts.exists).map((x) => x.script.absPath), ...repoFiles.map((f) => f.absPath)];
  // No git process at all when there is nothing to ask about (most projects).
  const facts = workspace.git.repoRoot && asked.length > 0 ? (await readGitFacts(workspace.root, asked, workspace.git.repoRoot)).facts : new Map<string, GitFacts>();
  for (const { script, facts: f } of existing) {
    const git = facts.get(script.absPath);
    script.state = { ...f, ...(git ? { git } : {}) };
  }
  for (const file of repoFiles) {
    const git = facts.get(file.absPath);
    if (git) file.git = git;
  }
  return inventory;
}

/** One stat per hook script, synchronously: a handful of local files, and the pre-commit check then never loads fs/promises. */
function statScript(absPath: string): { exists: boolean; executable: boolean } {
  try {
    const s = statSync(absPath);
    return { exists: s.isFile(), executable: s.isFile() && (s.mode & 0o111) !== 0 };
  } catch {
    return { exists: false, executable: false };
  }
}
