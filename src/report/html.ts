import { docsUrlFor } from '../audit/create-rule.js';
import type { Finding } from '../audit/types.js';
import {
  appliedChanges,
  auditorOf,
  authorsOf,
  changesOf,
  codeSpans,
  countsByAuditor,
  describeUntracked,
  fixFor,
  minuteUtc,
  newFindingTest,
  SEVERITIES,
  promptSetChange,
  shortHash,
  signed,
  suggestedCommands,
  topFindings,
  type CommitChange,
  type PromptSetChange,
} from './digest-view.js';
import { contentSecurityPolicy, SCRIPT, STYLE } from './html-assets.js';
import { indexChart } from './html-chart.js';
import { esc, link } from './html-escape.js';
import { whereOf } from './markdown-findings.js';
import { describeChange } from './timeline.js';
import type { Report, Reporter } from './types.js';
import type { WeeklyDigest } from './weekly-types.js';

/**
 * One self-contained HTML file: the digest's content, the permissiveness index as an inline SVG chart, and every
 * finding in a table filterable by auditor and severity. Everything from the report is escaped; the only script and
 * style are inline and allowed by hash in the Content-Security-Policy, which refuses everything else. Pure.
 */
export const htmlReporter: Reporter = (report) => {
  const weekly = report.weekly;
  const isNew = weekly ? newFindingTest(weekly) : () => false;
  const title = weekly ? 'agentgov weekly audit' : 'agentgov report';
  const body = [
    `<header><h1>${title}</h1><p class="meta">${headerLine(report, weekly)}</p></header>`,
    '<main>',
    posture(report, weekly),
    ...(weekly ? [indexSection(weekly), whatChanged(weekly), newFindings(report, weekly, isNew), top(report, isNew)] : []),
    allFindings(report, isNew),
    ...(weekly ? [memoryPlan(weekly), commands(report, weekly)] : []),
    '</main>',
    `<footer><p>${esc(report.tool.name)} ${esc(report.tool.version)} · one self-contained file: it loads nothing from the network.</p></footer>`,
  ];
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(contentSecurityPolicy())}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${esc(report.root)}</title>
<style>${STYLE}</style>
</head>
<body>
${body.join('\n')}
<script>${SCRIPT}</script>
</body>
</html>
`;
};

const c = (s: string) => `<code>${esc(s)}</code>`;
/** Text with its `code spans` as <code>: messages and fixes quote rules and commands that way. */
const rich = (s: string) => codeSpans(s).map((p) => (p.code ? c(p.text) : esc(p.text))).join('');
const sev = (s: string) => `<span class="sev sev-${esc(s)}">${esc(s)}</span>`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const table = (head: string[], rows: string[], numeric: readonly number[] = []) =>
  `<table><thead><tr>${head.map((h, i) => `<th${numeric.includes(i) ? ' class="num"' : ''}>${h}</th>`).join('')}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
const cells = (values: string[], numeric: readonly number[] = []) => `<tr>${values.map((v, i) => `<td${numeric.includes(i) ? ' class="num"' : ''}>${v}</td>`).join('')}</tr>`;

function headerLine(report: Report, weekly: WeeklyDigest | undefined): string {
  const parts = [c(report.root)];
  if (weekly?.window) parts.push(`window ${esc(weekly.window.since.slice(0, 10))} → ${esc(weekly.window.until.slice(0, 10))} (${esc(weekly.window.label)})`);
  parts.push(`policy ${c(shortHash(report.policyHash))}`, `run ${esc(minuteUtc(report.startedAt))}`);
  return parts.join(' · ');
}

function promptSet(change: PromptSetChange): string {
  if (change.state === 'none') return 'none loaded';
  const now = c(change.hash);
  if (change.state === 'uncompared') return now;
  if (change.state === 'unchanged') return `${now} (unchanged since the last audit)`;
  return `${now} (<strong>changed</strong> since the last audit: was ${change.before ? c(change.before) : 'none'})`;
}

function posture(report: Report, weekly: WeeklyDigest | undefined): string {
  const { rows, all } = countsByAuditor(report);
  const row = (r: (typeof rows)[number], cls = '') => `<tr${cls}><td>${esc(r.auditor)}</td>${SEVERITIES.map((s) => `<td class="num">${r.counts[s]}</td>`).join('')}<td class="num">${r.total}</td></tr>`;
  const facts: string[] = [];
  if (weekly) {
    const n = weekly.newFingerprints.length;
    facts.push(weekly.previousAudit ? `New since the last audit (${esc(minuteUtc(weekly.previousAudit.at))}): <strong id="new-count">${n}</strong>` : `First audit recorded in this state dir: all <strong id="new-count">${n}</strong> findings are new.`);
    if (weekly.index) facts.push(`Permissiveness index: <strong id="index-now">${weekly.index.end}</strong> now, ${weekly.index.start} at the start of the window (${signed(weekly.index.end - weekly.index.start)})`);
  }
  facts.push(`Baselined (accepted in .agentgov/baseline.json, not shown): ${report.summary.baselined}`);
  facts.push(`Prompt set: ${promptSet(promptSetChange(report, weekly))}`);
  return [
    '<section id="posture"><h2>Posture</h2>',
    `<table class="counts"><thead><tr><th>Auditor</th><th class="num">Errors</th><th class="num">Warnings</th><th class="num">Info</th><th class="num">Total</th></tr></thead><tbody>\n${rows.map((r) => row(r)).join('\n')}\n${row({ ...all, auditor: 'All' }, ' class="total"')}\n</tbody></table>`,
    `<ul>${facts.map((f) => `<li>${f}</li>`).join('')}</ul>`,
    ...report.notices.map((n) => `<p class="note">${esc(n)}</p>`),
    '</section>',
  ].join('\n');
}

