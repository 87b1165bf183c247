import { loadPolicy } from '../policies/load-policy.js';
import type { ResolvedPolicy } from '../policies/resolved-policy.js';
import type { Report } from '../report/types.js';
import { countBySeverity } from '../report/types.js';
import type { ConfigHistoryRead } from '../workspace/history-read.js';
import { loadWorkspace } from '../workspace/load-workspace.js';
import { loadPromptSet } from '../workspace/prompts/load-prompt-set.js';
import { promptSetHashOf } from '../lock/build-lock.js';
import { handled } from '../handled.js';
import { appendLedger, ledgerPath, readLedger } from '../workspace/ledger-file.js';
import { claudeDirOf } from '../workspace/claude-dir.js';
import { scanTranscripts, transcriptDirIn } from '../workspace/transcripts.js';
import type { LoadExtensionsOptions } from '../workspace/extensions/load-extensions.js';
import type { FileSource } from '../workspace/prompts/file-source.js';
import type { Workspace } from '../workspace/types.js';
import type { MemoryViewOptions } from '../memory/audit-view.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { groupDigits, type ProgressSink } from '../progress.js';
import { readBaselineFile } from './baseline-file.js';
import { applyBaseline } from './baseline.js';
import { runAuditors } from './engine.js';
import { AUDITORS, allRules } from './registry.js';
import { attributeCommits } from './history/attribution.js';
import { isSnapshot, snapshotOf } from './history/ledger-snapshot.js';
import { loadAuditHistory, type WindowOptions } from './history/load-audit-history.js';
import { SEVERITY_RANK, type AuditHistory, type Auditor, type Finding, type RuleModule, type SeverityOrOff } from './types.js';
import { monotonicMs } from '../clock.js';

export type FailOn = 'error' | 'warning' | 'info' | 'never';

export interface AuditOptions {
  root: string;
  home: string;
  /** `CLAUDE_CONFIG_DIR`: Claude Code's folder when it is not `<home>/.claude`. */
  claudeDir?: string | undefined;
  managedDir: string;
  policyPath?: string;
  failOn?: FailOn;
  now?: Date;
  auditors?: readonly Auditor[];
  /** The history window (`--since`, `--until`, `--window`). */
  window?: WindowOptions;
  /** Where the ledger of untracked scopes lives; without it the ledger is neither read nor written. */
  stateDir?: string;
  /** Append this run's snapshot to the ledger (the `audit` command does; one-off commands do not). */
  recordLedger?: boolean;
  /** Claude Code transcripts to read denial rates from (default: the project's folder under `<home>/.claude/projects`). */
  transcriptsDir?: string;
  /** History already being read (`startHistoryRead`), so git runs while the rest loads; read here when absent. */
  historyRead?: Promise<ConfigHistoryRead>;
  /** Told what the run is doing (reading history, memory stores, running the auditors), for a progress line. */
  onProgress?: ProgressSink;
}

export interface AuditRun {
  report: Report;
  workspace: Workspace;
  policy: ResolvedPolicy;
  /** Every finding before the baseline was applied (what `baseline` accepts). */
  allFindings: Finding[];
  history?: AuditHistory;
}

/** Loads policy and workspace, runs the auditors, applies the baseline, and returns the report. */
export async function runAudit(options: AuditOptions): Promise<AuditRun> {
  const started = options.now ?? new Date();
  const t0 = monotonicMs();
  const auditors = options.auditors ?? AUDITORS;
  const rules = allRules(auditors);
  // The policy is validated against every known rule, so a policy that configures other auditors stays valid.
  const knownRules = [...new Set([...allRules(AUDITORS), ...rules])];
  const policy = await loadPolicy({ root: options.root, ...(options.policyPath ? { policyPath: options.policyPath } : {}), rules: knownRules });
  const progress = options.onProgress;
  progress?.({ task: 'loading the workspace' });
  const loadedWorkspace = await loadWorkspace({ root: options.root, home: options.home, claudeDir: options.claudeDir, managedDir: options.managedDir, ignore: policy.ignore });
  // Every report carries the prompt-set hash, so the prompt set is loaded whichever auditors run.
  const workspace: Workspace = { ...loadedWorkspace, prompts: await loadPromptSet(loadedWorkspace, policy.ignore) };
  // Known now, and read now: while git still starts, not after the auditors (history's runs are mostly git's time).
  const promptSetHash = workspace.prompts ? promptSetHashOf(workspace.prompts) : null;
  const baselineRead = handled(readBaselineFile(workspace.root));
  const running = runningAuditors(auditors, policy);
  await loadAuditorInputs(workspace, policy, running, { now: started, memory: { now: started, record: options.recordLedger ?? false, ...(options.stateDir ? { stateDir: options.stateDir } : {}), ...(options.transcriptsDir ? { transcriptDirs: [options.transcriptsDir] } : {}), ...(progress ? { onProgress: progress } : {}) } });
  const loaded = running.some((a) => a.needsHistory) ? await loadAuditHistory(workspace, policy, options.window ?? {}, started, options.historyRead) : undefined;
  const ledgerFile = options.stateDir ? ledgerPath(options.stateDir) : undefined;
  const snapshot = ledgerFile ? snapshotOf(workspace, started) : undefined;
  if (loaded && ledgerFile && snapshot) {
    const ledger = await readLedger(ledgerFile);
    const previous = [...ledger.entries].reverse().find(isSnapshot);
    loaded.history.ledger = { current: snapshot, ...(previous ? { previous } : {}) };
    if (ledger.corrupt.length > 0) loaded.notices.push(`ledger: ${ledger.corrupt.length} corrupt line(s) in ${ledgerFile} were skipped (line ${ledger.corrupt.slice(0, 5).join(', ')}).`);
  }
  if (loaded) {
    const dir = options.transcriptsDir ?? transcriptDirIn(claudeDirOf(workspace), workspace.root);
    loaded.history.transcripts = await scanTranscripts(dir, { since: loaded.history.window.since, until: loaded.history.window.until });
  }
  const configCommits = loaded?.history.config.history.commits.length ?? 0;
  progress?.({ task: loaded ? `running the auditors over ${groupDigits(configCommits)} config commit${configCommits === 1 ? '' : 's'}` : 'running the auditors' });
  const engine = runAuditors(workspace, policy, auditors, loaded?.history);
  const findings = loaded ? attributeCommits(engine.findings, loaded.history.config) : engine.findings;
  const metrics = engine.metrics;
  const baseline = await baselineRead;
  const outcome = applyBaseline(findings, baseline, started);
  if (baseline) metrics.baseline = { metrics: { entries: baseline.findings.length, baselined: outcome.baselined, expired: outcome.expired, unused: outcome.unused } };
  const report = buildReport({ root: workspace.root, started, t0, policy, promptSetHash, visible: outcome.visible, baselined: outcome.baselined, auditors: metrics, failOn: options.failOn ?? 'error', rules, notices: [...(loaded?.notices ?? []), ...(workspace.memory?.memory.notices ?? []), ...(workspace.extensions?.notices ?? [])] });
  if (ledgerFile && snapshot && options.recordLedger) await appendLedger(ledgerFile, snapshot);
  return { report, workspace, policy, allFindings: findings, ...(loaded ? { history: loaded.history } : {}) };
}

