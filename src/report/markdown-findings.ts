import { docsUrlFor } from '../audit/create-rule.js';
import type { Finding, Severity } from '../audit/types.js';
import { code, mdLink, text } from './markdown-text.js';
import type { Report } from './types.js';

/** Long reports are truncated so a pull-request comment stays within GitHub's size limit and stays readable. */
export const MARKDOWN_MAX_FINDINGS = 100;

const SECTIONS: readonly { severity: Severity; title: string }[] = [
  { severity: 'error', title: 'Errors' },
  { severity: 'warning', title: 'Warnings' },
  { severity: 'info', title: 'Info' },
];

export function whereOf(f: Finding): string {
  return f.location.line === null ? f.location.file : `${f.location.file}:${f.location.line}`;
}

function findingRow(f: Finding, docsUrls: Map<string, string>): string {
  const url = docsUrls.get(f.ruleId) ?? docsUrlFor(f.ruleId);
  const commit = f.commit ? ` (${code(f.commit.sha.slice(0, 12))}, ${text(f.commit.author)}, ${text(f.commit.date.slice(0, 10))})` : '';
  return `| ${code(whereOf(f))} | ${mdLink(text(f.ruleId), url)} | ${text(f.message)}${commit} |`;
}

/** The findings as one table per severity (at most MARKDOWN_MAX_FINDINGS rows in all), `### ` headings with `level` 3. */
export function findingSections(report: Report, level = 2): string[] {
  const hashes = '#'.repeat(level);
  if (report.findings.length === 0) return ['No findings.', ''];
  const out: string[] = [];
  const docsUrls = new Map(report.rules.map((r) => [r.id, r.docsUrl]));
  const ordered = SECTIONS.flatMap(({ severity }) => report.findings.filter((f) => f.severity === severity));
  const shown = ordered.slice(0, MARKDOWN_MAX_FINDINGS);
  for (const { severity, title } of SECTIONS) {
    const rows = shown.filter((f) => f.severity === severity);
    if (rows.length === 0) continue;
    const total = ordered.filter((f) => f.severity === severity).length;
    out.push(`${hashes} ${title} (${total})`, '', '| Location | Rule | Message |', '| --- | --- | --- |');
    out.push(...rows.map((f) => findingRow(f, docsUrls)), '');
  }
  const omitted = ordered.length - shown.length;
  if (omitted > 0) out.push(`${omitted} more finding${omitted === 1 ? '' : 's'} not shown; the JSON and SARIF reports list all of them.`, '');
  return out;
}
