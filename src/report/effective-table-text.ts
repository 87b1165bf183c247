import { Chalk } from 'chalk';
import type { EffectiveTable, EffectiveTableRow } from '../policies/effective/effective-table.js';

export interface EffectiveTableTextOptions {
  color: boolean;
  /** Where `defaultMode` was set, or null when no settings file sets it (Claude Code's default). */
  defaultModeSource: { file: string; line: number | null } | null;
}

const HEADER = ['list', 'rule', 'scope', 'file:line', 'effective / reason'] as const;

/**
 * `permissions effective` as text: a `defaultMode:` line, then one aligned row per rule (list, rule, scope,
 * file:line, `yes` or `no: <reason>`), then a count. Pure: the same table always gives the same text.
 */
export function renderEffectiveTableText(table: EffectiveTable, options: EffectiveTableTextOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const from = options.defaultModeSource ? `from ${options.defaultModeSource.file}` : 'default';
  const out = [`defaultMode: ${table.defaultMode} (${from})`, ''];
  if (table.rules.length === 0) {
    out.push('no permission rules in any scope');
    return `${out.join('\n')}\n`;
  }
  const cells = table.rules.map((r) => [r.list, r.raw, r.scope, location(r), r.effective ? 'yes' : `no: ${r.reason ?? 'never applies'}`]);
  const widths = HEADER.map((h, i) => Math.max(h.length, ...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: readonly string[], paint: (s: string, i: number) => string) =>
    row
      .map((cell, i) => (i === row.length - 1 ? paint(cell, i) : paint(cell.padEnd(widths[i] ?? 0), i)))
      .join('  ')
      .trimEnd();
  out.push(line(HEADER, (s) => c.bold(s)));
  table.rules.forEach((rule, n) => {
    const row = cells[n] ?? [];
    out.push(line(row, (s, i) => (!rule.effective ? c.dim(s) : i === 0 ? listColour(c, rule.list)(s) : i === 3 ? c.dim(s) : s)));
  });
  const dead = table.rules.filter((r) => !r.effective).length;
  out.push('', `${table.rules.length} rule${table.rules.length === 1 ? '' : 's'}, ${dead} never appl${dead === 1 ? 'ies' : 'y'}`);
  return `${out.join('\n')}\n`;
}

function location(r: EffectiveTableRow): string {
  return r.line === null ? r.file : `${r.file}:${r.line}`;
}

function listColour(c: InstanceType<typeof Chalk>, list: EffectiveTableRow['list']): (s: string) => string {
  return list === 'deny' ? c.red : list === 'ask' ? c.yellow : c.green;
}
