import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ItemState, LoadedMemory, MemoryItem, MemoryStore } from '../../src/memory/model.js';
import { planMemory } from '../../src/memory/plan.js';
import { retentionScore } from '../../src/memory/score.js';
import { MEMORY_TYPES, memorySettings, type MemoryType } from '../../src/memory/settings.js';
import { daysAgo, NOW } from '../helpers/memory.js';

const defaults = memorySettings({ sections: {} });
/** The reference's worked examples are for importance 5 (a factor of 1.0) whatever the type. */
const importance5 = memorySettings({ sections: { memory: { importance: { user: 5, feedback: 5, project: 5, reference: 5, unknown: 5 } } } });
const state = (o: Partial<ItemState> = {}): ItemState => ({ recallDays: [], pinned: false, ...o });
const r = (type: MemoryType, age: number, s?: ItemState) => retentionScore({ type, modified: daysAgo(age) }, s, importance5, NOW).r;

describe('retention score R = 2^(−Δ/H_eff)', () => {
  it('has the defaults of reference §E.2–E.3: half-lives, importance by type, β, cap, thresholds, keep rules', () => {
    expect(defaults).toMatchObject({
      halfLifeDays: { project: 30, reference: 90, feedback: 180, user: 365, unknown: 60 },
      importance: { user: 7, feedback: 6, project: 5, reference: 4, unknown: 5 },
      beta: 0.5,
      maxMultiplier: 4,
      flagBelow: 0.5,
      archiveBelow: 0.25,
      keep: { pinned: true, withinDays: 14, last: 10, types: ['user'], names: [] },
      index: { lines: 200, bytes: 25_000 },
      maxArchiveFraction: 0.5,
    });
    // With the default importance, a type's half-life is stretched by 0.5 + importance/10.
    const half = (type: MemoryType) => retentionScore({ type, modified: daysAgo(10) }, undefined, defaults, NOW).effectiveHalfLifeDays;
    expect([half('user'), half('feedback'), half('project'), half('reference'), half('unknown')].map((d) => Number(d.toFixed(6)))).toEqual([438, 198, 30, 81, 60]);
    expect(retentionScore({ type: 'feedback', modified: daysAgo(198) }, undefined, defaults, NOW).r).toBeCloseTo(0.5, 10);
    expect(retentionScore({ type: 'reference', modified: daysAgo(162) }, undefined, defaults, NOW).r).toBeCloseTo(0.25, 10);
  });

  it('matches the worked examples of reference §E.2 (no recalls, importance 5)', () => {
    const table: [MemoryType, number[]][] = [
      ['project', [0.85, 0.5, 0.13, 0.02, 0]],
      ['reference', [0.95, 0.79, 0.5, 0.25, 0.06]],
      ['feedback', [0.97, 0.89, 0.71, 0.5, 0.25]],
    ];
    for (const [type, expected] of table) {
      expect([7, 30, 90, 180, 365].map((age) => Number(r(type, age).toFixed(2)))).toEqual(expected);
    }
    expect(r('user', 365)).toBeCloseTo(0.5, 10);
    expect(r('unknown', 60)).toBeCloseTo(0.5, 10);
  });

  it('counts Δ from the latest of modified, verified and recalled', () => {
    const verified = retentionScore({ type: 'project', modified: daysAgo(300) }, state({ lastVerified: daysAgo(30) }), defaults, NOW);
    expect(verified.anchorSource).toBe('verified');
    expect(verified.r).toBeCloseTo(0.5, 10);
    const recalled = retentionScore({ type: 'project', modified: daysAgo(300) }, state({ lastVerified: daysAgo(90), lastRecallAt: daysAgo(60), recallDays: ['2026-09-22'] }), defaults, NOW);
    expect(recalled.anchorSource).toBe('recalled');
    expect(recalled.deltaDays).toBeCloseTo(60, 6);
  });

  it('stretches the half-life by 1 + β·ln(1 + distinct recall days), capped at 4×', () => {
    const days = (n: number) => Array.from({ length: n }, (_, i) => `2026-01-${String(i + 1).padStart(2, '0')}`);
    const ten = retentionScore({ type: 'project', modified: daysAgo(132) }, state({ recallDays: days(10) }), importance5, NOW);
    expect(ten.reinforcement).toBeCloseTo(1 + 0.5 * Math.log(11), 10);
    expect(ten.effectiveHalfLifeDays).toBeCloseTo(30 * (1 + 0.5 * Math.log(11)), 10);
    // Reference: a project memory recalled on 10 days is an archive candidate only after ≈ 132 idle days.
    expect(ten.r).toBeCloseTo(0.25, 1);
    const capped = memorySettings({ sections: { memory: { reinforcement: { beta: 10 } } } });
    expect(retentionScore({ type: 'project', modified: daysAgo(1) }, state({ recallDays: days(30) }), capped, NOW).reinforcement).toBe(4);
  });

  it('applies importance (0.5 + importance/10) from the ledger or the policy', () => {
    expect(retentionScore({ type: 'project', modified: daysAgo(45) }, state({ importance: 10 }), defaults, NOW).r).toBeCloseTo(0.5, 10);
    const policy = memorySettings({ sections: { memory: { importance: { project: 10 } } } });
    expect(retentionScore({ type: 'project', modified: daysAgo(45) }, state(), policy, NOW).r).toBeCloseTo(0.5, 10);
  });

  it('treats future and unparsable dates as now (never a candidate)', () => {
    expect(retentionScore({ type: 'project', modified: '2099-01-01T00:00:00Z' }, undefined, defaults, NOW).r).toBe(1);
    const bad = retentionScore({ type: 'project', modified: 'not a date' }, state({ lastVerified: 'nope' }), defaults, NOW);
    expect(bad).toMatchObject({ r: 1, deltaDays: 0, anchorSource: 'none' });
  });
});

