import { docsUrlFor } from '../audit/create-rule.js';
import type { Finding, Severity } from '../audit/types.js';
import type { Report, Reporter } from './types.js';

/** Long reports are truncated so a pull-request comment stays within GitHub's size limit and stays readable. */
export const MARKDOWN_MAX_FINDINGS = 100;

const SECTIONS: readonly { severity: Severity; title: string }[] = [
  { severity: 'error', title: 'Errors' },
  { severity: 'warning', title: 'Warnings' },
  { severity: 'info', title: 'Info' },
];

const oneLine = (s: string) => s.replace(/\r\n|\r|\n/g, ' ');

/**
 * Text in a table cell. Backslashes, backticks and `|` are escaped so a message cannot open a code span or split the
 * row; `<` is escaped because GitHub drops unknown HTML tags such as `<managed>`.
 */
function text(s: string): string {
  return oneLine(s).replace(/[\\`|]/g, '\\$&').replace(/</g, '&lt;');
}

/** A code span that survives backticks in its content (CommonMark: the fence must be longer than any run inside). */
function code(s: string): string {
  const content = oneLine(s).replace(/\|/g, '\\|');
  const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = content.startsWith('`') || content.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

function shortHash(hash: string): string {
  const m = /^sha256:([0-9a-f]{12})/.exec(hash);
  return m ? `sha256:${m[1]}` : hash;
}

function findingRow(f: Finding, docsUrls: Map<string, string>): string {
  const where = f.location.line === null ? f.location.file : `${f.location.file}:${f.location.line}`;
  const url = docsUrls.get(f.ruleId) ?? docsUrlFor(f.ruleId);
  const commit = f.commit ? ` (${code(f.commit.sha.slice(0, 12))}, ${text(f.commit.author)}, ${text(f.commit.date.slice(0, 10))})` : '';
  return `| ${code(where)} | [${text(f.ruleId)}](${url}) | ${text(f.message)}${commit} |`;
}

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

/** A summary for a pull-request comment or a periodic mail: counts, then findings by severity, then metrics. */
export const markdownReporter: Reporter = (report) => {
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
  ];

  if (report.findings.length === 0) {
    out.push('No findings.', '');
  } else {
    const docsUrls = new Map(report.rules.map((r) => [r.id, r.docsUrl]));
    const ordered = SECTIONS.flatMap(({ severity }) => report.findings.filter((f) => f.severity === severity));
    const shown = ordered.slice(0, MARKDOWN_MAX_FINDINGS);
    for (const { severity, title } of SECTIONS) {
      const rows = shown.filter((f) => f.severity === severity);
      if (rows.length === 0) continue;
      const total = ordered.filter((f) => f.severity === severity).length;
      out.push(`## ${title} (${total})`, '', '| Location | Rule | Message |', '| --- | --- | --- |');
      out.push(...rows.map((f) => findingRow(f, docsUrls)), '');
    }
    const omitted = ordered.length - shown.length;
    if (omitted > 0) {
      out.push(`${omitted} more finding${omitted === 1 ? '' : 's'} not shown; the JSON and SARIF reports list all of them.`, '');
    }
  }

  out.push(...metricsSection(report));
  return `${out.join('\n').trimEnd()}\n`;
};