function indexSection(weekly: WeeklyDigest): string {
  const chart = weekly.window && weekly.index ? indexChart(weekly.window, weekly.index) : '<p class="muted">The history was not read (the history auditor is off), so there is no index to chart.</p>';
  return `<section id="index"><h2>Permissiveness index</h2>\n${chart}\n</section>`;
}

function whatChanged(weekly: WeeklyDigest): string {
  const out = ['<section id="changes"><h2>What changed this week</h2>'];
  if (!weekly.window) out.push('<p class="muted">The history was not read, so commits are not shown.</p>');
  else if (weekly.commits.length === 0) out.push('<p>No commit changed the agent configuration in this window.</p>');
  else {
    const authors = authorsOf(weekly.commits);
    out.push(`<p>${plural(weekly.commits.length, 'commit')} changed the agent configuration, by ${plural(authors.length, 'author')}: ${authors.map((a) => `${esc(a.name)} (${a.commits})`).join(', ')}.</p>`);
    out.push(table(['Commit', 'Date', 'Author', 'Subject', 'Index'], weekly.commits.map((k) => cells([c(k.sha.slice(0, 12)), esc(k.date.slice(0, 10)), esc(k.author), esc(k.subject), String(k.index)], [4])), [4]));
    const { added, removed, other } = changesOf(weekly.commits);
    out.push(ruleTable('Rules added', added), ruleTable('Rules removed', removed));
    if (other.length > 0) out.push(`<h3>Other changes (${other.length})</h3>`, table(['File', 'Change', 'Commit', 'Author'], other.map((o) => cells([c(o.change.file), c(describeChange(o.change)), c(o.commit.sha.slice(0, 12)), esc(o.commit.author)]))));
  }
  out.push('<h3>Scopes git cannot see</h3>');
  if (!weekly.untracked) out.push('<p>No earlier snapshot of the user, managed and untracked local settings: they were recorded now, and the next audit shows what changed.</p>');
  else if (weekly.untracked.changes.length === 0) out.push(`<p>No change since the last snapshot (${esc(minuteUtc(weekly.untracked.since))}).</p>`);
  else out.push(`<p>Since the last snapshot (${esc(minuteUtc(weekly.untracked.since))}):</p>`, table(['File', 'Scope', 'Change'], weekly.untracked.changes.map((u) => cells([c(u.file), esc(u.scope), c(describeUntracked(u))]))));
  out.push('</section>');
  return out.join('\n');
}

function ruleTable(title: string, rows: readonly CommitChange[]): string {
  if (rows.length === 0) return `<h3>${title}</h3><p>None.</p>`;
  return `<h3>${title} (${rows.length})</h3>\n${table(['List', 'Rule', 'File', 'Commit', 'Author'], rows.map(({ commit, change }) => cells([esc(change.list ?? ''), c(change.rule ?? ''), c(change.file), c(commit.sha.slice(0, 12)), esc(commit.author)])))}`;
}

function newFindings(report: Report, weekly: WeeklyDigest, isNew: (f: Finding) => boolean): string {
  const fresh = report.findings.filter(isNew);
  const body = fresh.length === 0 ? '<p>None: every finding was already reported by the last audit.</p>' : table(['Severity', 'Location', 'Rule', 'Message'], fresh.map((f) => cells([sev(f.severity), c(whereOf(f)), c(f.ruleId), rich(f.message)])));
  if (!weekly.previousAudit) return `<section id="new"><h2>New findings (${fresh.length})</h2>\n<p>First audit with this state dir: every finding below counts as new. From the next audit on, this section lists only the findings that audit did not report.</p>\n</section>`;
  return `<section id="new"><h2>New findings (${fresh.length})</h2>\n${body}\n</section>`;
}

function top(report: Report, isNew: (f: Finding) => boolean): string {
  const shown = topFindings(report, isNew);
  if (shown.length === 0) return '';
  const rules = new Map(report.rules.map((r) => [r.id, r]));
  const items = shown.map((f) => {
    const fix = fixFor(f, rules);
    const url = rules.get(f.ruleId)?.docsUrl ?? docsUrlFor(f.ruleId);
    return `<li>${sev(f.severity)}${isNew(f) ? '<span class="new">new</span>' : ''} ${c(whereOf(f))}: ${rich(f.message)}<span class="fix">Fix: ${fix ? rich(fix) : 'see the rule page'} (${link(url, esc(f.ruleId))})</span></li>`;
  });
  return `<section id="top"><h2>Top findings and how to fix them</h2>\n<ol class="top">\n${items.join('\n')}\n</ol>\n</section>`;
}

