import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { auditTree } from '../helpers/audit.js';
import { sharedPath } from '../helpers/shared.js';

const dir = (kind: 'test' | 'negative_test') => sharedPath('external/schemastore/src', kind, 'claude-code-settings');
const files = (kind: 'test' | 'negative_test') => readdirSync(dir(kind)).filter((f) => f.endsWith('.json')).sort();

describe("SchemaStore's Claude Code settings suite", () => {
  it('has its files', () => {
    expect(files('test').length).toBeGreaterThanOrEqual(20);
    expect(files('negative_test').length).toBeGreaterThanOrEqual(10);
  });

  it.each(files('test'))('loads positive test %s as project settings with no config/ finding', async (name) => {
    const { report } = await auditTree({ project: { '.claude/settings.json': readFileSync(`${dir('test')}/${name}`) } });
    expect(report.findings.filter((f) => f.ruleId.startsWith('config/'))).toEqual([]);
  });

  it.each(files('negative_test'))('audits negative test %s without crashing', async (name) => {
    const { report } = await auditTree({ project: { '.claude/settings.json': readFileSync(`${dir('negative_test')}/${name}`) } });
    expect(report.exitCode === 0 || report.exitCode === 1).toBe(true);
  });
});
