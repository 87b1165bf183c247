import type { z } from 'zod';
import type { ConfigFile, Span, Workspace } from '../workspace/types.js';
import type { ConfigHistory } from '../workspace/config-history.js';
import type { LedgerSnapshot } from './history/ledger-snapshot.js';
import type { TranscriptScan } from '../workspace/transcripts.js';
import type { ResolvedPolicy } from '../policies/resolved-policy.js';
import type { PromptSet } from '../workspace/prompts/types.js';

export type Severity = 'error' | 'warning' | 'info';
export type SeverityOrOff = Severity | 'off';

export const SEVERITY_RANK: Record<SeverityOrOff, number> = { off: 0, info: 1, warning: 2, error: 3 };

export type FindingData = Record<string, string | number | boolean>;

export interface FindingLocation {
  file: string;
  line: number | null;
  column: number | null;
  endLine: number | null;
  endColumn: number | null;
  pointer: string | null;
}

export interface FindingFix {
  description: string;
  /** Replacement text for the location, only where replacing it is safe. */
  replacement?: string;
}

export interface FindingCommit {
  sha: string;
  author: string;
  date: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  messageId: string;
  message: string;
  data: FindingData;
  location: FindingLocation;
  fingerprint: string;
  fix?: FindingFix;
  commit?: FindingCommit;
}

export interface RuleMeta {
  /** `auditor/kebab-name`. */
  id: string;
  description: string;
  /** Severity in the recommended preset; `off` rules run only when the policy turns them on. */
  defaultSeverity: SeverityOrOff;
  /** Severity in the strict preset; defaults to `defaultSeverity` raised one step (off rules become warnings). */
  strictSeverity?: Severity;
  /** Message templates by id; `{{name}}` is replaced with `data.name`. */
  messages: Record<string, string>;
  docsUrl: string;
  /** The fix in one line, for digests that list findings with how to fix them (the docs page has the whole story). */
  howToFix?: string;
}

/** What a rule hands to `report`: data, never text. The engine renders, rates and fingerprints it. */
export interface ReportDescriptor {
  messageId: string;
  data?: FindingData;
  /** The file the finding is about (a loaded file, or a display path for findings about something absent). */
  file: ConfigFile | string;
  span?: Span;
  pointer?: string;
  /**
   * What identifies the finding inside its file when the pointer is not stable (array indexes move when entries are
   * inserted): e.g. the permission rule text. Used for the fingerprint instead of the pointer.
   */
  evidence?: string;
  fix?: FindingFix;
  commit?: FindingCommit;
  /** One step below the configured severity (error → warning → info): for the milder variant of a rule's finding. */
  downgrade?: boolean;
}

export interface RuleContext<Options = unknown> {
  workspace: Workspace;
  policy: ResolvedPolicy;
  options: Options;
  /** Git history of the configuration and the audit window, when it was read (the history auditor needs it). */
  history?: AuditHistory;
  /** The base of a pull request, when `ci` compares it with the head (this workspace). */
  compare?: AuditComparison;
  report(descriptor: ReportDescriptor): void;
  /**
   * Whether findings located in this file (its display path) are kept. `check` keeps only those of the checked
   * files: a rule may skip work whose findings could only land elsewhere. Always true outside `check`.
   */
  reportsOn(file: string): boolean;
}

export interface AuditComparison {
  base: Workspace;
  /** The base revision as given (`origin/main`). */
  label: string;
  /** The base's prompt set (what git has at the base revision), for rules that compare prompt versions. */
  basePrompts?: PromptSet;
  /** Suppressions the head adds: policy rules turned off or down, ignore globs, baseline entries. */
  suppressions: { file: string; pointer: string; what: string }[];
}

export interface AuditWindow {
  since: Date;
  until: Date;
  /** How the window was given, for messages (e.g. "7d", "v1.2.0", "2026-01-01"). */
  label: string;
}

export interface AuditHistory {
  config: ConfigHistory;
  window: AuditWindow;
  /** The previous snapshot of the scopes git cannot see, from the ledger (absent on the first audit). */
  ledger?: { previous?: LedgerSnapshot; current: LedgerSnapshot };
  /** Tool uses and denials from Claude Code transcripts within the window. */
  transcripts?: TranscriptScan;
}

export interface RuleModule<Options = unknown> {
  meta: RuleMeta;
  /** Validates `[severity, options]` from the policy; the parsed value (with defaults) is `context.options`. */
  options?: z.ZodType<Options>;
  check(context: RuleContext<Options>): void;
}

export interface AuditorMetricsContext {
  workspace: Workspace;
  policy: ResolvedPolicy;
  history?: AuditHistory;
}

export interface Auditor {
  id: string;
  description: string;
  /** The auditor needs git history (the engine reads it only when such an auditor runs). */
  needsHistory?: boolean;
  rules: readonly RuleModule<any>[];
  metrics?(context: AuditorMetricsContext): Record<string, unknown>;
}
