import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { sarifReporter } from '../../src/report/sarif.js';
import type { Report } from '../../src/report/types.js';
import { emptyReport, sampleReport } from './sample-report.js';

// ajv-formats is CommonJS: under NodeNext the default import is `module.exports`, whose `.default` is the plugin.
const addFormats = addFormatsModule.default;

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCHEMA_PATH = path.resolve(REPO_ROOT, '..', 'shared', 'external/schemastore/src/schemas/json/sarif-2.1.0.json');

interface SarifLog {
  runs: {
    tool: { driver: { rules: { id: string; helpUri?: string; properties?: Record<string, unknown> }[] } };
    results: { ruleId: string; ruleIndex: number; partialFingerprints?: Record<string, string> }[];
  }[];
}

function loadValidator() {
  // No skip: a missing schema must fail the suite rather than silently stop checking SARIF.
  expect(existsSync(SCHEMA_PATH), `SARIF schema not found at ${SCHEMA_PATH}`).toBe(true);
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as { $schema: string };
  // The default Ajv class speaks draft-07; a 2020-12 schema would need ajv/dist/2020.
  expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
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
  const validate = loadValidator();
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

  it('percent-encodes each path segment', () => {
    const log = JSON.parse(sarifReporter(reports[3]![1](), { color: false })) as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    const uris = log.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri);
    expect(uris).toContain('dir%20%231/100%25.json');
  });
});