const item = (relPath: string, type: MemoryType, modified: string): MemoryItem => ({
  id: `mem:${relPath}`,
  storeId: 's',
  relPath,
  type,
  shape: 'top-level-type',
  sha256: '0'.repeat(64),
  bytes: 1,
  modified,
  modifiedSource: 'frontmatter',
  modifiedMs: Date.parse(modified),
  indexLines: [],
});

describe('scoring and planning never throw (property)', () => {
  const anyDate = fc.oneof(fc.date({ noInvalidDate: false }).map((d) => (Number.isNaN(d.getTime()) ? 'garbage' : d.toISOString())), fc.string());
  const anyNumber = fc.oneof(fc.double(), fc.integer(), fc.constant(Number.NaN), fc.constant(Infinity));
  it('returns R in [0, 1] for any dates, recalls and settings', () => {
    fc.assert(
      fc.property(fc.constantFrom(...MEMORY_TYPES), anyDate, anyDate, fc.array(fc.string(), { maxLength: 80 }), anyNumber, anyNumber, anyNumber, (type, modified, verified, days, importance, beta, half) => {
        const settings = { ...defaults, beta, halfLifeDays: { ...defaults.halfLifeDays, [type]: half } };
        const score = retentionScore({ type, modified }, state({ lastVerified: verified, recallDays: days, importance }), settings, NOW);
        expect(score.r).toBeGreaterThanOrEqual(0);
        expect(score.r).toBeLessThanOrEqual(1);
        expect(Number.isNaN(score.deltaDays)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('plans any store: every item gets exactly one action, kept items are never archived', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...MEMORY_TYPES), anyDate, fc.boolean(), fc.option(fc.string(), { nil: undefined })), { maxLength: 30 }),
        fc.record({ last: fc.nat(5), maxItems: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }), maxAgeDays: fc.option(fc.integer({ min: 1, max: 400 }), { nil: undefined }) }),
        (specs, limits) => {
          const items = specs.map(([type, modified, , expires], i) => ({ ...item(`f${i}.md`, type, modified), ...(expires !== undefined ? { expires } : {}) }));
          const store: MemoryStore = { id: 's', kind: 'claude-auto', name: 'auto', root: '/x', givenRoot: '/x', displayRoot: '/x', origin: 't', exists: true, items, skipped: [] };
          const memory: LoadedMemory = { stores: [store], state: new Map(specs.map(([, , pinned], i) => [`mem:f${i}.md`, state({ pinned })])), notices: [], now: NOW, transcriptDirs: [] };
          const settings = { ...defaults, keep: { ...defaults.keep, last: limits.last }, ...(limits.maxItems ? { maxItems: limits.maxItems } : {}), ...(limits.maxAgeDays ? { maxAgeDays: limits.maxAgeDays } : {}) };
          const plan = planMemory(memory, settings);
          const decisions = plan.stores[0]?.decisions ?? [];
          expect(decisions).toHaveLength(items.length);
          for (const d of decisions) if (d.keep.length > 0) expect(d.action).not.toBe('archive');
        },
      ),
      { numRuns: 200 },
    );
  });
});
