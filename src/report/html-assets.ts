import { createHash } from 'node:crypto';
import { once } from '../once.js';

/**
 * The HTML report's only style and script, inline. The Content-Security-Policy allows exactly these two by hash and
 * nothing else: no other script, style, font, image, frame or connection, so text from scanned files cannot run or
 * load anything even if an escaping bug let markup through.
 */

export const STYLE = `
:root { color-scheme: light dark; --fg: #1f2328; --bg: #ffffff; --muted: #59636e; --line: #d1d9e0; --error: #cf222e; --warning: #9a6700; --info: #0969da; --accent: #8250df; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --line: #3d444d; --error: #ff7b72; --warning: #d29922; --info: #58a6ff; --accent: #bc8cff; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1.5rem; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; padding-bottom: .25rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1rem; margin: 1.25rem 0 .5rem; }
.meta, .muted, footer { color: var(--muted); }
code, pre { font: 12.5px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
pre { padding: .75rem; border: 1px solid var(--line); border-radius: 6px; overflow-x: auto; white-space: pre; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem; border-bottom: 1px solid var(--line); overflow-wrap: break-word; }
th { white-space: nowrap; }
table.counts { width: auto; min-width: 28rem; }
#findings-table { table-layout: fixed; }
#findings-table th:nth-child(1) { width: 7.5rem; }
#findings-table th:nth-child(2) { width: 28%; }
#findings-table th:nth-child(3) { width: 20%; }
td code { overflow-wrap: anywhere; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: 600; }
.sev { white-space: nowrap; font-weight: 600; text-transform: uppercase; font-size: 11px; letter-spacing: .03em; }
.sev-error { color: var(--error); } .sev-warning { color: var(--warning); } .sev-info { color: var(--info); }
.new { color: var(--accent); font-weight: 600; font-size: 11px; margin-left: .35rem; }
.note { border-left: 3px solid var(--warning); padding: .25rem .75rem; margin: .5rem 0; }
.filters { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; margin: .5rem 0; }
.filters select { font: inherit; }
[hidden] { display: none !important; }
ol.top li { margin-bottom: .6rem; }
.fix { display: block; color: var(--muted); }
svg.chart { width: 100%; max-width: 760px; height: auto; }
svg.chart .axis { stroke: var(--line); }
svg.chart .grid { stroke: var(--line); stroke-dasharray: 2 3; }
svg.chart .series { fill: none; stroke: var(--accent); stroke-width: 2; }
svg.chart .point { fill: var(--bg); stroke: var(--accent); stroke-width: 2; }
svg.chart text { fill: var(--muted); font-size: 11px; }
`;

/** Filters the findings table by auditor, severity and newness; shows the filters only when it runs. */
export const SCRIPT = `
(() => {
  const table = document.getElementById('findings-table');
  const bar = document.getElementById('filters');
  if (!table || !bar) return;
  const auditor = document.getElementById('filter-auditor');
  const severity = document.getElementById('filter-severity');
  const fresh = document.getElementById('filter-new');
  const count = document.getElementById('filter-count');
  const rows = Array.from(table.tBodies[0].rows);
  const apply = () => {
    let shown = 0;
    for (const row of rows) {
      const visible = (!auditor.value || row.dataset.auditor === auditor.value)
        && (!severity.value || row.dataset.severity === severity.value)
        && (!fresh || !fresh.checked || row.dataset.new === '1');
      row.hidden = !visible;
      if (visible) shown++;
    }
    count.textContent = shown + ' of ' + rows.length + ' findings shown';
  };
  for (const control of [auditor, severity, fresh]) if (control) control.addEventListener('change', apply);
  bar.hidden = false;
  apply();
})();
`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * Everything else is refused: `default-src 'none'` covers images, fonts, frames, connections and objects. Hashed
 * when an HTML report is written, not at every start.
 */
export const contentSecurityPolicy = once(() =>
  ["default-src 'none'", `style-src ${sha256(STYLE)}`, `script-src ${sha256(SCRIPT)}`, "base-uri 'none'", "form-action 'none'"].join('; '),
);
