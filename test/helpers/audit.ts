import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runAudit, type AuditRun } from '../../src/audit/run-audit.js';
import type { Finding } from '../../src/audit/types.js';
import { makeWorkspaceDirs, type TreeSpec } from './tree.js';

export interface AuditSpec {
  project?: TreeSpec;
  home?: TreeSpec;
  managed?: TreeSpec;
  policy?: unknown;
}

/** Audits a fresh temp workspace built from `spec` with the real engine, policy loader and baseline. */
export async function auditTree(spec: AuditSpec): Promise<AuditRun & { dirs: ReturnType<typeof makeWorkspaceDirs> }> {
  const dirs = makeWorkspaceDirs(spec);
  if (spec.policy !== undefined) writeFileSync(path.join(dirs.root, 'agentgov.json'), JSON.stringify(spec.policy));
  const run = await runAudit({ root: dirs.root, home: dirs.home, managedDir: dirs.managedDir, now: new Date('2026-11-21T12:00:00Z') });
  return { ...run, dirs };
}

/** `ruleId file:line:column messageId` for each finding of the given rule: compact, behaviour-only assertions. */
export function summarize(findings: readonly Finding[], ruleId?: string): string[] {
  return findings
    .filter((f) => !ruleId || f.ruleId === ruleId)
    .map((f) => `${f.ruleId} ${f.location.file}:${f.location.line ?? '-'}:${f.location.column ?? '-'} ${f.messageId}`);
}
