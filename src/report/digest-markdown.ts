import { docsUrlFor } from '../audit/create-rule.js';
import {
  appliedChanges,
  authorsOf,
  changesOf,
  codeSpans,
  countsByAuditor,
  describeUntracked,
  fixFor,
  minuteUtc,
  newFindingTest,
  promptSetChange,
  shortHash,
  signed,
  suggestedCommands,
  topFindings,
  type CommitChange,
} from './digest-view.js';
import { findingSections, whereOf } from './markdown-findings.js';
import { code, codeBlock, mdLink, text } from './markdown-text.js';
import { describeChange } from './timeline.js';
import type { Report } from './types.js';
import type { WeeklyDigest } from './weekly-types.js';

/** New findings listed one by one; more are counted (the full list follows anyway). */
const DIGEST_MAX_NEW = 50;
const MAX_MEMORY_ROWS = 30;
/** A long window (`--since` a year ago) would make a mail of megabytes: the newest rows, and how many more there are. */
const DIGEST_MAX_COMMITS = 50;
const MAX_CHANGE_ROWS = 100;

/**
 * The Monday digest: posture, what changed in the window, the findings new since the last audit, the top findings
 * with how to fix them, every finding, the memory plan, and the commands to act on it. Pure.
 */
export function digestMarkdown(report: Report, weekly: WeeklyDigest): string {
  const out = [
    '# agentgov weekly audit',
    '',
    `${code(report.root)} · ${windowLine(weekly)} · ${text(report.tool.name)} ${text(report.tool.version)} · policy ${code(shortHash(report.policyHash))} · run ${text(minuteUtc(report.startedAt))}`,
    '',
    ...posture(report, weekly),
    ...whatChanged(weekly),
    ...newFindings(report, weekly),
    ...top(report, weekly),
    '## All findings',
    '',
    ...findingSections(report, 3),
    ...memoryPlan(weekly),
    ...commands(report, weekly),
  ];
  return `${out.join('\n').trimEnd()}\n`;
}

/** Text with its `code spans` kept as code (messages and fixes quote rules and commands that way), the rest escaped. */
function rich(s: string): string {
  return codeSpans(s).map((p) => (p.code ? code(p.text) : text(p.text))).join('');
}

function windowLine(weekly: WeeklyDigest): string {
  if (!weekly.window) return 'no history window';
  return `window ${text(weekly.window.since.slice(0, 10))} → ${text(weekly.window.until.slice(0, 10))} (${text(weekly.window.label)})`;
}

function posture(report: Report, weekly: WeeklyDigest): string[] {
  const { rows, all } = countsByAuditor(report);
  const row = (name: string, c: (typeof rows)[number], bold = false) => {
    const b = (s: string | number) => (bold ? `**${s}**` : String(s));
    return `| ${b(name)} | ${b(c.counts.error)} | ${b(c.counts.warning)} | ${b(c.counts.info)} | ${b(c.total)} |`;
  };
  const out = ['## Posture', '', '| Auditor | Errors | Warnings | Info | Total |', '| --- | ---: | ---: | ---: | ---: |', ...rows.map((r) => row(text(r.auditor), r)), row('All', all, true), ''];
  const fresh = weekly.newFingerprints.length;
  out.push(
    weekly.previousAudit
      ? `- New since the last audit (${text(minuteUtc(weekly.previousAudit.at))}): **${fresh}**`
      : `- First audit recorded in this state dir: all ${fresh} finding${fresh === 1 ? ' is' : 's are'} new.`,
  );
  out.push(`- Baselined (accepted in .agentgov/baseline.json, not shown): ${report.summary.baselined}`);
  if (weekly.index) out.push(`- Permissiveness index: **${weekly.index.end}** now, ${weekly.index.start} at the start of the window (${signed(weekly.index.end - weekly.index.start)})`);
  out.push(`- Prompt set: ${promptSet(report, weekly)}`);
  out.push('', ...report.notices.map((n) => `> **Note:** ${text(n)}\n`));
  return out;
}

