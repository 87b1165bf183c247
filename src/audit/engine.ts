import { minimatch } from 'minimatch';
import type { ResolvedPolicy } from '../policies/resolved-policy.js';
import type { ConfigFile, Span, Workspace } from '../workspace/types.js';
import { renderMessage } from './create-rule.js';
import { disambiguate, fingerprintOf } from './fingerprint.js';
import type { AuditComparison, AuditHistory, Auditor, Finding, FindingLocation, ReportDescriptor, Severity } from './types.js';
import { compareText } from '../text-order.js';

export interface EngineResult {
  findings: Finding[];
  metrics: Record<string, { metrics: Record<string, unknown> }>;
}

/**
 * Runs every enabled rule of every auditor, then renders, rates, fingerprints, filters and sorts the findings. With
 * `onlyFiles`, findings located elsewhere are dropped as they are reported (rules may skip their work, see
 * `RuleContext.reportsOn`).
 */
export function runAuditors(workspace: Workspace, policy: ResolvedPolicy, auditors: readonly Auditor[], history?: AuditHistory, compare?: AuditComparison, onlyFiles?: ReadonlySet<string>): EngineResult {
  const pending: { finding: Omit<Finding, 'fingerprint'>; identity: string }[] = [];
  const metrics: EngineResult['metrics'] = {};
  const reportsOn = onlyFiles ? (file: string) => onlyFiles.has(file) : () => true;
  for (const auditor of auditors) {
    for (const rule of auditor.rules) {
      const setting = policy.rules[rule.meta.id];
      const severity = setting?.severity ?? rule.meta.defaultSeverity;
      if (severity === 'off') continue;
      rule.check({
        workspace,
        policy,
        options: setting?.options,
        ...(history ? { history } : {}),
        ...(compare ? { compare } : {}),
        report(descriptor) {
          if (reportsOn(pathOf(descriptor.file))) pending.push(toFinding(rule.meta.id, rule.meta.messages, severity, descriptor));
        },
        reportsOn,
      });
    }
    metrics[auditor.id] = { metrics: auditor.metrics?.({ workspace, policy, ...(history ? { history } : {}) }) ?? {} };
  }
  const kept = pending.filter(({ finding }) => !policy.ignore.some((glob) => minimatch(finding.location.file, glob, { dot: true })));
  kept.sort((a, b) => compareFindings(a.finding, b.finding) || compareText(a.identity, b.identity));
  const fingerprints = disambiguate(kept.map(({ finding, identity }) => fingerprintOf(finding.ruleId, finding.location.file, identity)));
  // Completed in place, not copied: the findings were made here (toFinding), and a history reports thousands.
  const findings: Finding[] = [];
  for (let i = 0; i < kept.length; i++) {
    const finding = kept[i]!.finding as Finding;
    finding.fingerprint = fingerprints[i] ?? '';
    findings.push(finding);
  }
  return { findings, metrics };
}

function toFinding(
  ruleId: string,
  messages: Record<string, string>,
  severity: Severity,
  d: ReportDescriptor,
): { finding: Omit<Finding, 'fingerprint'>; identity: string } {
  const template = messages[d.messageId];
  if (template === undefined) throw new Error(`rule ${ruleId} reported unknown messageId "${d.messageId}"`);
  const data = d.data ?? {};
  const finding: Omit<Finding, 'fingerprint'> = {
    ruleId,
    severity: d.downgrade ? lower(severity) : severity,
    messageId: d.messageId,
    message: renderMessage(template, data),
    data,
    location: locationOf(d.file, d.span, d.pointer),
  };
  if (d.fix) finding.fix = d.fix;
  if (d.commit) finding.commit = d.commit;
  return { finding, identity: `${d.messageId}\0${d.evidence ?? d.pointer ?? ''}` };
}

function lower(severity: Severity): Severity {
  return severity === 'error' ? 'warning' : 'info';
}

/** The display path a finding is reported at. */
function pathOf(file: ConfigFile | string): string {
  return typeof file === 'string' ? file : file.path;
}

function locationOf(file: ConfigFile | string, span: Span | undefined, pointer: string | undefined): FindingLocation {
  return {
    file: pathOf(file),
    line: span?.start.line ?? null,
    column: span?.start.column ?? null,
    endLine: span?.end.line ?? null,
    endColumn: span?.end.column ?? null,
    pointer: pointer ?? null,
  };
}

/** Deterministic order: file, line, column, rule id, message. Findings without a line come first in their file. */
export function compareFindings(a: Pick<Finding, 'location' | 'ruleId' | 'message'>, b: Pick<Finding, 'location' | 'ruleId' | 'message'>): number {
  return (
    compareText(a.location.file, b.location.file) ||
    (a.location.line ?? 0) - (b.location.line ?? 0) ||
    (a.location.column ?? 0) - (b.location.column ?? 0) ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.message, b.message)
  );
}
