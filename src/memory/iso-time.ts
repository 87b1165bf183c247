const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * `new Date(ms).toISOString()` where `ms` is `Date.parse(text)` (finite), without building a Date when `text` already
 * is that string: memory files, the ledger and git carry canonical ISO times, and plans date tens of thousands of
 * them. Canonical-looking times that Date.parse rolls over (`T24:00`, 30 February) go the long way.
 */
export function isoTimeOf(text: string, ms: number): string {
  if (text.length === 24 && text.charCodeAt(23) === 90 /* Z */ && isCanonical(text)) {
    const year = num(text, 0, 4);
    const month = num(text, 5, 2);
    const day = num(text, 8, 2);
    const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    if (num(text, 11, 2) < 24 && month >= 1 && month <= 12 && day >= 1 && day <= (DAYS_IN_MONTH[month - 1] ?? 0) + (leap ? 1 : 0)) return text;
  }
  return new Date(ms).toISOString();
}

const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function isCanonical(text: string): boolean {
  return CANONICAL.test(text);
}

function num(text: string, start: number, length: number): number {
  let n = 0;
  for (let i = start; i < start + length; i++) n = n * 10 + (text.charCodeAt(i) - 48);
  return n;
}

/**
 * The epoch ms of a time written exactly as `toISOString` writes it (`2026-03-01T10:00:00.000Z`) and naming a real
 * instant, without a regular expression or Date.parse (Claude Code writes `modified` this way in every memory
 * file); NaN for anything else, which the caller parses the long way.
 */
export function canonicalIsoMs(text: string): number {
  if (text.length !== 24 || text.charCodeAt(23) !== 90 /* Z */) return Number.NaN;
  for (let i = 0; i < 23; i++) {
    const c = text.charCodeAt(i);
    const want = SEPARATORS[i];
    if (want === undefined ? c < 48 || c > 57 : c !== want) return Number.NaN;
  }
  const year = num(text, 0, 4);
  const month = num(text, 5, 2);
  const day = num(text, 8, 2);
  const hour = num(text, 11, 2);
  const minute = num(text, 14, 2);
  const second = num(text, 17, 2);
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  // Date.UTC reads years below 100 as 19xx: those take the long way too.
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > (DAYS_IN_MONTH[month - 1] ?? 0) + (leap ? 1 : 0) || hour > 23 || minute > 59 || second > 59) return Number.NaN;
  return daysFromCivil(year, month, day) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 + num(text, 20, 3);
}

/**
 * Days from 1970-01-01 to a proleptic Gregorian date (year ≥ 0, month 1–12), as Date.UTC counts them: integer
 * arithmetic (H. Hinnant's days_from_civil), no call into the runtime for each of tens of thousands of dates.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The fixed characters of `YYYY-MM-DDTHH:MM:SS.sss` by position (digits elsewhere). */
const SEPARATORS: (number | undefined)[] = [];
for (const [at, c] of [[4, '-'], [7, '-'], [10, 'T'], [13, ':'], [16, ':'], [19, '.']] as const) SEPARATORS[at] = c.charCodeAt(0);
