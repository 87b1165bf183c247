import type { Finding } from '../audit/types.js';
import type { Report } from './types.js';

const LEVEL: Record<Finding['severity'], string> = { error: 'error', warning: 'warning', info: 'notice' };

/** Workflow-command escaping (GitHub Actions): data escapes %, CR, LF; properties also `:` and `,`. */
function data(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function property(text: string): string {
  return data(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** GitHub Actions annotations, one line per finding (`::error file=…,line=…,title=…::message`), then the notices. */
export function githubAnnotations(report: Report): string {
  const lines = report.findings.map((f) => {
    const props = [`file=${property(f.location.file)}`];
    if (f.location.line !== null) props.push(`line=${f.location.line}`);
    if (f.location.column !== null) props.push(`col=${f.location.column}`);
    props.push(`title=${property(f.ruleId)}`);
    return `::${LEVEL[f.severity]} ${props.join(',')}::${data(f.message)}`;
  });
  for (const n of report.notices) lines.push(`::notice title=agentgov::${data(n)}`);
  if (report.promptSetHash) lines.push(`::notice title=${property('agentgov prompt set')}::${data(`prompt set ${report.promptSetHash}`)}`);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
