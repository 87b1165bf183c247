import type { Report, Reporter } from './types.js';

/** The versioned JSON report documented in docs/report-format.md. Keys are listed explicitly so the format cannot drift. */
export function toJsonReport(report: Report): unknown {
  return {
    reportVersion: report.reportVersion,
    tool: { name: report.tool.name, version: report.tool.version },
    root: report.root,
    startedAt: report.startedAt,
    durationMs: report.durationMs,
    policyHash: report.policyHash,
    promptSetHash: report.promptSetHash,
    findings: report.findings.map(jsonFinding),
    auditors: report.auditors,
    summary: report.summary,
    exitCode: report.exitCode,
    notices: report.notices,
    ...(report.weekly ? { weekly: report.weekly } : {}),
  };
}

/** One finding; `fix` and `commit` only when set (assigned, not spread: history reports thousands of findings). */
function jsonFinding(f: Report['findings'][number]): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    file: f.location.file,
    line: f.location.line,
    column: f.location.column,
    endLine: f.location.endLine,
    endColumn: f.location.endColumn,
    pointer: f.location.pointer,
    fingerprint: f.fingerprint,
    data: f.data,
  };
  if (f.fix) out.fix = f.fix;
  if (f.commit) out.commit = f.commit;
  return out;
}

export const jsonReporter: Reporter = (report) => `${JSON.stringify(toJsonReport(report), null, 2)}\n`;