function promptSet(report: Report, weekly: WeeklyDigest): string {
  const change = promptSetChange(report, weekly);
  if (change.state === 'none') return 'none loaded';
  const now = code(change.hash);
  if (change.state === 'uncompared') return now;
  if (change.state === 'unchanged') return `${now} (unchanged since the last audit)`;
  return `${now} (**changed** since the last audit: was ${change.before ? code(change.before) : 'none'})`;
}

function whatChanged(weekly: WeeklyDigest): string[] {
  const out = ['## What changed this week', ''];
  if (!weekly.window) out.push('The history was not read (the history auditor is off), so commits are not shown.', '');
  else if (weekly.commits.length === 0) out.push('No commit changed the agent configuration in this window.', '');
  else {
    const authors = authorsOf(weekly.commits);
    const n = weekly.commits.length;
    out.push(`${n} commit${n === 1 ? '' : 's'} changed the agent configuration, by ${authors.length} author${authors.length === 1 ? '' : 's'}: ${authors.map((a) => `${text(a.name)} (${a.commits})`).join(', ')}.`, '');
    const earlier = Math.max(0, n - DIGEST_MAX_COMMITS);
    if (earlier > 0) out.push(`The newest ${DIGEST_MAX_COMMITS} (${earlier} earlier: ${more}):`, '');
    out.push('| Commit | Date | Author | Subject | Index |', '| --- | --- | --- | --- | ---: |');
    for (const c of weekly.commits.slice(earlier)) out.push(`| ${code(c.sha.slice(0, 12))} | ${text(c.date.slice(0, 10))} | ${text(c.author)} | ${text(c.subject)} | ${c.index} |`);
    out.push('');
    const { added, removed, other } = changesOf(weekly.commits);
    out.push(...ruleTable('Rules added', added), ...ruleTable('Rules removed', removed));
    if (other.length > 0) {
      out.push(`**Other changes (${other.length})**`, '', ...newest(other).map((c) => `- ${code(c.change.file)} ${code(describeChange(c.change))} in ${code(c.commit.sha.slice(0, 12))} by ${text(c.commit.author)}`));
      out.push(...(other.length > MAX_CHANGE_ROWS ? ['', `${other.length - MAX_CHANGE_ROWS} earlier: ${more}.`] : []), '');
    }
  }
  out.push('### Scopes git cannot see', '');
  if (!weekly.untracked) out.push('No earlier snapshot of the user, managed and untracked local settings: they were recorded now, and the next audit shows what changed.', '');
  else if (weekly.untracked.changes.length === 0) out.push(`No change since the last snapshot (${text(minuteUtc(weekly.untracked.since))}).`, '');
  else {
    out.push(`Since the last snapshot (${text(minuteUtc(weekly.untracked.since))}):`, '', '| File | Scope | Change |', '| --- | --- | --- |');
    out.push(...weekly.untracked.changes.map((c) => `| ${code(c.file)} | ${text(c.scope)} | ${code(describeUntracked(c))} |`), '');
  }
  return out;
}

const more = '`agentgov history` and the HTML and JSON reports list them all';
const newest = <T>(rows: readonly T[]) => rows.slice(Math.max(0, rows.length - MAX_CHANGE_ROWS));

function ruleTable(title: string, rows: readonly CommitChange[]): string[] {
  if (rows.length === 0) return [`**${title}:** none.`, ''];
  return [
    `**${title} (${rows.length})**`,
    '',
    '| List | Rule | File | Commit | Author |',
    '| --- | --- | --- | --- | --- |',
    ...newest(rows).map(({ commit, change }) => `| ${text(change.list ?? '')} | ${code(change.rule ?? '')} | ${code(change.file)} | ${code(commit.sha.slice(0, 12))} | ${text(commit.author)} |`),
    ...(rows.length > MAX_CHANGE_ROWS ? ['', `${rows.length - MAX_CHANGE_ROWS} earlier: ${more}.`] : []),
    '',
  ];
}

