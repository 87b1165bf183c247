import type { Finding, RuleMeta, Severity } from '../audit/types.js';
import type { WeeklyDigest } from './weekly-types.js';

export type ReportFormat = 'text' | 'json' | 'sarif' | 'markdown' | 'html' | 'github';
export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json', 'sarif', 'markdown', 'html', 'github'];

export interface ReportSummary {
  error: number;
  warning: number;
  info: number;
  baselined: number;
}

/** Everything a reporter may show. Reporters are pure functions of this (and their options). */
export interface Report {
  reportVersion: 1;
  tool: { name: string; version: string };
  /** Absolute path of the audited root. */
  root: string;
  startedAt: string;
  durationMs: number;
  policyHash: string;
  /**
   * The prompt-set hash: the `root` of agentgov.lock.json computed from the prompt files as they were audited, so a
   * change in the agent's behaviour can be tied to the prompts that produced it. Null when no prompt set was loaded.
   */
  promptSetHash: string | null;
  findings: Finding[];
  auditors: Record<string, { metrics: Record<string, unknown> }>;
  summary: ReportSummary;
  exitCode: number;
  /** Metadata of every rule that ran (SARIF needs one descriptor per rule). */
  rules: RuleMeta[];
  /** What the run could not see or do, and how to fix it (e.g. a shallow clone). Shown by every format. */
  notices: string[];
  /** What `audit` adds for the weekly digest: the window's changes, new findings, the memory plan. */
  weekly?: WeeklyDigest;
}

export interface ReporterOptions {
  color: boolean;
}

export type Reporter = (report: Report, options: ReporterOptions) => string;

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}
