import type { JsonDocument } from './json-document.js';
import type { FrontmatterDocument } from './frontmatter.js';
import type { MemoryView } from '../memory/audit-view.js';
import type { PromptSet } from './prompts/types.js';
import type { ExtensionInventory } from './extensions/types.js';
import type { ExtensionSignatures } from './extensions/signatures.js';

/** Where a file's settings come from, highest precedence first (see DESIGN §4). */
export type Scope = 'managed' | 'cli' | 'local' | 'project' | 'user' | 'plugin';

export type FileKind =
  | 'settings'
  | 'mcp'
  | 'global-config'
  | 'claude-md'
  | 'rule'
  | 'agents-md'
  | 'skill'
  | 'subagent'
  | 'command'
  | 'output-style'
  | 'plugin-manifest'
  | 'plugin-hooks'
  | 'marketplace';

/** Line and column are 1-based; offsets are 0-based UTF-16 indexes into the decoded text. */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

export interface Span {
  start: Position;
  end: Position;
}

/** Why a file could not be read as text, or what is wrong with its bytes. */
export type ReadProblemCode =
  | 'not-found'
  | 'permission-denied'
  | 'symlink-loop'
  | 'is-directory'
  | 'not-a-file'
  | 'io-error'
  | 'too-large'
  | 'binary'
  | 'invalid-utf8'
  | 'bom';

export interface ReadProblem {
  code: ReadProblemCode;
  /** OS error code or details, for the message. */
  detail?: string;
  /** For too-large: the size and the cap in bytes. */
  size?: number;
  limit?: number;
  /** For invalid-utf8: where the first bad byte is. */
  position?: Position;
}

export interface GitFacts {
  tracked: boolean;
  ignored: boolean;
}

export interface ConfigFile {
  /** Display path: posix, relative to the root; `~/…` for home files; `<managed>/…` for the managed folder. */
  path: string;
  absPath: string;
  scope: Scope;
  kind: FileKind;
  /** Decoded text (BOM removed, invalid bytes replaced); undefined when the file could not be read. */
  text?: string;
  size: number;
  /** Problems with reading; a file with `text` can still carry warnings such as `bom` or `invalid-utf8`. */
  readProblems: ReadProblem[];
  /** For JSON kinds: the strict parse with positions. */
  json?: JsonDocument;
  /** For Markdown kinds: the YAML frontmatter with positions, if the file has one. */
  frontmatter?: FrontmatterDocument;
  /** Absent outside a git repository and for files outside it. */
  git?: GitFacts;
}

export interface GitInfo {
  /** Absolute path of the work tree that contains the root, if any. */
  repoRoot?: string;
  /** Why git facts are missing, when they are. */
  unavailableReason?: 'not-a-repository' | 'git-not-found' | 'git-error';
}

/** Read-only view of everything agentgov audits. Auditors get this and nothing else. */
export interface Workspace {
  root: string;
  home: string;
  /** Claude Code's own folder: `$CLAUDE_CONFIG_DIR` when the CLI was given it, else `<home>/.claude` (see claudeDirOf). */
  claudeDir?: string;
  managedDir: string;
  files: readonly ConfigFile[];
  git: GitInfo;
  /** Memory stores and their retention plan, loaded before an audit when the memory auditor runs. */
  memory?: MemoryView;
  /** Every prompt-bearing file with imports resolved, and the recorded lock (loaded by `loadPromptSet` for the prompts auditor). */
  prompts?: PromptSet;
  /** Every extension (MCP servers, hooks, skills, agents, commands, output styles, plugins) with its tier, loaded when the extensions auditor runs. */
  extensions?: ExtensionInventory;
  /** The git revision the project files were read from (`loadWorkspaceAt`); absent for the working tree. */
  revision?: string;
  /** The verified signed manifests of the tiers the policy requires signatures for (`extensions.requireSignature`). */
  extensionSignatures?: ExtensionSignatures;
}
