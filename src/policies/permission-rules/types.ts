/** The three permission lists, evaluated deny → ask → allow (reference §2.2). */
export type RuleList = 'allow' | 'ask' | 'deny';

export type RuleForm =
  | 'bare' // `Bash`, `Read`, `Tool(*)`: every use of the tool
  | 'bash' // Bash/PowerShell command pattern
  | 'path' // Read/Edit (and the never-consulted Write/NotebookEdit/MultiEdit/Glob) path pattern
  | 'domain' // WebFetch(domain:…)
  | 'mcp' // mcp__server, mcp__server__tool, mcp__server__prefix*
  | 'agent' // Agent(name) / Task(name)
  | 'skill' // Skill(name), Skill(name *)
  | 'param' // Tool(param:value), deny/ask only
  | 'glob-name' // `*`, `mcp__*`, `B*`: a glob in the tool-name position
  | 'other' // a known tool with a specifier whose meaning is not documented
  | 'invalid';

export type ToolStatus = 'known' | 'alias' | 'legacy' | 'unknown' | 'mcp' | 'glob';

/** A Bash/PowerShell command pattern: whole-string glob where `*` matches anything, spaces included. */
export interface CommandPattern {
  /** `any`: bare tool or `(*)`; `exact`: no wildcard; `prefix`: trailing ` *` or `:*` (word boundary); `glob`: `*` elsewhere. */
  kind: 'any' | 'exact' | 'prefix' | 'glob';
  /** The pattern without the trailing ` *` / `:*` for `prefix`; the full pattern otherwise. */
  text: string;
  /** Legacy `:*` suffix was used. */
  legacyColon: boolean;
  caseInsensitive: boolean;
}

export type PathAnchor = 'absolute' | 'home' | 'source' | 'cwd';

/** A Read/Edit path pattern (gitignore-style), before it is resolved against a settings file. */
export interface PathPattern {
  anchor: PathAnchor;
  /** Pattern text after the anchor (`//`, `~/`, `/`, `./` removed). */
  pattern: string;
  /** A bare file name or `dir/**`-style single segment pattern that matches at any depth (see resolvePathPattern). */
  unanchoredName: boolean;
}

export interface DomainPattern {
  kind: 'any' | 'subdomains' | 'host';
  /** Lower-case host without trailing dot; for `subdomains` the parent domain; may contain `*` within labels. */
  host: string;
}

export interface McpPattern {
  server: string;
  /** undefined = every tool of the server; otherwise a tool name that may end with (or contain) `*`. */
  tool?: string;
}

export type RuleIssueCode =
  // invalid: Claude Code rejects or cannot read it
  | 'empty'
  | 'syntax'
  | 'empty-specifier'
  | 'bad-tool-name'
  | 'unknown-tool'
  | 'legacy-tool'
  | 'bad-domain'
  | 'bad-mcp-name'
  // ineffective: accepted, but never consulted or never matching
  | 'path-rule-not-consulted'
  | 'param-on-primary-field'
  | 'param-in-allow'
  | 'unanchored-allow-glob'
  | 'colon-not-at-end';

export interface RuleIssue {
  code: RuleIssueCode;
  /** `invalid`: Claude Code skips the rule (or warns and it never applies); `ineffective`: accepted but does nothing. */
  kind: 'invalid' | 'ineffective';
  /** Something to write instead, when there is one. */
  suggestion?: string;
}

/** A parsed permission rule. `parse` never throws; anything odd is an issue on the rule. */
export interface PermissionRule {
  raw: string;
  list: RuleList;
  /** Canonical tool name (`Agent` for `Task`), the name glob for `glob-name`, or the full `mcp__…` name. */
  tool: string;
  /** Text between the outer parentheses, or null for a bare name. */
  specifier: string | null;
  form: RuleForm;
  toolStatus: ToolStatus;
  issues: RuleIssue[];
  command?: CommandPattern;
  path?: PathPattern;
  domain?: DomainPattern;
  mcp?: McpPattern;
  /** Agent/Skill name, or `Skill(name *)` prefix (with `namePrefix`). */
  name?: string;
  namePrefix?: boolean;
  param?: { name: string; value: string };
}
