import type { ConfigChange } from '../audit/history/config-diff.js';
import { SEVERITY_RANK, type Finding, type RuleMeta, type Severity } from '../audit/types.js';
import type { Report } from './types.js';
import type { DigestCommit, DigestMemory, UntrackedChange, WeeklyDigest } from './weekly-types.js';
import { compareText } from '../text-order.js';

/** What the Markdown and HTML digests both show, arranged once: pure functions of the report. */

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
const TOP_FINDINGS = 10;

export interface AuditorCounts {
  auditor: string;
  counts: Record<Severity, number>;
  total: number;
}

export const auditorOf = (ruleId: string): string => ruleId.split('/')[0] ?? ruleId;

/** Counts per auditor (auditors in the order their rules ran, those without findings included) and in all. */
export function countsByAuditor(report: Report): { rows: AuditorCounts[]; all: AuditorCounts } {
  const order = [...new Set([...report.rules.map((r) => auditorOf(r.id)), ...report.findings.map((f) => auditorOf(f.ruleId))])];
  const rows = order.map((auditor) => tally(auditor, report.findings.filter((f) => auditorOf(f.ruleId) === auditor)));
  return { rows, all: tally('all', report.findings) };
}

function tally(auditor: string, findings: readonly Finding[]): AuditorCounts {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return { auditor, counts, total: findings.length };
}

/** The findings to read first: most severe, then new before already reported, then report order. */
export function topFindings(report: Report, isNew: (f: Finding) => boolean, limit = TOP_FINDINGS): Finding[] {
  return report.findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_RANK[b.f.severity] - SEVERITY_RANK[a.f.severity] || Number(isNew(b.f)) - Number(isNew(a.f)) || a.i - b.i)
    .slice(0, limit)
    .map(({ f }) => f);
}

export function newFindingTest(weekly: WeeklyDigest): (f: Finding) => boolean {
  const fresh = new Set(weekly.newFingerprints);
  return (f) => fresh.has(f.fingerprint);
}