/** The auditors with at least one rule on: what only some of them read is loaded only for them. */
export function runningAuditors(auditors: readonly Auditor[], policy: ResolvedPolicy): Auditor[] {
  return auditors.filter((a) => a.rules.some((r) => (policy.rules[r.meta.id]?.severity ?? 'off') !== 'off'));
}

export interface AuditorInputOptions extends Pick<LoadExtensionsOptions, 'cachePlugins'> {
  /** The memory stores to load and plan; `ci` gives none: memory lives outside the repository and no pull request changes it. */
  memory?: MemoryViewOptions;
  /** Where signed manifests are read (check: the staged bytes). */
  source?: FileSource;
  /** The run's time: signature expiry (and the memory plan, when memory is loaded) is judged at it. */
  now: Date;
}

/**
 * Loads into the workspace what the running auditors read besides its files: the extension inventory (with the
 * state of hook scripts) and, when `memory` options are given, the memory stores and their plan.
 */
export async function loadAuditorInputs(workspace: Workspace, policy: ResolvedPolicy, running: readonly Auditor[], options: AuditorInputOptions): Promise<void> {
  const { memory } = options;
  if (memory && running.some((a) => a.id === 'memory')) {
    const { loadMemoryView } = await import('../memory/audit-view.js');
    workspace.memory = await loadMemoryView(workspace, policy, memory);
  }
  if (running.some((a) => a.id === 'extensions')) {
    const { loadExtensions } = await import('../workspace/extensions/load-extensions.js');
    const { extensionsPolicyOf } = await import('../policies/extensions-policy.js');
    const signing = extensionsPolicyOf(policy);
    workspace.extensions = await loadExtensions(workspace, { ...(options.cachePlugins === undefined ? {} : { cachePlugins: options.cachePlugins }), ignore: policy.ignore, pins: signing.pins });
    // Rollback is checked against the versions `extensions verify` accepted in the state dir (audit passes it; ci does not).
    if (signing.requireSignature.length > 0 && (policy.rules['extensions/unsigned-extension']?.severity ?? 'off') !== 'off') {
      // The signing code loads only when a policy asks for signatures.
      const { loadExtensionSignatures } = await import('../workspace/extensions/signatures.js');
      workspace.extensionSignatures = await loadExtensionSignatures(workspace, workspace.extensions, signing, { now: options.now, ...(memory?.stateDir ? { stateDir: memory.stateDir } : {}), ...(options.source ? { source: options.source } : {}) });
    }
  }
}

export interface ReportParts {
  root: string;
  started: Date;
  /** monotonicMs() at the start of the run. */
  t0: number;
  policy: ResolvedPolicy;
  /** The prompt-set hash of the audited prompts (see Report.promptSetHash). */
  promptSetHash: string | null;
  visible: Finding[];
  baselined: number;
  auditors: Report['auditors'];
  failOn: FailOn;
  rules: readonly RuleModule<any>[];
  notices: string[];
}

/** The report every command returns: counts, exit code and the rules that ran, from the visible findings. */
export function buildReport(p: ReportParts): Report {
  return {
    reportVersion: 1,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    root: p.root,
    startedAt: p.started.toISOString(),
    durationMs: Math.round(monotonicMs() - p.t0),
    policyHash: p.policy.hash,
    promptSetHash: p.promptSetHash,
    findings: p.visible,
    auditors: p.auditors,
    summary: { ...countBySeverity(p.visible), baselined: p.baselined },
    exitCode: exitCodeFor(p.visible, p.failOn),
    rules: p.rules.filter((r) => (p.policy.rules[r.meta.id]?.severity ?? 'off') !== 'off').map((r) => r.meta),
    notices: p.notices,
  };
}

export function exitCodeFor(findings: readonly Finding[], failOn: FailOn): 0 | 1 {
  if (failOn === 'never') return 0;
  const threshold = SEVERITY_RANK[failOn as SeverityOrOff];
  return findings.some((f) => SEVERITY_RANK[f.severity] >= threshold) ? 1 : 0;
}

