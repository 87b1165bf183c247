import { describe, expect, it } from 'vitest';
import { markdownReporter } from '../../src/report/markdown.js';
import { shellQuote } from '../../src/report/digest-view.js';
import type { Report } from '../../src/report/types.js';
import { hostileReport, sampleReport, weeklyReport } from './sample-report.js';

const md = (report: Report) => markdownReporter(report, { color: false });
const section = (text: string, heading: string) => {
  const start = text.indexOf(`\n## ${heading}`);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const end = text.indexOf('\n## ', start + 1);
  return text.slice(start, end < 0 ? undefined : end);
};

describe('the Markdown digest', () => {
  it('is what audit reports become; other reports keep the plain summary', () => {
    expect(md(weeklyReport())).toMatch(/^# agentgov weekly audit\n/);
    expect(md(sampleReport())).toMatch(/^# agentgov report\n/);
  });

  it('lists only the findings the previous audit did not report as new, and ranks new ones first among equals', () => {
    const report = weeklyReport();
    const news = section(md(report), 'New findings');
    expect(news).toContain('## New findings (2)');
    expect(news.split('\n').filter((l) => l.startsWith('| error') || l.startsWith('| info') || l.startsWith('| warning'))).toHaveLength(2);
    const top = section(md(report), 'Top findings');
    const items = top.split('\n').filter((l) => /^\d+\. /.test(l));
    // Both errors first; of the two, the new one leads.
    expect(items[0]).toMatch(/^1\. \*\*error\*\* \(new\) `~\/.claude\/settings.json:4`/);
    expect(items[1]).toMatch(/^2\. \*\*error\*\* `.claude\/settings.json:12`/);
  });

  it('says when it is the first audit instead of listing every finding twice', () => {
    const report = weeklyReport();
    report.weekly!.previousAudit = null;
    report.weekly!.newFingerprints = report.findings.map((f) => f.fingerprint);
    const out = md(report);
    expect(out).toContain('First audit recorded in this state dir: all 5 findings are new.');
    expect(section(out, 'New findings')).not.toContain('| Severity |');
  });

  it('gives a fix line per top finding: the rule metadata, as code where it quotes code, with the docs link', () => {
    const top = section(md(weeklyReport()), 'Top findings');
    expect(top).toContain('   - Fix: Remove the trailing comma or comment so the file is strict JSON (`node -e "JSON.parse(…)"` checks it). ([config/invalid-json](https://github.com/agentgov/agentgov/blob/main/docs/rules/config/invalid-json.md))');
  });

  it('shows the memory plan and the commands to act on it, with --force when a store needs it', () => {
    const report = weeklyReport();
    expect(section(md(report), 'Commands')).toContain("agentgov memory prune --apply /work/demo --home '/home/ci user' --state-dir /var/lib/agentgov");
    report.weekly!.memory!.stores[0]!.overFraction = true;
    const out = md(report);
    expect(section(out, 'Memory plan')).toContain('| 2 (needs `--force`) |');
    expect(section(out, 'Commands')).toContain('agentgov memory prune --apply --force /work/demo');
  });

  it('after --apply-memory-plan, says what was archived and how to undo it, and no longer suggests the prune', () => {
    const report = weeklyReport();
    report.weekly!.memory!.applied = { planId: '20261102T090000Z-abc123', archived: 2, indexLinesRemoved: 2 };
    const out = md(report);
    expect(section(out, 'Memory plan')).toContain('**Applied** with `--apply-memory-plan`: archived 2 item(s), removed 2 MEMORY.md line(s). Undo with `agentgov memory restore 20261102T090000Z-abc123`.');
    expect(section(out, 'Commands')).toContain("agentgov memory restore 20261102T090000Z-abc123 /work/demo --home '/home/ci user' --state-dir /var/lib/agentgov");
    expect(section(out, 'Commands')).not.toContain('prune --apply');
    report.weekly!.memory!.applied = undefined;
    report.weekly!.memory!.applyError = 'the store changed since the plan was made';
    expect(section(md(report), 'Memory plan')).toContain('**Not applied:** the store changed since the plan was made');
  });

  it('keeps a long window readable: the newest 50 commits and 100 rule changes, and how many more there are', () => {
    const report = weeklyReport();
    const template = report.weekly!.commits[0]!;
    report.weekly!.commits = Array.from({ length: 120 }, (_, i) => ({
      ...template,
      sha: i.toString(16).padStart(40, '0'),
      subject: `change ${i}`,
      changes: [{ file: '.claude/settings.json', scope: 'project', kind: 'rule-added' as const, list: 'allow' as const, rule: `Bash(make t${i})` }],
    }));
    const changed = section(md(report), 'What changed');
    expect(changed).toContain('The newest 50 (70 earlier: `agentgov history` and the HTML and JSON reports list them all):');
    expect(changed.split('\n').filter((l) => /^\| `[0-9a-f]{12}` \| 2026-/.test(l))).toHaveLength(50);
    expect(changed).not.toContain('change 69 |');
    expect(changed).toContain('change 70 |');
    expect(changed).toContain('**Rules added (120)**');
    expect(changed.split('\n').filter((l) => l.startsWith('| allow | `Bash(make t'))).toHaveLength(100);
    expect(changed).toContain('`Bash(make t119)`');
    expect(changed).not.toContain('`Bash(make t19)`');
    expect(changed).toContain('20 earlier: `agentgov history`');
  });

  it('says what it could not show: no history, no memory auditor, no earlier snapshot', () => {
    const report = weeklyReport();
    Object.assign(report.weekly!, { window: null, index: null, commits: [], memory: null, untracked: null });
    const out = md(report);
    expect(section(out, 'What changed')).toContain('The history was not read');
    expect(section(out, 'What changed')).toContain('No earlier snapshot');
    expect(section(out, 'Memory plan')).toContain('The memory auditor is off');
    expect(out).not.toContain('Permissiveness index');
  });

  it('keeps attacker text from opening HTML, code spans or table cells', () => {
    const out = md(hostileReport());
    // Markup is literal inside code blocks and code spans; anywhere else it would be rendered.
    const prose = out.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1$/gm, '').replace(/(`+)(?:(?!\1)[^\n])*?\1/g, '');
    expect(prose).not.toMatch(/<[a-z/!]/i);
    expect(out).not.toContain('javascript:');
    expect(out).not.toContain('\u202e');
    expect(out).toContain('[U+202E]exe.json');
    for (const line of out.split('\n').filter((l) => l.startsWith('| ') && l.includes('evil'))) {
      // Every row of a 4- or 5-column table keeps its cell count: a `|` from a message is escaped.
      expect(line.split(/(?<!\\)\|/).length).toBeLessThanOrEqual(7);
    }
  });
});

describe('shellQuote', () => {
  it('leaves safe words alone and single-quotes the rest', () => {
    expect(shellQuote('/srv/repo-1')).toBe('/srv/repo-1');
    expect(shellQuote('/home/ci user')).toBe("'/home/ci user'");
    expect(shellQuote("it's $(rm -rf)")).toBe(`'it'\\''s $(rm -rf)'`);
    expect(shellQuote('')).toBe("''");
  });
});