function newFindings(report: Report, weekly: WeeklyDigest): string[] {
  const isNew = newFindingTest(weekly);
  const fresh = report.findings.filter(isNew);
  const out = [`## New findings (${fresh.length})`, ''];
  if (!weekly.previousAudit) return [...out, 'First audit with this state dir: every finding below counts as new. From the next audit on, this section lists only the findings that audit did not report.', ''];
  if (fresh.length === 0) return [...out, 'None: every finding was already reported by the last audit.', ''];
  out.push('| Severity | Location | Rule | Message |', '| --- | --- | --- | --- |');
  for (const f of fresh.slice(0, DIGEST_MAX_NEW)) out.push(`| ${f.severity} | ${code(whereOf(f))} | ${code(f.ruleId)} | ${rich(f.message)} |`);
  if (fresh.length > DIGEST_MAX_NEW) out.push('', `${fresh.length - DIGEST_MAX_NEW} more new findings are in the list below.`);
  return [...out, ''];
}

function top(report: Report, weekly: WeeklyDigest): string[] {
  const isNew = newFindingTest(weekly);
  const shown = topFindings(report, isNew);
  if (shown.length === 0) return [];
  const rules = new Map(report.rules.map((r) => [r.id, r]));
  const out = ['## Top findings and how to fix them', ''];
  shown.forEach((f, i) => {
    const url = rules.get(f.ruleId)?.docsUrl ?? docsUrlFor(f.ruleId);
    out.push(`${i + 1}. **${f.severity}**${isNew(f) ? ' (new)' : ''} ${code(whereOf(f))}: ${rich(f.message)}`);
    const fix = fixFor(f, rules);
    out.push(`   - Fix: ${fix ? rich(fix) : 'see the rule page'} (${mdLink(text(f.ruleId), url)})`);
  });
  return [...out, ''];
}

function memoryPlan(weekly: WeeklyDigest): string[] {
  const m = weekly.memory;
  if (!m) return ['## Memory plan', '', 'The memory auditor is off, so no plan was made.', ''];
  const out = ['## Memory plan', ''];
  if (m.items === 0) return [...out, `No memory items in the ${m.stores.length} store${m.stores.length === 1 ? '' : 's'} looked at${m.stores.length > 0 ? ` (${m.stores.map((st) => code(st.root)).join(', ')})` : ''}.`, ''];
  out.push(`Plan ${code(m.planId)}: **${m.archive}** of ${m.items} memory item${m.items === 1 ? '' : 's'} would be archived (moved to the state dir, restorable); ${m.flag} ${m.flag === 1 ? 'is' : 'are'} stale.`, '');
  if (m.applied) out.push(appliedChanges(m.applied) ? `**Applied** with \`--apply-memory-plan\`: archived ${m.applied.archived} item(s), removed ${m.applied.indexLinesRemoved} MEMORY.md line(s). Undo with \`agentgov memory restore ${m.applied.planId}\`.` : 'Applied with `--apply-memory-plan`: nothing to archive.', '');
  if (m.applyError) out.push(`**Not applied:** ${text(m.applyError)}`, '');
  if (m.stores.length > 0) {
    out.push('| Store | Folder | Items | Archive | Stale |', '| --- | --- | ---: | ---: | ---: |');
    out.push(...m.stores.map((s) => `| ${text(s.name)} | ${code(s.root)} | ${s.items} | ${s.archive}${s.overFraction ? ' (needs `--force`)' : ''} | ${s.flag} |`), '');
  }
  if (m.archiveItems.length > 0) {
    out.push('| Item | Store | Path | Type | R | Days | Why |', '| --- | --- | --- | --- | ---: | ---: | --- |');
    for (const item of m.archiveItems.slice(0, MAX_MEMORY_ROWS)) out.push(`| ${code(item.id)} | ${text(item.store)} | ${code(item.path)} | ${text(item.type)} | ${item.r.toFixed(2)} | ${item.ageDays} | ${text(item.reasons.join(', '))} |`);
    if (m.archiveItems.length > MAX_MEMORY_ROWS) out.push('', `${m.archiveItems.length - MAX_MEMORY_ROWS} more: \`agentgov memory plan\` lists them all.`);
    out.push('');
  }
  return out;
}

function commands(report: Report, weekly: WeeklyDigest): string[] {
  const list = suggestedCommands(report, weekly);
  if (list.length === 0) return [];
  return ['## Commands', '', ...codeBlock(list.flatMap((c, i) => [...(i > 0 ? [''] : []), `# ${c.why}`, c.command]), 'sh'), ''];
}
