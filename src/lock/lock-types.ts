import type { PromptKind } from '../workspace/prompts/types.js';
import type { Scope } from '../workspace/types.js';

export const LOCKFILE_VERSION = 1;

/** One prompt file in `agentgov.lock.json` (documented in docs/lock-file.md). */
export interface LockEntry {
  kind: PromptKind;
  scope: Scope;
  bytes: number;
  lines?: number;
  /** SRI sha256 of the raw bytes. */
  integrity?: string;
  /** SRI sha256 after the `hashProfile` normalization. */
  normalized?: string;
  /** `git hash-object` of the file. */
  gitBlob?: string;
  /** Display paths of the resolved `@path` imports, in the order written. */
  imports?: string[];
  /** h1 over the file and every file it imports (transitively, at most four hops). */
  closure?: string;
  /** For a skill: h1 over every file of its folder. */
  bundle?: string;
  /** The `version` declared in the frontmatter (or `metadata.version`). */
  version?: string;
  /** Security-relevant frontmatter, copied for review diffs. */
  frontmatter?: Record<string, unknown>;
  /** What a reviewer should know about the bytes: hidden characters (`hidden:U+200B@3:7`), `invalid-utf8`. */
  flags?: string[];
  /** Why the file could not be read (then it has no hashes). */
  unreadable?: string;
}

/**
 * An entry another auditor locks (MCP server configs, hook scripts, plugin manifests): `integrity` is required so the
 * lock's `root` covers it; any other field is the kind's own. Keyed by kind, then by a stable key of the kind's choice.
 */
export interface ExtensionLockEntry {
  integrity: string;
  [field: string]: unknown;
}

export interface Lock {
  lockfileVersion: typeof LOCKFILE_VERSION;
  hashProfile: string;
  /** The prompt-set hash: h1 over every entry (files, skill bundles, extensions). */
  root: string;
  files: Record<string, LockEntry>;
  extensions: Record<string, Record<string, ExtensionLockEntry>>;
}
