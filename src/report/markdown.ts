import { digestMarkdown } from './digest-markdown.js';
import { findingSections } from './markdown-findings.js';
import { shortHash } from './digest-view.js';
import { code, text } from './markdown-text.js';
import type { Report, Reporter } from './types.js';

export { MARKDOWN_MAX_FINDINGS } from './markdown-findings.js';

function metricsSection(report: Report): string[] {
  const out: string[] = [];
  for (const [auditor, { metrics }] of Object.entries(report.auditors)) {
    // Nested metrics do not read well as bullets; the JSON report has them all.
    const scalars = Object.entries(metrics).filter(([, v]) => typeof v === 'number' || typeof v === 'string');
    if (scalars.length === 0) continue;
    out.push(`### ${text(auditor)}`, '', ...scalars.map(([k, v]) => `- ${text(k)}: ${text(String(v))}`), '');
  }
  return out.length > 0 ? ['## Metrics', '', ...out] : [];
}

/**
 * A summary for a pull-request comment or a periodic mail: counts, then findings by severity, then metrics. A report
 * from `audit` (with its weekly data) becomes the Monday digest instead.
 */
export const markdownReporter: Reporter = (report) => {
  if (report.weekly) return digestMarkdown(report, report.weekly);
  const { error, warning, info, baselined } = report.summary;
  const out: string[] = [
    '# agentgov report',
    '',
    `Root ${code(report.root)} · ${text(report.tool.name)} ${text(report.tool.version)} · ${text(report.startedAt)} · policy ${code(shortHash(report.policyHash))}${report.promptSetHash ? ` · prompt set ${code(report.promptSetHash)}` : ''}`,
    '',
    '| Errors | Warnings | Info | Baselined |',
    '| ---: | ---: | ---: | ---: |',
    `| ${error} | ${warning} | ${info} | ${baselined} |`,
    '',
    ...report.notices.map((n) => `> **Note:** ${text(n)}\n`),
    ...findingSections(report),
    ...metricsSection(report),
  ];
  return `${out.join('\n').trimEnd()}\n`;
};
