import { DEFAULT_CLAUDE_VERSION } from '../claude-version.js';

/** Behaviour of Claude Code that changed between versions (reference §0: "before v2.1.NNN" notes). One place only. */
export interface ClaudeBehaviour {
  version: string;
  /** A `Read` deny also blocks Edit on that path (v2.1.208+). */
  readDenyBlocksEdit: boolean;
  /** A `Read` deny also blocks Write on that path (v2.1.228+). NotebookEdit is never covered. */
  readDenyBlocksWrite: boolean;
  /** `defaultMode: "auto"` from project or local settings is ignored (v2.1.142+). */
  autoModeIgnoredInProject: boolean;
  /** `Task` was renamed `Agent` (v2.1.63); `Task(...)` stays an alias. */
  agentToolName: 'Agent' | 'Task';
  /** Startup warning for never-consulted path rules such as `Write(path)` (v2.1.210+). */
  warnsOnUnconsultedPathRules: boolean;
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export function behaviourFor(version: string = DEFAULT_CLAUDE_VERSION): ClaudeBehaviour {
  const atLeast = (v: string) => compareVersions(version, v) >= 0;
  return {
    version,
    readDenyBlocksEdit: atLeast('2.1.208'),
    readDenyBlocksWrite: atLeast('2.1.228'),
    autoModeIgnoredInProject: atLeast('2.1.142'),
    agentToolName: atLeast('2.1.63') ? 'Agent' : 'Task',
    warnsOnUnconsultedPathRules: atLeast('2.1.210'),
  };
}
