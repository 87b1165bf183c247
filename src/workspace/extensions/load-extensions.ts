import { stat } from 'node:fs/promises';
import { readGitFacts } from '../git-facts.js';
import type { GitFacts, Workspace } from '../types.js';
import { buildInventory } from './inventory.js';
import type { ExtensionInventory, HookScript } from './types.js';

/**
 * The inventory with the facts rules need from disk and git about hook scripts: whether each exists, is executable,
 * and is tracked or ignored (one batched git call for all scripts).
 */
export async function loadExtensions(workspace: Workspace): Promise<ExtensionInventory> {
  const inventory = buildInventory(workspace);
  const scripts: HookScript[] = [];
  for (const e of inventory.extensions) if (e.kind === 'hook' && e.script) scripts.push(e.script);
  const existing = await Promise.all(scripts.map(async (s) => ({ script: s, facts: await statScript(s.absPath) })));
  const onDisk = existing.filter((x) => x.facts.exists).map((x) => x.script.absPath);
  // No git process at all when there is no script to ask about (most projects).
  const facts = workspace.git.repoRoot && onDisk.length > 0 ? (await readGitFacts(workspace.root, onDisk)).facts : new Map<string, GitFacts>();
  for (const { script, facts: f } of existing) {
    const git = facts.get(script.absPath);
    script.state = { ...f, ...(git ? { git } : {}) };
  }
  return inventory;
}

async function statScript(absPath: string): Promise<{ exists: boolean; executable: boolean }> {
  try {
    const s = await stat(absPath);
    return { exists: s.isFile(), executable: s.isFile() && (s.mode & 0o111) !== 0 };
  } catch {
    return { exists: false, executable: false };
  }
}
