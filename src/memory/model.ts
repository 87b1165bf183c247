import type { MemoryType } from './settings.js';

export type StoreKind = 'claude-auto' | 'claude-agent' | 'policy-glob';

/** One folder of memories. Items are found below `root`; nothing outside it is ever read, moved or written. */
export interface MemoryStore {
  /** Short stable id: the first 12 hex of sha256 of the canonical root. Used in archive paths. */
  id: string;
  kind: StoreKind;
  /** Display name: `auto`, `agent:<name>`, or the glob. */
  name: string;
  /** Absolute, symlinks resolved. */
  root: string;
  /** Absolute, as configured (transcripts record paths this way when a parent folder is a symlink). */
  givenRoot: string;
  /** How to show the root (`~/…` for home paths, relative for project paths). */
  displayRoot: string;
  /** Why this is the folder (e.g. `autoMemoryDirectory in ~/.claude/settings.json`), for `list`. */
  origin: string;
  exists: boolean;
  index?: MemoryIndex;
  items: MemoryItem[];
  /** Files skipped in the store (symlinks, unreadable, too large), as `relPath: reason`. */
  skipped: { relPath: string; reason: string }[];
  /** Files read with invalid UTF-8 (the bad bytes replaced), with the position of the first bad byte. */
  invalidUtf8?: { relPath: string; line: number; column: number }[];
}

export interface IndexEntry {
  /** 1-based line in the file. */
  line: number;
  text: string;
  /** The line's size as Claude Code counts it (UTF-8 bytes and its newline). */
  bytes: number;
  /** Link targets on the line, as written (`feedback_testing.md`). */
  targets: string[];
  /** Whether Claude Code loads this line (within the line and byte budget after stripping). */
  withinBudget: boolean;
  /** Targets that name no file in the store (or lead out of it). */
  missing: string[];
}

/** What `MEMORY.md` holds and how much of it Claude Code loads (see parseIndex). */
export interface IndexMeasure {
  /** Lines and bytes counted toward Claude Code's load limit (frontmatter and block HTML comments stripped). */
  loadedLines: number;
  loadedBytes: number;
  /** Lines and bytes after stripping, loaded or not. */
  totalLines: number;
  totalBytes: number;
  /** First 1-based line that Claude Code does not load, if any. */
  firstUnloadedLine?: number;
  entries: IndexEntry[];
}

/** `MEMORY.md`: the index Claude Code loads at the start of every session. */
export interface MemoryIndex extends IndexMeasure {
  relPath: string;
  absPath: string;
  sha256: string;
  bytes: number;
  /** The decoded text, for the auditor's secret scan. */
  text: string;
}

export type FrontmatterShape = 'none' | 'top-level-type' | 'metadata-type' | 'other' | 'invalid';

export interface MemoryItem {
  /** `mem:` + 16 hex of sha256(storeId NUL relPath): stable across edits of the file. */
  id: string;
  storeId: string;
  /** POSIX, relative to the store root; never contains `..` (the file is `itemFile(store, item)`). */
  relPath: string;
  type: MemoryType;
  /** The type as written when it is not one of Claude Code's four. */
  declaredType?: string;
  name?: string;
  description?: string;
  shape: FrontmatterShape;
  sha256: string;
  bytes: number;
  /** ISO; frontmatter `modified`, else git's last commit date, else mtime. */
  modified: string;
  modifiedSource: 'frontmatter' | 'git' | 'mtime';
  /** `modified` as epoch ms. */
  modifiedMs: number;
  /** Lines of the index that point at this item. */
  indexLines: readonly number[];
  /** `expires:` as an ISO day (YYYY-MM-DD) when valid. */
  expires?: string;
  /** `expires:` as written when it is not a valid date (ignored, reported). */
  invalidExpires?: string;
  /** The file's text and what it refers to: loaded for the auditor only (planning and pruning never need it). */
  content?: ItemContent;
}

export interface ItemContent {
  /** The decoded text, for the auditor's secret scan (never written anywhere by agentgov). */
  text: string;
  /** `[[name]]` links in the body. */
  links: string[];
  /** Relative file paths the body mentions, for "verify it still exists". */
  citedPaths: string[];
}

/** agentgov's own knowledge of an item: never stored in the memory file. */
export interface ItemState {
  firstSeen?: string;
  lastVerified?: string;
  /** Distinct UTC days (YYYY-MM-DD) the item was read in a session, newest last, at most 64. */
  recallDays: string[];
  lastRecallAt?: string;
  pinned: boolean;
  importance?: number;
}

export interface LoadedMemory {
  stores: MemoryStore[];
  /** Ledger state by item id (merged with recalls read from transcripts in this run). */
  state: Map<string, ItemState>;
  /** Things that could not be read or were ignored, for the report's notices. */
  notices: string[];
  /** When the memory was loaded (scores are computed against this). */
  now: Date;
  /** The Claude Code transcript folders of the project (recalls are read there; a fresh transcript means a running session). */
  transcriptDirs: string[];
}
