import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePolicyValue, POLICY_KEYS, policySchema } from '../../src/policies/policy-schema.js';

// parsePolicyValue builds only the sections a policy has; it must say exactly what the whole schema says.
const sameAsWholeSchema = (value: unknown) => {
  const whole = policySchema().safeParse(value);
  const partial = parsePolicyValue(value);
  expect(partial.success).toBe(whole.success);
  if (whole.success && partial.success) {
    expect(JSON.stringify(partial.data)).toBe(JSON.stringify(whole.data));
  } else {
    expect(partial.error?.issues.map((i) => [i.code, i.path, i.message])).toEqual(whole.error?.issues.map((i) => [i.code, i.path, i.message]));
  }
};

const examples: unknown[] = [
  {},
  { extends: 'agentgov:recommended' },
  { extends: ['agentgov:strict', './team.json'], $schema: '../schema.json' },
  { extends: [] },
  { extends: ['agentgov:strict', 1] },
  { $schema: 1 },
  { extends: null },
  { $schema: 'x', extends: ['agentgov:strict', './team.json'], claudeVersion: '2.1.240', rules: { 'permissions/unrestricted-tool': ['warning', {}] }, ignore: ['a/**'] },
  { permissions: { requiredDeny: ['Read(./.env)'], tests: [{ call: 'Bash(ls)', expect: 'allow' }] } },
  { history: { window: '2w', trendThreshold: 5 } },
  { history: { window: 'soon' } },
  { memory: { halfLifeDays: { project: 10 }, keep: { within: '14d' } } },
  { memory: { nope: 1 } },
  { extensions: { ceilings: { project: { shell: false } } } },
  { prompts: { require: 'x' } },
  { permissions: { forbidden: [{ rule: '' }] }, memory: { thresholds: { flag: 'high' } }, misspelt: true },
  { claudeVersion: '2.1', rules: { x: 'loud' } },
  null,
  [],
  'agentgov:recommended',
  42,
];

describe('parsePolicyValue', () => {
  it('knows every key of the whole schema, in its order', () => {
    expect(POLICY_KEYS).toEqual(Object.keys(policySchema().shape));
  });

  it.each(examples.map((value) => [JSON.stringify(value), value]))('says what the whole schema says of %s', (_name, value) => {
    sameAsWholeSchema(value);
  });

  it('says what the whole schema says of any JSON-like value with policy keys', () => {
    const key = fc.constantFrom(...POLICY_KEYS, 'other');
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.boolean(), fc.integer(), fc.string(), fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(fc.string(), tie('value'), { maxKeys: 3 })),
    })).value;
    fc.assert(fc.property(fc.dictionary(key, json, { maxKeys: 6 }), (value) => sameAsWholeSchema(value)), { numRuns: 300 });
  });
});
