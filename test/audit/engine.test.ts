import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRule, renderMessage } from '../../src/audit/create-rule.js';
import { runAuditors } from '../../src/audit/engine.js';
import type { Auditor } from '../../src/audit/types.js';
import { loadPolicy } from '../../src/policies/load-policy.js';
import { locate } from '../../src/workspace/json-document.js';
import { loadWorkspace } from '../../src/workspace/load-workspace.js';
import { json, makeWorkspaceDirs, writeTree } from '../helpers/tree.js';

/** Reports every allow rule, identified by its text: the way permission rules will. */
const everyAllow = createRule({
  id: 'test/every-allow',
  description: 'reports every allow rule',
  defaultSeverity: 'warning',
  messages: { allow: 'Allow rule {{rule}} in {{scope}}.' },
  check({ workspace, report }) {
    for (const file of workspace.files) {
      const allow = (file.json?.value as { permissions?: { allow?: unknown[] } } | undefined)?.permissions?.allow ?? [];
      allow.forEach((rule, i) => {
        if (typeof rule !== 'string' || !file.json) return;
        report({ file, messageId: 'allow', data: { rule, scope: file.scope }, span: locate(file.json, ['permissions', 'allow', i]), pointer: `/permissions/allow/${i}`, evidence: rule });
      });
    }
  },
});
const testAuditor: Auditor = { id: 'test', description: 'test', rules: [everyAllow], metrics: ({ workspace }) => ({ files: workspace.files.length }) };

async function run(dirs: ReturnType<typeof makeWorkspaceDirs>) {
  const policy = await loadPolicy({ root: dirs.root, rules: testAuditor.rules });
  const workspace = await loadWorkspace({ root: dirs.root, home: dirs.home, managedDir: dirs.managedDir, ignore: policy.ignore });
  return runAuditors(workspace, policy, [testAuditor]);
}

describe('runAuditors', () => {
  it('renders messages, keeps data, rates by the default severity and reports metrics', async () => {
    const dirs = makeWorkspaceDirs({ project: { '.claude/settings.json': json({ permissions: { allow: ['Bash(ls)'] } }) } });
    const { findings, metrics } = await run(dirs);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'test/every-allow',
      severity: 'warning',
      messageId: 'allow',
      message: 'Allow rule Bash(ls) in project.',
      data: { rule: 'Bash(ls)', scope: 'project' },
      location: { file: '.claude/settings.json', line: 4, column: 7, pointer: '/permissions/allow/0' },
    });
    expect(findings[0]?.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(metrics).toEqual({ test: { metrics: { files: 1 } } });
  });

  it('keeps fingerprints when the file is reformatted and entries move', async () => {
    const dirs = makeWorkspaceDirs({ project: { '.claude/settings.json': json({ permissions: { allow: ['Bash(ls)', 'Read'] } }) } });
    const before = await run(dirs);
    writeTree(dirs.root, { '.claude/settings.json': `{"model":"x",\n\n"permissions":{"allow":["Edit","Read",\n"Bash(ls)"]}}` });
    const after = await run(dirs);
    const fp = (r: typeof before, rule: string) => r.findings.find((f) => f.data.rule === rule)?.fingerprint;
    expect(fp(after, 'Bash(ls)')).toBe(fp(before, 'Bash(ls)'));
    expect(fp(after, 'Read')).toBe(fp(before, 'Read'));
    expect(fp(after, 'Edit')).not.toBe(fp(after, 'Read'));
  });

  it('disambiguates identical findings in one file', async () => {
    const dirs = makeWorkspaceDirs({ project: { '.claude/settings.json': json({ permissions: { allow: ['Read', 'Read'] } }) } });
    const fps = (await run(dirs)).findings.map((f) => f.fingerprint);
    expect(fps[1]).toBe(`${fps[0]}#2`);
  });

  it('applies policy severities, turns rules off and drops ignored files', async () => {
    const spec = { '.claude/settings.json': json({ permissions: { allow: ['Read'] } }), '.claude/settings.local.json': json({ permissions: { allow: ['Edit'] } }) };
    const raised = makeWorkspaceDirs({ project: { ...spec, 'agentgov.json': json({ rules: { 'test/every-allow': 'error' }, ignore: ['**/settings.local.json'] }) } });
    const r = await run(raised);
    expect(r.findings.map((f) => [f.location.file, f.severity])).toEqual([['.claude/settings.json', 'error']]);
    const off = makeWorkspaceDirs({ project: { ...spec, 'agentgov.json': json({ rules: { 'test/every-allow': 'off' } }) } });
    expect((await run(off)).findings).toEqual([]);
  });

  it('sorts by file, line, column and rule id whatever the report order', async () => {
    const dirs = makeWorkspaceDirs({
      project: { '.claude/settings.json': json({ permissions: { allow: ['B', 'A'] } }) },
      home: { '.claude/settings.json': json({ permissions: { allow: ['Z'] } }) },
      managed: { 'managed-settings.json': json({ permissions: { allow: ['M'] } }) },
    });
    const { findings } = await run(dirs);
    expect(findings.map((f) => `${f.location.file}:${f.location.line}`)).toEqual(['.claude/settings.json:4', '.claude/settings.json:5', '<managed>/managed-settings.json:4', '~/.claude/settings.json:4']);
  });

  it('refuses a rule that reports an unknown message id (a bug, not input)', async () => {
    const broken = createRule({ id: 'test/broken', description: 'x', defaultSeverity: 'error', messages: {}, check: ({ workspace, report }) => report({ file: workspace.root, messageId: 'nope' }) });
    const dirs = makeWorkspaceDirs();
    const policy = await loadPolicy({ root: dirs.root, rules: [broken] });
    const workspace = await loadWorkspace({ root: dirs.root, home: dirs.home, managedDir: dirs.managedDir });
    expect(() => runAuditors(workspace, policy, [{ id: 'test', description: 'x', rules: [broken] }])).toThrow(/unknown messageId/);
  });
});

describe('renderMessage', () => {
  it('fills placeholders as a replace over the template does, a missing value showing its name', () => {
    const reference = (template: string, data: Record<string, unknown>) => template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_, key: string) => (key in data ? String(data[key]) : key));
    const piece = fc.constantFrom('{{a}}', '{{ b }}', '{{c.d}}', '{{', '}}', '{{ }}', '{{a', 'text ', '`x`', '{{{a}}}', '$&', '{{toString}}', ' ');
    const value = fc.oneof(fc.string({ maxLength: 4 }), fc.constant('$1'), fc.integer(), fc.constant(null), fc.constant(undefined));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }), fc.dictionary(fc.constantFrom('a', 'b', 'c.d'), value), (parts, data) => {
        const template = parts.join('');
        expect(renderMessage(template, data)).toBe(reference(template, data));
        expect(renderMessage(template, data)).toBe(reference(template, data));
      }),
      { numRuns: 2000 },
    );
  });
});
