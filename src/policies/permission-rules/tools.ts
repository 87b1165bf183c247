/** Canonical built-in tool names of Claude Code v2.1.240 (reference §2.3–§2.4), plus `Cd` (the user's /cd command). */
export const BUILT_IN_TOOLS: ReadonlySet<string> = new Set([
  'Agent', 'Artifact', 'AskUserQuestion', 'Bash', 'Cd', 'CronCreate', 'CronDelete', 'CronList', 'Edit', 'EndConversation',
  'EnterPlanMode', 'EnterWorktree', 'ExitPlanMode', 'ExitWorktree', 'Glob', 'Grep', 'ListAgents', 'ListMcpResourcesTool',
  'LSP', 'Monitor', 'NotebookEdit', 'PowerShell', 'PushNotification', 'Read', 'ReadMcpResourceTool', 'RemoteTrigger',
  'ReportFindings', 'ScheduleWakeup', 'SendMessage', 'SendUserFile', 'ShareOnboardingGuide', 'Skill', 'TaskCreate',
  'TaskGet', 'TaskList', 'TaskOutput', 'TaskStop', 'TaskUpdate', 'TodoWrite', 'ToolSearch', 'WaitForMcpServers',
  'WebFetch', 'WebSearch', 'Workflow', 'Write',
]);

/** Old names still found in configurations: what they are now. */
export const LEGACY_TOOLS: Readonly<Record<string, string>> = {
  MultiEdit: 'Edit',
  KillShell: 'TaskStop',
  LS: 'Bash(ls *)',
  // The slash-command tool was merged into Skill; `SlashCommand(/name)` rules became `Skill(name)`.
  SlashCommand: 'Skill(name)',
};

/** `Task` was renamed `Agent` in v2.1.63 and still works as an alias. */
export const TOOL_ALIASES: Readonly<Record<string, string>> = { Task: 'Agent' };

/** Tools whose specifier is a shell command line. */
export const COMMAND_TOOLS: ReadonlySet<string> = new Set(['Bash', 'PowerShell']);

/** Tools whose specifier is a path; only `Read` and `Edit` path rules are consulted (reference §2.3). */
export const PATH_TOOLS: ReadonlySet<string> = new Set(['Read', 'Edit', 'Write', 'NotebookEdit', 'MultiEdit', 'Glob', 'Cd']);
export const CONSULTED_PATH_TOOLS: ReadonlySet<string> = new Set(['Read', 'Edit', 'Cd']);

/**
 * Top-level input fields of built-in tools (for `Tool(param:value)`), and the primary content field on which the
 * parameter form is ignored with a warning.
 */
export const TOOL_INPUTS: Readonly<Record<string, { fields: readonly string[]; primary?: string }>> = {
  Bash: { fields: ['command', 'timeout', 'description', 'run_in_background', 'dangerouslyDisableSandbox'], primary: 'command' },
  PowerShell: { fields: ['command', 'timeout', 'description', 'run_in_background'], primary: 'command' },
  Read: { fields: ['file_path', 'offset', 'limit', 'pages'], primary: 'file_path' },
  Edit: { fields: ['file_path', 'old_string', 'new_string', 'replace_all'], primary: 'file_path' },
  Write: { fields: ['file_path', 'content'], primary: 'file_path' },
  MultiEdit: { fields: ['file_path', 'edits'], primary: 'file_path' },
  NotebookEdit: { fields: ['notebook_path', 'cell_id', 'new_source', 'cell_type', 'edit_mode'], primary: 'notebook_path' },
  Glob: { fields: ['pattern', 'path'], primary: 'path' },
  Grep: { fields: ['pattern', 'path', 'glob', 'type', 'output_mode', 'head_limit', 'multiline'], primary: 'path' },
  WebFetch: { fields: ['url', 'prompt'], primary: 'url' },
  WebSearch: { fields: ['query', 'allowed_domains', 'blocked_domains'] },
  Agent: { fields: ['description', 'prompt', 'subagent_type', 'model', 'isolation', 'run_in_background', 'name'] },
  Skill: { fields: ['skill', 'args'] },
};

/** Tools that ask in the default (Manual) mode when no rule matches (reference §2.4); MCP tools ask too. */
export const PROMPTING_TOOLS: ReadonlySet<string> = new Set([
  'Artifact', 'Bash', 'Edit', 'EnterWorktree', 'ExitPlanMode', 'Monitor', 'NotebookEdit', 'PowerShell',
  'ShareOnboardingGuide', 'Skill', 'WebFetch', 'WebSearch', 'Workflow', 'Write', 'MultiEdit',
]);

/** Tools that edit files: an `Edit(path)` rule applies to all of them. */
export const EDIT_TOOLS: ReadonlySet<string> = new Set(['Edit', 'Write', 'NotebookEdit', 'MultiEdit']);
/** Tools that read files: a `Read(path)` rule applies to them (best effort for Grep and Glob). */
export const READ_TOOLS: ReadonlySet<string> = new Set(['Read', 'Glob', 'Grep']);

/** Own-property lookup: a rule named `toString` or `__proto__` must not find Object.prototype's members. */
export function lookup<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

export function canonicalToolName(name: string): string {
  return lookup(TOOL_ALIASES, name) ?? name;
}
