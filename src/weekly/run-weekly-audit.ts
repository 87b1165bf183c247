import { runAudit, type AuditOptions, type AuditRun } from '../audit/run-audit.js';
import type { DigestMemory } from '../report/weekly-types.js';
import { readReported, reportedPath, writeReported } from '../workspace/reported-file.js';
import { buildDigest } from './digest.js';
import { scopesOf } from '../scopes.js';

export interface WeeklyAuditOptions extends AuditOptions {
  /** Where the ledger, the reported fingerprints and the memory journal and archive live. */
  stateDir: string;
  /** Archive what the memory plan says, through the journaled prune (never without this flag). */
  applyMemoryPlan?: boolean;
  /** Arguments naming this root in the commands the digest suggests (and `--state-dir` for the memory commands). */
  commandArgs?: string[];
  stateDirArgs?: string[];
}

export interface WeeklyAuditRun extends AuditRun {
  /** What was asked and could not be done (the memory plan was not applied): the command exits 2 after writing its reports. */
  failures: string[];
  /** Records this run's findings as reported, so that the next audit lists only newer ones as new. */
  rememberReported(): Promise<void>;
}

/**
 * `agentgov audit`: every auditor, the ledger of untracked scopes updated, the memory plan (applied only when asked),
 * and the digest data: the window's commits and index, the untracked-scope changes, the findings new since the last
 * audit. The reported fingerprints are written by `rememberReported`, once the caller has its reports on disk.
 */
export async function runWeeklyAudit(o: WeeklyAuditOptions): Promise<WeeklyAuditRun> {
  const run = await runAudit({ ...o, recordLedger: true });
  const file = reportedPath(o.stateDir);
  const previous = await readReported(file);
  const notices = [...run.report.notices, ...(previous.notice ? [`findings: ${previous.notice}`] : [])];
  const failures: string[] = [];
  const { applied, applyError, notice }: MemoryOutcome = o.applyMemoryPlan ? await applyMemoryPlan(run, o) : {};
  if (applyError) failures.push(`the memory plan was not applied: ${applyError}`);
  if (notice) notices.push(notice);
  const weekly = buildDigest({
    run,
    commandArgs: o.commandArgs ?? [],
    stateDirArgs: o.stateDirArgs ?? [],
    ...(previous.state ? { previous: previous.state } : {}),
    ...(applied ? { applied } : {}),
    ...(applyError ? { applyError } : {}),
  });
  const report = { ...run.report, notices, weekly };
  return {
    ...run,
    report,
    failures,
    rememberReported: () => writeReported(file, { version: 1, at: report.startedAt, promptSetHash: report.promptSetHash, fingerprints: report.findings.map((f) => f.fingerprint) }),
  };
}

interface MemoryOutcome {
  applied?: DigestMemory['applied'];
  applyError?: string;
  notice?: string;
}

/** Executes the plan the audit made, under the memory lock and journal; a refusal is an outcome, not a crash. */
async function applyMemoryPlan(run: AuditRun, o: WeeklyAuditOptions): Promise<MemoryOutcome> {
  const plan = run.workspace.memory?.plan;
  if (!plan) return { notice: 'memory: --apply-memory-plan had nothing to apply: the memory auditor is off in the policy.' };
  // A plan may only drop MEMORY.md lines (the index over its target): that is work to apply too.
  const work = plan.stores.reduce((n, s) => n + s.archiveCount + s.deindexCount, 0);
  if (work === 0) return { applied: { planId: plan.planId, archived: 0, indexLinesRemoved: 0 } };
  const { applyPrune } = await import('../memory/service.js');
  const { executableOf } = await import('../memory/plan-file.js');
  try {
    const result = await applyPrune(
      {
        ...scopesOf(o),
        stateDir: o.stateDir,
        ...(o.transcriptsDir ? { transcriptDirs: [o.transcriptsDir] } : {}),
        ...(o.now ? { now: o.now } : {}),
      },
      { plan: executableOf(plan) },
    );
    return { applied: { planId: result.planId, archived: result.archived.length, indexLinesRemoved: result.indexLinesRemoved } };
  } catch (error) {
    if (error instanceof Error && error.name === 'MemoryError') return { applyError: error.message };
    throw error;
  }
}
