/**
 * Every weight of the index, in one table (mirrored in docs/permissiveness-index.md). Rule weights are per effective
 * allow rule; setting weights are counted once (additional directories: once per distinct directory).
 */
export const INDEX_WEIGHTS = {
  // What one effective allow rule grants.
  'unrestricted-shell': { label: 'Unrestricted shell (bare or `(*)` Bash / PowerShell allow)', points: 40 },
  'unrestricted-edit': { label: 'Unrestricted file edits (bare Edit / Write / NotebookEdit allow)', points: 15 },
  'unrestricted-webfetch': { label: 'Unrestricted WebFetch (bare or `domain:*`)', points: 10 },
  'unrestricted-read': { label: 'Unrestricted Read (bare Read allow)', points: 5 },
  'unrestricted-agent': { label: 'Unrestricted subagents (bare Agent allow)', points: 3 },
  'privilege-escalation': { label: 'Privilege escalation (sudo, su, doas, …)', points: 20 },
  'code-execution': { label: 'Code execution (interpreters, package runners, …)', points: 12 },
  'network-egress': { label: 'Network egress from the shell (curl, git push, …)', points: 8 },
  'broad-webfetch-domain': { label: 'Broad WebFetch domain pattern (`*.example.com`, `example.*`)', points: 6 },
  destructive: { label: 'Destructive commands (rm, git reset --hard, …)', points: 6 },
  /** Per sensitive target (sensitive-paths catalog) that an allow reaches without a deny or ask stopping it. */
  'sensitive-path': { label: 'Readable or editable without asking', points: 10 },
  'other-allow': { label: 'Other allow rules', points: 1 },
  // Settings.
  'mode.plan': { label: 'defaultMode plan', points: 0 },
  'mode.dontAsk': { label: 'defaultMode dontAsk (denies what would ask)', points: 0 },
  'mode.default': { label: 'defaultMode default', points: 0 },
  'mode.acceptEdits': { label: 'defaultMode acceptEdits', points: 8 },
  'mode.auto': { label: 'defaultMode auto', points: 15 },
  'mode.bypassPermissions': { label: 'defaultMode bypassPermissions', points: 50 },
  'skip-dangerous-mode-prompt': { label: 'skipDangerousModePermissionPrompt (user, local or managed settings)', points: 5 },
  'enable-all-project-mcp-servers': { label: 'enableAllProjectMcpServers', points: 8 },
  'additional-directory-broad': { label: 'Additional directory containing the home folder (`/`, `~`, …)', points: 15 },
  'additional-directory': { label: 'Additional directory', points: 3 },
} as const satisfies Record<string, { label: string; points: number }>;

export type WeightId = keyof typeof INDEX_WEIGHTS;
