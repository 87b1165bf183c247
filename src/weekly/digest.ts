import { buildTimeline } from '../audit/history/timeline.js';
import type { AuditRun } from '../audit/run-audit.js';
import type { MemoryPlan } from '../memory/plan.js';
import type { DigestMemory, WeeklyDigest } from '../report/weekly-types.js';
import type { ReportedState } from '../workspace/reported-file.js';
import { untrackedChanges } from './untracked-changes.js';

export interface DigestInputs {
  run: AuditRun;
  /** What the previous audit reported (absent on the first audit, or when its file was unusable). */
  previous?: ReportedState;
  commandArgs: string[];
  stateDirArgs: string[];
  applied?: DigestMemory['applied'];
  applyError?: string;
}

/** Gathers, from one audit run, what the digest shows besides the findings. Pure: reads the run, changes nothing. */
export function buildDigest({ run, previous, commandArgs, stateDirArgs, applied, applyError }: DigestInputs): WeeklyDigest {
  const { history, policy, report } = run;
  const timeline = history ? buildTimeline(history, policy) : undefined;
  const seen = new Set(previous?.fingerprints ?? []);
  const plan = run.workspace.memory?.plan;
  return {
    window: history ? { since: history.window.since.toISOString(), until: history.window.until.toISOString(), label: history.window.label } : null,
    index:
      history && timeline
        ? {
            start: timeline.indexStart,
            end: timeline.indexEnd,
            series: [{ at: history.window.since.toISOString(), index: timeline.indexStart }, ...timeline.commits.map((c) => ({ at: c.date, index: c.index, sha: c.sha, subject: c.subject }))],
          }
        : null,
    commits: (timeline?.commits ?? []).map((c) => ({ sha: c.sha, date: c.date, author: c.author, subject: c.subject, index: c.index, changes: c.changes })),
    previousAudit: previous ? { at: previous.at, promptSetHash: previous.promptSetHash } : null,
    untracked: history?.ledger?.previous ? { since: history.ledger.previous.at, changes: untrackedChanges(history.ledger.previous, history.ledger.current) } : null,
    newFingerprints: [...new Set(report.findings.map((f) => f.fingerprint).filter((fp) => !seen.has(fp)))],
    memory: plan ? digestMemory(plan, applied, applyError) : null,
    commandArgs,
    stateDirArgs,
  };
}

function digestMemory(plan: MemoryPlan, applied: DigestMemory['applied'], applyError: string | undefined): DigestMemory {
  const decisions = plan.stores.flatMap((s) => s.decisions.map((d) => ({ store: s.store.name, d })));
  const count = (action: string, list = decisions) => list.filter(({ d }) => d.action === action).length;
  return {
    planId: plan.planId,
    items: decisions.length,
    archive: count('archive'),
    flag: count('flag'),
    stores: plan.stores.map((s) => ({
      name: s.store.name,
      root: s.store.displayRoot,
      items: s.store.items.length,
      archive: s.archiveCount,
      flag: s.decisions.filter((d) => d.action === 'flag').length,
      overFraction: s.overFraction,
    })),
    archiveItems: decisions
      .filter(({ d }) => d.action === 'archive')
      .map(({ store, d }) => ({ id: d.item.id, store, path: d.item.relPath, type: d.item.type, r: Math.round(d.score.r * 100) / 100, ageDays: Math.floor(d.score.deltaDays), reasons: [...d.archive] })),
    ...(applied ? { applied } : {}),
    ...(applyError ? { applyError } : {}),
  };
}
