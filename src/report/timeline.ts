import type { Finding } from '../audit/types.js';
import type { ConfigChange } from '../audit/history/config-diff.js';
import type { Timeline } from '../audit/history/timeline.js';
import { signed } from './digest-view.js';
import { toJsonReport } from './json.js';
import type { Report } from './types.js';

export function describeChange(change: ConfigChange): string {
  switch (change.kind) {
    case 'rule-added':
      return `+ ${change.list} ${change.rule}`;
    case 'rule-removed':
      return `- ${change.list} ${change.rule}`;
    case 'key-changed':
      return `~ ${change.key}: ${change.from ?? '(unset)'} → ${change.to ?? '(unset)'}`;
    case 'hook-added':
      return `+ hook ${change.rule}`;
    case 'hook-removed':
      return `- hook ${change.rule}`;
    default:
      return `${change.kind === 'mcp-server-added' ? '+' : change.kind === 'mcp-server-removed' ? '-' : '~'} MCP server ${change.key}`;
  }
}

/** A readable timeline: one block per commit, changes grouped by file, the index after each commit. */
export function timelineText(timeline: Timeline, report: Report): string {
  const out: string[] = [`permissiveness index: ${timeline.indexStart} → ${timeline.indexEnd} (${signed(timeline.indexEnd - timeline.indexStart)})`, ''];
  if (timeline.commits.length === 0) out.push('No commit changed the agent configuration in this window.', '');
  let previous = timeline.indexStart;
  for (const c of timeline.commits) {
    out.push(`${c.sha.slice(0, 12)}  ${c.date.slice(0, 10)}  ${c.author}  ${c.subject}   [index ${c.index} (${signed(c.index - previous)})]`);
    previous = c.index;
    for (const file of [...new Set(c.changes.map((ch) => ch.file))]) {
      const changes = c.changes.filter((ch) => ch.file === file);
      out.push(`    ${file} (${changes[0]?.scope})`, ...changes.map((ch) => `      ${describeChange(ch)}`));
    }
    if (c.changes.length === 0) out.push('    (no permission or security-relevant change)');
    out.push('');
  }
  for (const f of report.findings) out.push(findingLine(f));
  for (const n of report.notices) out.push(`note: ${n}`);
  if (report.promptSetHash) out.push(`prompt set: ${report.promptSetHash}`);
  return `${out.join('\n').trimEnd()}\n`;
}

function findingLine(f: Finding): string {
  return `${f.severity}: ${f.message} (${f.ruleId})`;
}

/** The weekly "what changed" section. */
export function timelineMarkdown(timeline: Timeline, report: Report): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const out = ['## What changed', '', `Permissiveness index **${timeline.indexStart} → ${timeline.indexEnd}** (${signed(timeline.indexEnd - timeline.indexStart)}).`, ''];
  if (timeline.commits.length === 0) out.push('No commit changed the agent configuration in this window.', '');
  else {
    out.push('| Commit | Date | Author | Change | Index |', '| --- | --- | --- | --- | ---: |');
    for (const c of timeline.commits) {
      const changes = c.changes.map((ch) => `\`${cell(ch.file)}\` ${cell(describeChange(ch))}`).join('<br>') || cell(c.subject);
      out.push(`| \`${c.sha.slice(0, 12)}\` | ${c.date.slice(0, 10)} | ${cell(c.author)} | ${changes} | ${c.index} |`);
    }
    out.push('');
  }
  if (report.findings.length > 0) out.push('### Findings', '', ...report.findings.map((f) => `- **${f.severity}** ${cell(f.message)} (\`${f.ruleId}\`)`), '');
  for (const n of report.notices) out.push(`> **Note:** ${cell(n)}`, '');
  if (report.promptSetHash) out.push(`Prompt set \`${report.promptSetHash}\`.`, '');
  return `${out.join('\n').trimEnd()}\n`;
}

/** `--format json`: the timeline, the index at both ends, and the findings in the JSON report's shape. */
export function timelineJson(timeline: Timeline, report: Report): string {
  const { findings } = toJsonReport(report) as { findings: unknown[] };
  return `${JSON.stringify({ commits: timeline.commits, indexStart: timeline.indexStart, indexEnd: timeline.indexEnd, promptSetHash: report.promptSetHash, findings, notices: report.notices }, null, 2)}\n`;
}
