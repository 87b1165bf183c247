import { esc } from './html-escape.js';
import type { WeeklyDigest } from './weekly-types.js';

const W = 760;
const H = 240;
const M = { top: 16, right: 24, bottom: 36, left: 48 };

const round = (n: number) => Math.round(n * 10) / 10;
/** Past this many commits the points would cover the line: the steps alone show the trend. */
const MAX_CHART_POINTS = 60;

/**
 * The permissiveness index over the window as an inline SVG step chart: the value at the start, a step at each commit
 * (a point with the commit in its tooltip, up to MAX_CHART_POINTS commits), flat to the end of the window. No script,
 * no external resource.
 */
export function indexChart(window: NonNullable<WeeklyDigest['window']>, index: NonNullable<WeeklyDigest['index']>): string {
  const t0 = Date.parse(window.since);
  const t1 = Math.max(Date.parse(window.until), t0 + 1);
  const values = index.series.map((p) => p.index);
  const top = niceMax(Math.max(...values, 1));
  const x = (iso: string) => round(M.left + ((Math.min(Math.max(Date.parse(iso), t0), t1) - t0) / (t1 - t0)) * (W - M.left - M.right));
  const y = (v: number) => round(H - M.bottom - (Math.max(v, 0) / top) * (H - M.top - M.bottom));
  const [first, ...rest] = index.series;
  let d = `M${M.left} ${y(first?.index ?? index.start)}`;
  for (const p of rest) d += ` H${x(p.at)} V${y(p.index)}`;
  d += ` H${W - M.right}`;
  const ticks = [0, top / 2, top].map((v) => `<line class="grid" x1="${M.left}" x2="${W - M.right}" y1="${y(v)}" y2="${y(v)}"/><text x="${M.left - 6}" y="${y(v) + 4}" text-anchor="end">${round(v)}</text>`);
  const points = (rest.length > MAX_CHART_POINTS ? [] : rest).map((p) => `<circle class="point" cx="${x(p.at)}" cy="${y(p.index)}" r="4"><title>${esc(`${p.at.slice(0, 10)} ${p.sha?.slice(0, 12) ?? ''} ${p.subject ?? ''}: index ${p.index}`)}</title></circle>`);
  const label = `Permissiveness index from ${index.start} to ${index.end} between ${window.since.slice(0, 10)} and ${window.until.slice(0, 10)}, ${rest.length} commit${rest.length === 1 ? '' : 's'}`;
  return [
    `<svg class="chart" id="index-chart" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="index-chart-title">`,
    `<title id="index-chart-title">${esc(label)}</title>`,
    ...ticks,
    `<line class="axis" x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}"/>`,
    `<text x="${M.left}" y="${H - 12}">${esc(window.since.slice(0, 10))}</text>`,
    `<text x="${W - M.right}" y="${H - 12}" text-anchor="end">${esc(window.until.slice(0, 10))}</text>`,
    `<path class="series" d="${d}"/>`,
    ...points,
    '</svg>',
  ].join('\n');
}

/** A round upper bound for the axis: 1, 2 or 5 times a power of ten, at least 10% above the highest value. */
function niceMax(v: number): number {
  const target = v * 1.1;
  const power = 10 ** Math.floor(Math.log10(target));
  for (const step of [1, 2, 5, 10]) if (step * power >= target) return step * power;
  return 10 * power;
}