/** Splits text at backtick code spans (`like this`), for rendering the spans as code and the rest as text. */
export function codeSpans(s: string): { code: boolean; text: string }[] {
  return s.split(/`([^`]*)`/).map((part, i) => ({ code: i % 2 === 1, text: part })).filter((p) => p.text !== '');
}

/** One line on how to fix a finding: the finding's own fix, else its rule's. */
export function fixFor(f: Finding, rules: ReadonlyMap<string, RuleMeta>): string | undefined {
  return f.fix?.description ?? rules.get(f.ruleId)?.howToFix;
}

export function authorsOf(commits: readonly DigestCommit[]): { name: string; commits: number }[] {
  const counts = new Map<string, number>();
  for (const c of commits) counts.set(c.author, (counts.get(c.author) ?? 0) + 1);
  return [...counts].map(([name, n]) => ({ name, commits: n })).sort((a, b) => b.commits - a.commits || compareText(a.name, b.name));
}

export interface CommitChange {
  commit: DigestCommit;
  change: ConfigChange;
}

/** The window's changes split into permission rules added, removed, and everything else (keys, hooks, MCP servers). */
export function changesOf(commits: readonly DigestCommit[]): { added: CommitChange[]; removed: CommitChange[]; other: CommitChange[] } {
  const all = commits.flatMap((commit) => commit.changes.map((change) => ({ commit, change })));
  return {
    added: all.filter((c) => c.change.kind === 'rule-added'),
    removed: all.filter((c) => c.change.kind === 'rule-removed'),
    other: all.filter((c) => c.change.kind !== 'rule-added' && c.change.kind !== 'rule-removed'),
  };
}

export function describeUntracked(c: UntrackedChange): string {
  switch (c.kind) {
    case 'file-added':
      return 'file appeared';
    case 'file-removed':
      return 'file went away';
    case 'file-changed':
      return 'changed (no permission or MCP server change)';
    case 'rule-added':
      return `+ ${c.list} ${c.rule}`;
    case 'rule-removed':
      return `- ${c.list} ${c.rule}`;
    case 'mode-changed':
      return `defaultMode ${c.from ?? '(unset)'} → ${c.to ?? '(unset)'}`;
    case 'mcp-server-added':
      return `+ MCP server ${c.rule}`;
    case 'mcp-server-removed':
      return `- MCP server ${c.rule}`;
    case 'mcp-server-changed':
      return `~ MCP server ${c.rule}`;
  }
}

/** `2026-11-02 09:00 UTC` for an ISO time in UTC. */
export function minuteUtc(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

export const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** `sha256:<12 hex>` for a long sha256 hash; anything else as is. */
export function shortHash(hash: string): string {
  const m = /^sha256:([0-9a-f]{12})/.exec(hash);
  return m ? `sha256:${m[1]}` : hash;
}

/**
 * The prompt set against the one the last audit saw: none loaded now, nothing to compare it with (no earlier audit,
 * or one that did not record it), unchanged, or changed from `before` (null or empty: none was loaded then).
 */
export type PromptSetChange =
  | { state: 'none' }
  | { state: 'uncompared'; hash: string }
  | { state: 'unchanged'; hash: string }
  | { state: 'changed'; hash: string; before: string | null };

export function promptSetChange(report: Report, weekly: WeeklyDigest | undefined): PromptSetChange {
  const hash = report.promptSetHash;
  if (!hash) return { state: 'none' };
  const before = weekly?.previousAudit?.promptSetHash;
  if (!weekly?.previousAudit || before === undefined) return { state: 'uncompared', hash };
  return before === hash ? { state: 'unchanged', hash } : { state: 'changed', hash, before };
}

/** POSIX shell quoting: safe words as they are, anything else in single quotes. */
export function shellQuote(arg: string): string {
  return /^[\w./:=@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export interface SuggestedCommand {
  command: string;
  why: string;
}

/** Whether `--apply-memory-plan` changed anything: items archived or MEMORY.md lines removed (both restorable). */
export function appliedChanges(applied: NonNullable<DigestMemory['applied']>): boolean {
  return applied.archived > 0 || applied.indexLinesRemoved > 0;
}

/** The commands that act on what this digest shows, each naming the audited root (and state dir for memory). */
export function suggestedCommands(report: Report, weekly: WeeklyDigest): SuggestedCommand[] {
  const args = weekly.commandArgs.map(shellQuote).join(' ');
  const memArgs = [...weekly.commandArgs, ...weekly.stateDirArgs].map(shellQuote).join(' ');
  const tail = (s: string) => (s ? ` ${s}` : '');
  const out: SuggestedCommand[] = [];
  const memory = weekly.memory;
  if (memory?.applied && appliedChanges(memory.applied)) {
    out.push({ command: `agentgov memory restore ${shellQuote(memory.applied.planId)}${tail(memArgs)}`, why: 'undo the archive applied by this audit' });
  } else if (memory && memory.archive > 0) {
    const force = memory.stores.some((st) => st.overFraction);
    out.push({ command: `agentgov memory plan${tail(memArgs)}`, why: 'the memory plan, with the reason for each item' });
    out.push({ command: `agentgov memory pin <item-id>${tail(memArgs)}`, why: 'keep an item the plan would archive' });
    out.push({
      command: `agentgov memory prune --apply${force ? ' --force' : ''}${tail(memArgs)}`,
      why: `archive what the plan lists (journaled, restorable)${force ? '; --force because it archives more of a store than memory.safety.maxArchiveFraction' : ''}`,
    });
  }
  if (memory && memory.flag > 0) out.push({ command: `agentgov memory verify <item-id>${tail(memArgs)}`, why: 'a stale memory is still true' });
  if (weekly.window) {
    const window = /^\d+[dw]$/.test(weekly.window.label) ? ` --window ${weekly.window.label}` : '';
    out.push({ command: `agentgov history${tail(args)}${window}`, why: 'the window commit by commit, with the index after each' });
  }
  if (report.findings.some((f) => f.ruleId === 'prompts/unlocked-change' || f.ruleId === 'prompts/version-not-bumped')) {
    out.push({ command: `agentgov lock${tail(args)}`, why: 'record the prompt files after reviewing their changes' });
  }
  if (report.findings.length > 0) out.push({ command: `agentgov baseline${tail(args)} --reason '<why>'`, why: 'accept the findings you will not fix now (only new ones fail)' });
  return out;
}
