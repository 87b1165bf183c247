import type { FrontmatterDocument } from '../frontmatter.js';
import type { FileKind, ReadProblem, Scope, Span } from '../types.js';
import type { Lock } from '../../lock/lock-types.js';

/** What a prompt-bearing file is (issue 5, reference §5 and §7.1). `import` is a file reached only through `@path`. */
export type PromptKind = Extract<FileKind, 'claude-md' | 'rule' | 'agents-md' | 'skill' | 'subagent' | 'command' | 'output-style'> | 'claude-local-md' | 'import' | 'memory-index';

/**
 * When Claude Code puts the file's text in front of the model: at the start of every session, on demand (a skill,
 * subagent or command when invoked, a rule with `paths:` when a matching file is read), or never.
 */
export type PromptLoading = 'start' | 'on-demand' | 'not-loaded';

/** Problems of one `@path` import that do not depend on how the importer was reached. */
export type ImportProblem = 'missing' | 'outside-repository' | 'unreadable';

export interface ImportLink {
  /** The path as written after `@`. */
  raw: string;
  /** Where `@path` is in the importing file. */
  span: Span;
  /** Display path of the target, when the path resolves at all. */
  target?: string;
  absTarget?: string;
  problem?: ImportProblem;
}

/** A problem that depends on the chain of imports: a cycle back into the chain, or a fifth hop Claude Code never follows. */
export interface ImportChainIssue {
  /** Display path of the file that holds the import. */
  file: string;
  /** Index into that file's `imports`. */
  link: number;
  problem: 'cycle' | 'too-deep';
  /** The chain of display paths from the file that started it to the target. */
  chain: string[];
}

export interface BundleFile {
  /** Path relative to the skill folder (posix). */
  name: string;
  /** Display path. */
  path: string;
  bytes?: Buffer;
  /** A symbolic link in git (exported as a link). */
  symlink?: string;
}

export interface PromptFile {
  /** Display path: posix, relative to the root (`../CLAUDE.md` for an ancestor), `~/…` for home, `<managed>/…`. */
  path: string;
  absPath: string;
  kind: PromptKind;
  scope: Scope;
  /** Raw bytes, undefined when the file could not be read (`problems` says why). */
  bytes?: Buffer;
  size: number;
  /** Decoded text (BOM dropped, invalid bytes replaced). */
  text?: string;
  problems: ReadProblem[];
  frontmatter?: FrontmatterDocument;
  loading: PromptLoading;
  /** Resolved `@path` imports (only for the kinds Claude Code expands them in). */
  imports: ImportLink[];
  /** Display paths of the files that import this one. */
  importedBy: string[];
  /** For a skill: every file in its folder (SKILL.md included), sorted by name. */
  bundle?: BundleFile[];
  /** Inside the repository (or the root, outside git). */
  inRepository: boolean;
  /** Part of `agentgov.lock.json`: in the repository and not personal (`CLAUDE.local.md` and its imports are not). */
  lockable: boolean;
  /** A CLAUDE.md of a folder above the root. */
  ancestor?: boolean;
  /** The real path on disk (symlinks resolved), when known: tells a symlinked bridge from a copy. */
  realPath?: string;
  /** Position in Claude Code's load order of start files (lower loads first); on-demand files come after all of them. */
  order: number;
}

/** Every prompt-bearing file of a workspace (or of a git revision), with imports resolved and the recorded lock. */
export interface PromptSet {
  root: string;
  /** The repository's top folder, when the root is in one. */
  repoRoot?: string;
  files: PromptFile[];
  importIssues: ImportChainIssue[];
  /** The text of `agentgov.lock.json` at the root, when there is one. */
  lockText?: string;
  /** Why the lock file could not be read, when it exists but could not be. */
  lockProblem?: ReadProblem;
  /** The lock's `extensions` entries of the same files (project MCP servers, hooks, plugin manifests). */
  extensions?: Lock['extensions'];
}
