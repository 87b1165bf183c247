import { loadPolicy } from '../policies/load-policy.js';
import { allRules } from '../audit/registry.js';
import { loadExtensions } from '../workspace/extensions/load-extensions.js';
import { loadWorkspace } from '../workspace/load-workspace.js';

export interface ExtensionRow {
  name: string;
  kind: string;
  tier: string;
  file: string;
  pointer: string | null;
  /** `tracked`, `ignored`, `untracked`, or `-` outside git and for files outside the repository. */
  git: string;
}

/** The extension inventory as rows: what `extensions list` prints. */
export async function listExtensions(options: { root: string; home: string; managedDir: string; policyPath?: string }): Promise<ExtensionRow[]> {
  const policy = await loadPolicy({ root: options.root, ...(options.policyPath ? { policyPath: options.policyPath } : {}), rules: allRules() });
  const workspace = await loadWorkspace({ root: options.root, home: options.home, managedDir: options.managedDir, ignore: policy.ignore });
  const { extensions } = await loadExtensions(workspace);
  return extensions.map((e) => {
    const git = e.kind === 'hook' && e.script?.state?.git ? e.script.state.git : e.file.git;
    return { name: e.name, kind: e.kind, tier: e.tier, file: e.file.path, pointer: e.pointer, git: git ? (git.ignored ? 'ignored' : git.tracked ? 'tracked' : 'untracked') : '-' };
  });
}
