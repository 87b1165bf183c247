import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalIsoMs, isoTimeOf } from '../../src/memory/iso-time.js';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

describe('isoTimeOf and canonicalIsoMs (canonical times without a Date or Date.parse)', () => {
  it('equals new Date(Date.parse(text)).toISOString() for every parsable time, canonical-looking or not (property)', () => {
    const canonical = fc
      .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 999 }))
      .map(([y, mo, d, h, mi, s, ms]) => `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(ms, 3)}Z`);
    const other = fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString().replace('.000Z', 'Z')), fc.constantFrom('2026-03-01', '2026-03-01T10:00:00+02:00', '2024-02-29T23:59:59.999Z', '2026-02-29T00:00:00.000Z', '2026-01-01T24:00:00.000Z'));
    fc.assert(
      fc.property(fc.oneof(canonical, other), (text) => {
        const ms = Date.parse(text);
        const fast = canonicalIsoMs(text);
        // The fast reader answers only for times toISOString would write as they are, and then as Date.parse does.
        if (Number.isFinite(fast)) expect([fast, new Date(fast).toISOString()]).toEqual([ms, text]);
        if (!Number.isFinite(ms)) return;
        expect(isoTimeOf(text, ms)).toBe(new Date(ms).toISOString());
        // Every canonical time from year 100 on takes the fast way.
        if (text === new Date(ms).toISOString() && /^\d{4}-/.test(text) && Number(text.slice(0, 4)) >= 100) expect(fast).toBe(ms);
      }),
      { numRuns: 20000 },
    );
  });
});
