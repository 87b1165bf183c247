import { describe, expect, it } from 'vitest';
import { loadSarifValidator } from '../helpers/sarif-validator.js';
import { sarifReporter } from '../../src/report/sarif.js';
import type { Report } from '../../src/report/types.js';
import { emptyReport, sampleReport, weeklyReport } from './sample-report.js';

interface SarifLog {
  runs: {
    tool: { driver: { rules: { id: string; helpUri?: string; properties?: Record<string, unknown> }[] } };
    results: { ruleId: string; ruleIndex: number; partialFingerprints?: Record<string, string> }[];
  }[];
}



function sarifOf(report: Report): SarifLog {
  return JSON.parse(sarifReporter(report, { color: false })) as SarifLog;
}

function expectConsistent(log: SarifLog): void {
  for (const run of log.runs) {
    const rules = run.tool.driver.rules;
    for (const rule of rules) {
      expect(rule.helpUri, rule.id).toMatch(/^https:\/\//);
      expect(rule.properties?.['security-severity'], rule.id).toMatch(/^\d+\.\d$/);
    }
    for (const result of run.results) {
      expect(rules[result.ruleIndex]?.id).toBe(result.ruleId);
      expect(result.partialFingerprints?.['agentgovFingerprint/v1']).toBeTruthy();
    }
  }
}

describe('SARIF output', () => {
  const validate = loadSarifValidator();
  const reports: [string, () => Report][] = [
    ['sample report', sampleReport],
    ['empty report', emptyReport],
    [
      'report with a finding whose rule is not in report.rules',
      () => {
        const report = sampleReport();
        report.findings.push({ ...report.findings[0]!, ruleId: 'hooks/unknown-rule', fingerprint: 'ffff' });
        return report;
      },
    ],
    [
      'report of an auditor named security, with odd file names',
      () => {
        const report = sampleReport();
        report.rules.push({ ...report.rules[0]!, id: 'security/x' });
        report.findings.push({
          ...report.findings[0]!,
          ruleId: 'security/x',
          location: { ...report.findings[0]!.location, file: 'dir #1/100%.json' },
        });
        return report;
      },
    ],
    ['weekly audit report (baselineState new / unchanged)', weeklyReport],
  ];

  it.each(reports)('%s validates against the SARIF 2.1.0 schema', (_name, makeReport) => {
    const log = sarifOf(makeReport());
    const valid = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expectConsistent(log);
  });

  it('describes a finding of an unlisted rule from the finding', () => {
    const rules = sarifOf(reports[2]![1]()).runs[0]!.tool.driver.rules;
    expect(rules.at(-1)).toMatchObject({
      id: 'hooks/unknown-rule',
      helpUri: 'https://github.com/agentgov/agentgov/blob/main/docs/rules/hooks/unknown-rule.md',
      properties: { tags: ['security', 'hooks'] },
    });
  });

  it('marks the findings the previous audit did not report as new, the others as unchanged', () => {
    const results = (JSON.parse(sarifReporter(weeklyReport(), { color: false })) as { runs: { results: { baselineState?: string; partialFingerprints: Record<string, string> }[] }[] }).runs[0]!.results;
    const fresh = new Set(weeklyReport().weekly!.newFingerprints);
    expect(results.map((r) => r.baselineState)).toEqual(results.map((r) => (fresh.has(r.partialFingerprints['agentgovFingerprint/v1']!) ? 'new' : 'unchanged')));
    expect(results.filter((r) => r.baselineState === 'new')).toHaveLength(2);
    expect(JSON.parse(sarifReporter(sampleReport(), { color: false })).runs[0].results[0]).not.toHaveProperty('baselineState');
  });

  it('percent-encodes each path segment', () => {
    const log = JSON.parse(sarifReporter(reports[3]![1](), { color: false })) as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    const uris = log.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri);
    expect(uris).toContain('dir%20%231/100%25.json');
  });
});
