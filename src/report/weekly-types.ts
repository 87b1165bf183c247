import type { ConfigChange } from '../audit/history/config-diff.js';

/** The permissiveness index at one moment: the start of the window, or just after a commit. */
export interface IndexPoint {
  at: string;
  index: number;
  /** The commit that set this value; absent for the value at the start of the window. */
  sha?: string;
  subject?: string;
}

/** A commit in the window that touched the agent configuration. */
export interface DigestCommit {
  sha: string;
  date: string;
  author: string;
  subject: string;
  /** The permissiveness index after the commit. */
  index: number;
  changes: ConfigChange[];
}

export type UntrackedChangeKind =
  | 'file-added'
  | 'file-removed'
  | 'file-changed'
  | 'rule-added'
  | 'rule-removed'
  | 'mode-changed'
  | 'mcp-server-added'
  | 'mcp-server-removed'
  | 'mcp-server-changed';

/** A change in a scope git cannot see, between the ledger's previous snapshot and this run's. */
export interface UntrackedChange {
  file: string;
  scope: string;
  kind: UntrackedChangeKind;
  list?: 'allow' | 'ask' | 'deny';
  /** The rule (redacted, as the ledger keeps it) or the MCP server name. */
  rule?: string;
  from?: string;
  to?: string;
}

export interface DigestMemoryItem {
  id: string;
  store: string;
  path: string;
  type: string;
  r: number;
  ageDays: number;
  reasons: string[];
}

export interface DigestMemory {
  planId: string;
  items: number;
  archive: number;
  flag: number;
  stores: { name: string; root: string; items: number; archive: number; flag: number; overFraction: boolean }[];
  archiveItems: DigestMemoryItem[];
  /** Set when `--apply-memory-plan` archived the plan's items. */
  applied?: { planId: string; archived: number; indexLinesRemoved: number };
  /** Why `--apply-memory-plan` archived nothing (the stores changed, the fraction guard, the lock). */
  applyError?: string;
}

/** What `agentgov audit` knows beyond the findings, for the Monday digest (Markdown, HTML) and the JSON report. */
export interface WeeklyDigest {
  /** The history window; null when history was not read (the history auditor is off, or no git). */
  window: { since: string; until: string; label: string } | null;
  /** The index at the start of the window, then after each commit in it (oldest first). */
  index: { start: number; end: number; series: IndexPoint[] } | null;
  commits: DigestCommit[];
  /** The previous audit that recorded its findings in this state dir; null on the first one. */
  previousAudit: { at: string; promptSetHash: string | null } | null;
  /** Changes in the scopes git cannot see since the ledger's previous snapshot; null when there is none. */
  untracked: { since: string; changes: UntrackedChange[] } | null;
  /** Fingerprints of the findings the previous audit did not report (every finding on the first audit). */
  newFingerprints: string[];
  /** The memory plan; null when the memory auditor is off. */
  memory: DigestMemory | null;
  /** Arguments that name this root (and a given home, managed folder, policy) in the commands the digest suggests. */
  commandArgs: string[];
  /** `--state-dir <dir>` when the audit was given one, for the memory commands. */
  stateDirArgs: string[];
}
