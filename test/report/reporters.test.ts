import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { githubAnnotations } from '../../src/report/github.js';
import { htmlReporter } from '../../src/report/html.js';
import { jsonReporter } from '../../src/report/json.js';
import { markdownReporter, MARKDOWN_MAX_FINDINGS } from '../../src/report/markdown.js';
import { sarifReporter } from '../../src/report/sarif.js';
import { textReporter } from '../../src/report/text.js';
import type { Report, Reporter } from '../../src/report/types.js';
import { emptyReport, sampleReport, weeklyReport } from './sample-report.js';

const GOLDEN_DIR = new URL('./golden/', import.meta.url);
const UPDATE = process.env.UPDATE_GOLDEN === '1';
// Matches any CSI sequence, which is all chalk emits.
const ANSI = /\u001b\[[0-9;]*m/;

/** Byte-for-byte comparison with a reviewed file; `UPDATE_GOLDEN=1` rewrites it instead (review the diff!). */
function expectGolden(name: string, actual: string): void {
  const file = fileURLToPath(new URL(name, GOLDEN_DIR));
  if (UPDATE) {
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) throw new Error(`missing golden file ${name}; run with UPDATE_GOLDEN=1 and review it`);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

const cases: [string, Reporter, () => Report, boolean][] = [
  ['report.text.txt', textReporter, sampleReport, false],
  ['report.color.txt', textReporter, sampleReport, true],
  ['report.json', jsonReporter, sampleReport, false],
  ['report.sarif.json', sarifReporter, sampleReport, false],
  ['report.md', markdownReporter, sampleReport, false],
  ['report.github.txt', (r) => githubAnnotations(r), sampleReport, false],
  ['report-empty.text.txt', textReporter, emptyReport, false],
  ['report-empty.md', markdownReporter, emptyReport, false],
  ['report.html', htmlReporter, sampleReport, false],
  ['report-empty.html', htmlReporter, emptyReport, false],
  ['report-weekly.md', markdownReporter, weeklyReport, false],
  ['report-weekly.html', htmlReporter, weeklyReport, false],
  ['report-weekly.json', jsonReporter, weeklyReport, false],
  ['report-weekly.sarif.json', sarifReporter, weeklyReport, false],
];

describe('reporters match their golden files', () => {
  it.each(cases)('%s', (name, reporter, makeReport, color) => {
    expectGolden(name, reporter(makeReport(), { color }));
  });
});

describe('text reporter colours', () => {
  it('has no ANSI escapes without color and has them with color', () => {
    expect(textReporter(sampleReport(), { color: false })).not.toMatch(ANSI);
    expect(textReporter(sampleReport(), { color: true })).toMatch(ANSI);
  });
});

describe('reporters are pure', () => {
  it.each(cases)('%s does not change the report', (_name, reporter, makeReport, color) => {
    const report = makeReport();
    reporter(report, { color });
    expect(report).toEqual(makeReport());
  });
});

describe('markdown reporter', () => {
  it(`shows at most ${MARKDOWN_MAX_FINDINGS} findings and says how many were left out`, () => {
    const report = sampleReport();
    const [first] = report.findings;
    report.findings = Array.from({ length: MARKDOWN_MAX_FINDINGS + 7 }, (_, i) => ({
      ...first!,
      location: { ...first!.location, line: i + 1 },
    }));
    const out = markdownReporter(report, { color: false });
    expect(out.split('\n').filter((l) => l.startsWith('| `.claude/settings.json:'))).toHaveLength(MARKDOWN_MAX_FINDINGS);
    expect(out).toContain('7 more findings not shown');
  });

  it('keeps a message with a newline, pipe and backticks inside one table row', () => {
    const report = sampleReport();
    report.findings = [{ ...report.findings[0]!, message: 'a | b\n`c` d' }];
    const row = markdownReporter(report, { color: false }).split('\n').find((l) => l.startsWith('| `.claude'));
    expect(row).toMatch(/\| a \\\| b \\`c\\` d \|$/);
  });
});
