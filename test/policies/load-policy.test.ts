import path from 'node:path';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { createRule } from '../../src/audit/create-rule.js';
import { allRules } from '../../src/audit/registry.js';
import { loadPolicy, PolicyError } from '../../src/policies/load-policy.js';
import { policyJsonSchema } from '../../src/policies/policy-schema.js';
import { json, tempDir, writeTree } from '../helpers/tree.js';

const rules = allRules();
const withOptions = createRule<{ max: number }>({
  id: 'test/with-options',
  description: 'test rule',
  defaultSeverity: 'warning',
  messages: { m: 'm' },
  options: z.strictObject({ max: z.number().int().positive().default(3) }),
  check() {},
});

async function problemsOf(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PolicyError) return error.problems;
    throw error;
  }
  throw new Error('expected a PolicyError');
}

describe('loadPolicy', () => {
  it('uses the recommended preset when there is no policy file', async () => {
    const root = tempDir();
    const policy = await loadPolicy({ root, rules });
    expect(policy.rules['config/invalid-json']?.severity).toBe('error');
    expect(policy.claudeVersion).toBe('2.1.240');
    expect(policy.sources).toEqual([]);
    expect(policy.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('applies rule severities, extends chains and the strict preset', async () => {
    const root = writeTree(tempDir(), {
      'org/base.json': json({ extends: 'agentgov:strict', rules: { 'config/wrong-type': 'info' }, ignore: ['a/**'] }),
      'agentgov.json': json({ extends: ['./org/base.json'], rules: { 'config/invalid-json': 'off' }, ignore: ['b/**'], claudeVersion: '2.1.200' }),
    });
    const policy = await loadPolicy({ root, rules });
    expect(policy.rules['config/invalid-json']?.severity).toBe('off');
    expect(policy.rules['config/wrong-type']?.severity).toBe('info');
    expect(policy.rules['config/unreadable-file']?.severity).toBe('error');
    expect(policy.ignore).toEqual(['a/**', 'b/**']);
    expect(policy.claudeVersion).toBe('2.1.200');
    expect(policy.sources.map((s) => path.basename(s))).toEqual(['base.json', 'agentgov.json']);
  });

  it('validates rule options and fills their defaults', async () => {
    const root = writeTree(tempDir(), { 'agentgov.json': json({ rules: { 'test/with-options': ['error', {}] } }) });
    const policy = await loadPolicy({ root, rules: [withOptions] });
    expect(policy.rules['test/with-options']).toEqual({ severity: 'error', options: { max: 3 } });
    const bad = writeTree(tempDir(), { 'agentgov.json': json({ rules: { 'test/with-options': ['error', { max: -1, extra: 1 }], 'config/invalid-json': ['error', {}] } }) });
    const problems = await problemsOf(loadPolicy({ root: bad, rules: [withOptions, ...rules] }));
    expect(problems.some((p) => p.startsWith('rules.test/with-options.1.max:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('rules.test/with-options.1:'))).toBe(true);
    expect(problems).toContain('rules.config/invalid-json: this rule takes no options');
  });

  it('lists every problem of an invalid policy with its key path', async () => {
    const root = writeTree(tempDir(), {
      'agentgov.json': json({ rules: { 'nope/rule': 'error', 'config/invalid-json': 'fatal' }, unknownKey: 1, permissions: { typo: true }, claudeVersion: 'latest' }),
    });
    const problems = await problemsOf(loadPolicy({ root, rules }));
    expect(problems.map((p) => p.split(':')[0])).toEqual(expect.arrayContaining(['(root)', 'rules.config/invalid-json', 'permissions', 'claudeVersion']));
    expect(problems.length).toBeGreaterThanOrEqual(4);
  });

  it('reports unknown rule ids', async () => {
    const root = writeTree(tempDir(), { 'agentgov.json': json({ rules: { 'nope/rule': 'error' } }) });
    expect(await problemsOf(loadPolicy({ root, rules }))).toEqual(['rules.nope/rule: unknown rule']);
  });

  it('reports JSON syntax errors with line and column', async () => {
    const root = writeTree(tempDir(), { 'agentgov.json': '{\n  "rules": {},\n}\n' });
    expect(await problemsOf(loadPolicy({ root, rules }))).toEqual(['2:14: trailing commas are not allowed in JSON']);
  });

  it('refuses extends cycles, missing files, unknown presets and deep chains', async () => {
    const cyc = writeTree(tempDir(), { 'agentgov.json': json({ extends: './a.json' }), 'a.json': json({ extends: './agentgov.json' }) });
    expect((await problemsOf(loadPolicy({ root: cyc, rules })))[0]).toMatch(/^extends: cycle/);
    const missing = writeTree(tempDir(), { 'agentgov.json': json({ extends: ['agentgov:recommended', './nope.json'] }) });
    expect(await problemsOf(loadPolicy({ root: missing, rules }))).toEqual(['extends.1: file not found: ./nope.json']);
    const preset = writeTree(tempDir(), { 'agentgov.json': json({ extends: 'agentgov:lax' }) });
    expect((await problemsOf(loadPolicy({ root: preset, rules })))[0]).toMatch(/^extends.0: unknown preset/);
    const chain: Record<string, string> = { 'agentgov.json': json({ extends: './p1.json' }) };
    for (let i = 1; i <= 10; i++) chain[`p${i}.json`] = json(i === 10 ? {} : { extends: `./p${i + 1}.json` });
    const deep = writeTree(tempDir(), chain);
    expect((await problemsOf(loadPolicy({ root: deep, rules })))[0]).toMatch(/^extends: more than 8 levels/);
  });

  it('requires an explicit --policy file to exist', async () => {
    const root = tempDir();
    expect(await problemsOf(loadPolicy({ root, policyPath: path.join(root, 'org.json'), rules }))).toEqual([`file not found: ${path.join(root, 'org.json')}`]);
  });

  it('gives the same hash for the same effective policy, and a different one when it changes', async () => {
    const a = writeTree(tempDir(), { 'agentgov.json': json({ rules: { 'config/wrong-type': 'warning' }, extends: 'agentgov:recommended' }) });
    const b = writeTree(tempDir(), { 'agentgov.json': '{"extends":"agentgov:recommended","rules":{"config/wrong-type":"warning"}}' });
    const c = writeTree(tempDir(), { 'agentgov.json': json({ rules: { 'config/wrong-type': 'error' } }) });
    const [pa, pb, pc] = await Promise.all([a, b, c].map((root) => loadPolicy({ root, rules })));
    expect(pa?.hash).toBe(pb?.hash);
    expect(pa?.hash).not.toBe(pc?.hash);
  });
});

describe('policy JSON schema', () => {
  it('is pinned: schema/policy.schema.json is what the zod schema generates (run `npm run schema` to update)', () => {
    const file = readFileSync(new URL('../../schema/policy.schema.json', import.meta.url), 'utf8');
    expect(JSON.parse(file)).toEqual(policyJsonSchema());
  });
});
