import { allRules } from '../audit/registry.js';
import { loadPolicy } from '../policies/load-policy.js';
import type { ResolvedPolicy } from '../policies/resolved-policy.js';
import { loadWorkspace } from '../workspace/load-workspace.js';
import { loadPromptSet } from '../workspace/prompts/load-prompt-set.js';
import type { PromptSet } from '../workspace/prompts/types.js';

export interface PromptCommandOptions {
  root: string;
  home: string;
  /** `CLAUDE_CONFIG_DIR`: Claude Code's folder when it is not `<home>/.claude`. */
  claudeDir?: string | undefined;
  managedDir: string;
  policyPath?: string;
}

/** The policy (for `ignore` and the budgets) and the prompt set of a workspace on disk, as the auditor sees them. */
export async function loadPrompts(options: PromptCommandOptions): Promise<{ policy: ResolvedPolicy; set: PromptSet }> {
  const policy = await loadPolicy({ root: options.root, rules: allRules(), ...(options.policyPath ? { policyPath: options.policyPath } : {}) });
  const workspace = await loadWorkspace({ root: options.root, home: options.home, claudeDir: options.claudeDir, managedDir: options.managedDir, ignore: policy.ignore });
  return { policy, set: await loadPromptSet(workspace, policy.ignore) };
}
