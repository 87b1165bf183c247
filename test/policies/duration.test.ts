import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shortDurationDays } from '../../src/policies/duration.js';

describe('shortDurationDays', () => {
  it.each([
    ['90d', 90],
    ['12w', 84],
    ['1y', 365],
    ['0d', 0],
  ])('%s is %d days', (text, days) => {
    expect(shortDurationDays(text)).toBe(days);
  });

  it.each(['', 'd', '7', ' 7d', '7d ', '-7d', '1.5d', '7D', '1y2w', '2m', '36h'])('%j is not a short duration', (text) => {
    expect(shortDurationDays(text)).toBeUndefined();
  });

  it('takes only the units it is given', () => {
    expect(shortDurationDays('1y', ['d', 'w'])).toBeUndefined();
    expect(shortDurationDays('2w', ['d', 'w'])).toBe(14);
  });

  it('is the number times the unit for every count', () => {
    fc.assert(
      fc.property(fc.nat(), fc.constantFrom(['d', 1] as const, ['w', 7] as const, ['y', 365] as const), (n, [unit, days]) => {
        expect(shortDurationDays(`${n}${unit}`)).toBe(n * days);
      }),
    );
  });
});
