import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { htmlReporter } from '../../src/report/html.js';
import type { Report } from '../../src/report/types.js';
import { emptyReport, hostileReport, sampleReport, weeklyReport } from './sample-report.js';

const html = (report: Report) => htmlReporter(report, { color: false });
const count = (text: string, needle: string) => text.split(needle).length - 1;

describe('html reporter: self-contained and safe', () => {
  const out = html(hostileReport());

  it('keeps attacker text inert: the only script, style, svg and link elements are its own', () => {
    expect(count(out, '<script')).toBe(1);
    expect(count(out, '<style')).toBe(1);
    expect(count(out, '<svg')).toBe(1);
    expect(out).not.toMatch(/<(img|iframe|b|link)[\s>]/i);
    expect(out).not.toMatch(/<[^>]*\son(error|load|mouseover)=/i);
    expect(out).toContain('evil/&lt;script&gt;window.__pwned=1&lt;/script&gt;');
    expect(out).toContain('&lt;iframe src=&quot;https://evil.example/&quot;&gt;&lt;/iframe&gt;');
  });

  it('never links anything but https, and never obeys bidi controls', () => {
    expect(out).not.toContain('javascript:');
    for (const m of out.matchAll(/href="([^"]*)"/g)) expect(m[1]).toMatch(/^https:\/\//);
    expect(out).not.toContain('\u202e');
    expect(out).toContain('&lt;U+202E&gt;exe.json');
  });

  it('loads nothing: no src attributes, external styles, fonts or imports', () => {
    expect(out).not.toMatch(/<[^>]*\ssrc=/i);
    expect(out).not.toMatch(/url\(|@import|@font-face/i);
    expect(out).not.toMatch(/http:\/\//);
  });

  it('allows by CSP hash exactly its inline script and style, and nothing else', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(out)?.[1]?.replace(/&#39;/g, "'");
    expect(csp).toBeDefined();
    const script = /<script>([\s\S]*?)<\/script>/.exec(out)![1]!;
    const style = /<style>([\s\S]*?)<\/style>/.exec(out)![1]!;
    const hash = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    expect(csp!.split('; ')).toEqual(["default-src 'none'", `style-src ${hash(style)}`, `script-src ${hash(script)}`, "base-uri 'none'", "form-action 'none'"]);
    expect(csp).not.toContain('unsafe');
  });
});

describe('html reporter: content', () => {
  it('has one filterable row per finding, tagged with its auditor, severity and newness', () => {
    const report = weeklyReport();
    const out = html(report);
    const rows = [...out.matchAll(/<tr data-auditor="([^"]+)" data-severity="([^"]+)" data-new="([01])">/g)].map((m) => m.slice(1));
    const fresh = new Set(report.weekly!.newFingerprints);
    expect(rows).toEqual(report.findings.map((f) => [f.ruleId.split('/')[0], f.severity, fresh.has(f.fingerprint) ? '1' : '0']));
    expect([...out.matchAll(/<select id="filter-auditor">(.*?)<\/select>/g)][0]![1]).toBe('<option value="">all</option><option value="config">config</option>');
  });

  it('charts the index: a step per commit, a point with the commit in its tooltip', () => {
    const report = weeklyReport();
    const out = html(report);
    const svg = /<svg[\s\S]*<\/svg>/.exec(out)![0];
    expect(count(svg, '<circle')).toBe(report.weekly!.commits.length);
    expect(svg).toContain('a1b2c3d4e5f6 Allow curl for the API tests: index 40');
    const path = /<path class="series" d="([^"]+)"/.exec(svg)![1]!;
    // Start value, then one horizontal and one vertical move per commit, then flat to the end of the window.
    expect(path.split(' ').filter((p) => p.startsWith('V'))).toHaveLength(report.weekly!.commits.length);
  });

  it('leaves the points out past 60 commits, so that the steps show the trend', () => {
    const report = weeklyReport();
    const [start] = report.weekly!.index!.series;
    report.weekly!.index!.series = [start!, ...Array.from({ length: 61 }, (_, i) => ({ at: `2026-10-27T${String(i % 24).padStart(2, '0')}:00:00Z`, index: 12 + i, sha: 'f'.repeat(40), subject: 's' }))];
    const svg = /<svg[\s\S]*<\/svg>/.exec(html(report))![0];
    expect(count(svg, '<circle')).toBe(0);
    expect(/<path class="series" d="([^"]+)"/.exec(svg)![1]!.split(' ').filter((p) => p.startsWith('V'))).toHaveLength(61);
  });

  it('without weekly data (another command) shows the findings and no chart; with none, says so', () => {
    expect(html(sampleReport())).not.toContain('<svg');
    expect(html(sampleReport())).toContain('id="findings-table"');
    const empty = html(emptyReport());
    expect(empty).toContain('No findings.');
    expect(empty).not.toContain('id="filters"');
  });

  it('is a pure function of the report', () => {
    expect(html(weeklyReport())).toBe(html(weeklyReport()));
  });
});
