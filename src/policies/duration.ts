/** Days per unit of the short durations agentgov's options take (`--expires 90d`, `--window 2w`); a year is 365 days. */
const UNIT_DAYS = { d: 1, w: 7, y: 365 } as const;

export type DurationUnit = keyof typeof UNIT_DAYS;

/**
 * `90d`, `12w`, `1y` → days, when the unit is one of `units`; undefined otherwise (no spaces, sign, fraction or
 * compound `1y2w`). Memory's restic-style `durationDays` (src/memory/settings.ts) takes more and is not this.
 */
export function shortDurationDays(text: string, units: readonly DurationUnit[] = ['d', 'w', 'y']): number | undefined {
  const m = /^(\d+)([dwy])$/.exec(text);
  const unit = m?.[2] as DurationUnit | undefined;
  return m && unit && units.includes(unit) ? Number(m[1]) * UNIT_DAYS[unit] : undefined;
}