function allFindings(report: Report, isNew: (f: Finding) => boolean): string {
  if (report.findings.length === 0) return '<section id="findings"><h2>Findings</h2><p>No findings.</p></section>';
  const rules = new Map(report.rules.map((r) => [r.id, r]));
  const auditors = [...new Set(report.findings.map((f) => auditorOf(f.ruleId)))].sort();
  const option = (v: string) => `<option value="${esc(v)}">${esc(v)}</option>`;
  const anyNew = report.weekly !== undefined;
  const filters = [
    '<div class="filters" id="filters" hidden>',
    `<label>Auditor <select id="filter-auditor"><option value="">all</option>${auditors.map(option).join('')}</select></label>`,
    `<label>Severity <select id="filter-severity"><option value="">all</option>${SEVERITIES.map(option).join('')}</select></label>`,
    ...(anyNew ? ['<label><input type="checkbox" id="filter-new"> new only</label>'] : []),
    `<output id="filter-count">${report.findings.length} findings</output>`,
    '</div>',
  ].join('\n');
  const rows = report.findings.map((f) => {
    const url = rules.get(f.ruleId)?.docsUrl ?? docsUrlFor(f.ruleId);
    const commit = f.commit ? ` <span class="muted">(${c(f.commit.sha.slice(0, 12))}, ${esc(f.commit.author)}, ${esc(f.commit.date.slice(0, 10))})</span>` : '';
    return `<tr data-auditor="${esc(auditorOf(f.ruleId))}" data-severity="${esc(f.severity)}" data-new="${isNew(f) ? '1' : '0'}"><td>${sev(f.severity)}${isNew(f) ? '<span class="new">new</span>' : ''}</td><td>${c(whereOf(f))}</td><td>${link(url, c(f.ruleId))}</td><td>${rich(f.message)}${commit}</td></tr>`;
  });
  return `<section id="findings"><h2>Findings (${report.findings.length})</h2>\n${filters}\n<table id="findings-table"><thead><tr><th>Severity</th><th>Location</th><th>Rule</th><th>Message</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>\n</section>`;
}

function memoryPlan(weekly: WeeklyDigest): string {
  const m = weekly.memory;
  if (!m) return '<section id="memory"><h2>Memory plan</h2><p>The memory auditor is off, so no plan was made.</p></section>';
  if (m.items === 0) return `<section id="memory"><h2>Memory plan</h2><p>No memory items in the ${plural(m.stores.length, 'store')} looked at${m.stores.length > 0 ? ` (${m.stores.map((st) => c(st.root)).join(', ')})` : ''}.</p></section>`;
  const out = ['<section id="memory"><h2>Memory plan</h2>', `<p>Plan ${c(m.planId)}: <strong>${m.archive}</strong> of ${plural(m.items, 'memory item')} would be archived (moved to the state dir, restorable); ${m.flag} stale.</p>`];
  if (m.applied) out.push(appliedChanges(m.applied) ? `<p><strong>Applied</strong> with <code>--apply-memory-plan</code>: archived ${m.applied.archived} item(s), removed ${m.applied.indexLinesRemoved} MEMORY.md line(s). Undo with ${c(`agentgov memory restore ${m.applied.planId}`)}.</p>` : '<p>Applied with <code>--apply-memory-plan</code>: nothing to archive.</p>');
  if (m.applyError) out.push(`<p class="note"><strong>Not applied:</strong> ${esc(m.applyError)}</p>`);
  if (m.stores.length > 0) out.push(table(['Store', 'Folder', 'Items', 'Archive', 'Stale'], m.stores.map((s) => cells([esc(s.name), c(s.root), String(s.items), `${s.archive}${s.overFraction ? ' (needs <code>--force</code>)' : ''}`, String(s.flag)], [2, 3, 4])), [2, 3, 4]));
  if (m.archiveItems.length > 0) out.push('<h3>To archive</h3>', table(['Item', 'Store', 'Path', 'Type', 'R', 'Days', 'Why'], m.archiveItems.map((i) => cells([c(i.id), esc(i.store), c(i.path), esc(i.type), i.r.toFixed(2), String(i.ageDays), esc(i.reasons.join(', '))], [4, 5])), [4, 5]));
  out.push('</section>');
  return out.join('\n');
}

function commands(report: Report, weekly: WeeklyDigest): string {
  const list = suggestedCommands(report, weekly);
  if (list.length === 0) return '';
  return `<section id="commands"><h2>Commands</h2>\n<pre><code>${list.map((k) => esc(`# ${k.why}\n${k.command}`)).join('\n\n')}</code></pre>\n</section>`;
}
