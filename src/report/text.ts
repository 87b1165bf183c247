import { Chalk } from 'chalk';
import type { Finding, Severity } from '../audit/types.js';
import type { Report, Reporter } from './types.js';

const SEVERITY_LABEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'info' };

/** ESLint "stylish"-like output: findings grouped by file, `line:column  severity  message  rule-id`, then a summary. */
export const textReporter: Reporter = (report, { color }) => {
  const c = new Chalk({ level: color ? 1 : 0 });
  const paint: Record<Severity, (s: string) => string> = { error: c.red, warning: c.yellow, info: c.blue };
  const groups = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const list = groups.get(f.location.file) ?? [];
    list.push(f);
    groups.set(f.location.file, list);
  }
  const out: string[] = [];
  for (const [file, findings] of groups) {
    out.push(c.underline(file));
    const rows = findings.map((f) => [
      f.location.line === null ? '-' : `${f.location.line}:${f.location.column ?? 1}`,
      SEVERITY_LABEL[f.severity],
      f.message,
      f.ruleId,
    ]);
    const posWidth = Math.max(...rows.map((r) => (r[0] ?? '').length));
    const sevWidth = Math.max(...rows.map((r) => (r[1] ?? '').length));
    rows.forEach(([pos = '', sev = '', message = '', rule = ''], i) => {
      const severity = findings[i]?.severity ?? 'info';
      out.push(`  ${c.dim(pos.padStart(posWidth))}  ${paint[severity](sev.padEnd(sevWidth))}  ${message}  ${c.dim(rule)}`);
    });
    out.push('');
  }
  const history = report.auditors.history?.metrics;
  if (typeof history?.indexEnd === 'number' && typeof history.indexStart === 'number') {
    const change = history.indexEnd - history.indexStart;
    out.push(`permissiveness index: ${history.indexEnd} (${change > 0 ? '+' : ''}${change} over ${String(history.window)})`);
  }
  for (const notice of report.notices) out.push(c.yellow(`note: ${notice}`));
  if (report.promptSetHash) out.push(c.dim(`prompt set: ${report.promptSetHash}`));
  out.push(summaryLine(report, c));
  return `${out.join('\n')}\n`;
};

function summaryLine(report: Report, c: InstanceType<typeof Chalk>): string {
  const { error, warning, info, baselined } = report.summary;
  const total = error + warning + info;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const counts = `${plural(total, 'problem')} (${plural(error, 'error')}, ${plural(warning, 'warning')}, ${info} info)`;
  const line = `${total === 0 ? '✔' : '✖'} ${counts}, baselined: ${baselined}`;
  return total === 0 ? c.green(line) : error > 0 ? c.red.bold(line) : c.yellow.bold(line);
}
