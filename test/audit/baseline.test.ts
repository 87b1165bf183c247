import { describe, expect, it } from 'vitest';
import { applyBaseline, buildBaseline, type Baseline } from '../../src/audit/baseline.js';
import type { Finding } from '../../src/audit/types.js';

const finding = (fingerprint: string, ruleId = 'config/invalid-json', file = 'a.json'): Finding => ({
  ruleId,
  severity: 'error',
  messageId: 'm',
  message: 'm',
  data: {},
  location: { file, line: 1, column: 1, endLine: 1, endColumn: 1, pointer: null },
  fingerprint,
});
const now = new Date('2026-11-21T10:00:00Z');

describe('baseline', () => {
  it('hides accepted findings and counts them', () => {
    const baseline: Baseline = { version: 1, findings: [{ fingerprint: 'a', ruleId: 'config/invalid-json', file: 'a.json', reason: 'known' }] };
    const out = applyBaseline([finding('a'), finding('b')], baseline, now);
    expect(out.visible.map((f) => f.fingerprint)).toEqual(['b']);
    expect(out).toMatchObject({ baselined: 1, expired: 0, unused: 0 });
  });

  it('brings back findings whose acceptance expired (the expiry day itself still counts)', () => {
    const baseline: Baseline = {
      version: 1,
      findings: [
        { fingerprint: 'a', ruleId: 'config/invalid-json', file: 'a.json', reason: 'r', expires: '2026-11-20' },
        { fingerprint: 'b', ruleId: 'config/invalid-json', file: 'a.json', reason: 'r', expires: '2026-11-21' },
        { fingerprint: 'gone', ruleId: 'config/invalid-json', file: 'a.json', reason: 'r' },
      ],
    };
    const out = applyBaseline([finding('a'), finding('b')], baseline, now);
    expect(out.visible.map((f) => f.fingerprint)).toEqual(['a']);
    expect(out).toMatchObject({ baselined: 1, expired: 1, unused: 1 });
  });

  it('does not hide a finding of another rule with the same fingerprint', () => {
    const baseline: Baseline = { version: 1, findings: [{ fingerprint: 'a', ruleId: 'config/wrong-type', file: 'a.json', reason: 'r' }] };
    expect(applyBaseline([finding('a')], baseline, now).visible).toHaveLength(1);
  });

  it('sorts entries in code unit order, whatever the locale (a baseline is committed; two machines must write the same file)', () => {
    const files = ['ä.json', 'z.json', 'B.json', 'a.json', '_x.json'];
    const built = buildBaseline(files.map((file, i) => finding(String(i), 'config/invalid-json', file)), undefined, { reason: 'r', now });
    // localeCompare gives a, ä, B, z under en-US and a, B, z, ä under sv-SE; code units give B, _, a, z, ä.
    expect(built.findings.map((e) => e.file)).toEqual(['B.json', '_x.json', 'a.json', 'z.json', 'ä.json']);
  });

  it('builds a sorted baseline that keeps the reasons of unexpired entries', () => {
    const previous: Baseline = {
      version: 1,
      findings: [
        { fingerprint: 'a', ruleId: 'config/invalid-json', file: 'a.json', reason: 'old reason' },
        { fingerprint: 'b', ruleId: 'config/invalid-json', file: 'a.json', reason: 'expired', expires: '2026-01-01' },
        { fingerprint: 'fixed', ruleId: 'config/invalid-json', file: 'a.json', reason: 'x' },
      ],
    };
    const built = buildBaseline([finding('c', 'config/wrong-type', 'b.json'), finding('b'), finding('a')], previous, { reason: 'new', expires: '2027-01-01', now });
    expect(built).toEqual({
      version: 1,
      findings: [
        { fingerprint: 'a', ruleId: 'config/invalid-json', file: 'a.json', reason: 'old reason' },
        { fingerprint: 'b', ruleId: 'config/invalid-json', file: 'a.json', reason: 'new', expires: '2027-01-01' },
        { fingerprint: 'c', ruleId: 'config/wrong-type', file: 'b.json', reason: 'new', expires: '2027-01-01' },
      ],
    });
  });
});
