import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { auditTree } from '../helpers/audit.js';
import { sharedPath } from '../helpers/shared.js';

describe("SchemaStore's invalid-permission-rule.json", () => {
  it('every rule in it is reported by permissions/invalid-rule', async () => {
    const file = sharedPath('external/schemastore/src/negative_test/claude-code-settings/invalid-permission-rule.json');
    const settings = JSON.parse(readFileSync(file, 'utf8')) as { permissions: Record<string, string[]> };
    const rules = Object.values(settings.permissions).flat();
    expect(rules.length).toBeGreaterThanOrEqual(7);
    const { report } = await auditTree({ project: { '.claude/settings.json': readFileSync(file) } });
    const reported = report.findings.filter((f) => f.ruleId === 'permissions/invalid-rule').map((f) => f.data.rule);
    expect([...reported].sort()).toEqual([...rules].sort());
  });

  // The schema's regex rejects `Task(...)`, tool-name globs in deny and `AskUserQuestion`, all documented by Claude
  // Code: we follow the docs, so none of them is an invalid rule here.
  it('accepts documented forms the schema rejects', async () => {
    const { report } = await auditTree({ project: { '.claude/settings.json': JSON.stringify({ permissions: { deny: ['Task(Explore)', '*', 'mcp__*', 'AskUserQuestion', 'EndConversation'] } }) } });
    expect(report.findings.filter((f) => f.ruleId === 'permissions/invalid-rule')).toEqual([]);
  });
});
