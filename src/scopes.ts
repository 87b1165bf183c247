/** What every library call of a command takes from the options: the folders of each scope and the policy file. */
export interface Scopes {
  root: string;
  home: string;
  claudeDir?: string;
  managedDir: string;
  policyPath?: string;
}

/**
 * The scopes of some options (a command's, a run's), and nothing else, so that no caller forgets one
 * (`CLAUDE_CONFIG_DIR` was added command by command).
 */
export function scopesOf(o: Scopes): Scopes {
  return { root: o.root, home: o.home, managedDir: o.managedDir, ...(o.claudeDir ? { claudeDir: o.claudeDir } : {}), ...(o.policyPath ? { policyPath: o.policyPath } : {}) };
}
