import { randomBytes } from 'node:crypto';
import type { MemoryPlan, ItemDecision, StorePlan } from '../memory/plan.js';
import { planFileOf, round } from '../memory/plan-file.js';

/** `memory list` / `memory plan` output: pure functions from a plan to text or JSON. */

export function memoryListJson(plan: MemoryPlan, notices: readonly string[]): string {
  return `${jsonWithEntryLines(
    {
      memoryVersion: 1,
      now: plan.createdAt,
      stores: plan.stores.map((s) => ({
        id: s.store.id,
        kind: s.store.kind,
        name: s.store.name,
        root: s.store.displayRoot,
        origin: s.store.origin,
        exists: s.store.exists,
        digest: s.digest,
        index: s.store.index ? { lines: s.store.index.entries.length, bytes: s.store.index.bytes, loadedLines: s.store.index.loadedLines, loadedBytes: s.store.index.loadedBytes, firstUnloadedLine: s.store.index.firstUnloadedLine ?? null } : null,
        items: s.decisions.map(itemJson),
      })),
      notices,
    },
    ['items'],
  )}\n`;
}

function itemJson(d: ItemDecision) {
  const { item, score } = d;
  return {
    id: item.id,
    path: item.relPath,
    type: item.type,
    name: item.name ?? null,
    modified: item.modified,
    modifiedSource: item.modifiedSource,
    anchor: score.anchor ?? null,
    anchorSource: score.anchorSource,
    ageDays: round(score.deltaDays),
    r: round(score.r),
    halfLifeDays: score.halfLifeDays,
    effectiveHalfLifeDays: round(score.effectiveHalfLifeDays),
    recallDays: score.recallDays,
    indexed: item.indexLines.length > 0,
    deindex: d.deindex,
    expires: item.expires ?? null,
    action: d.action,
    keep: d.keep,
    archive: d.archive,
  };
}

export function memoryListText(plan: MemoryPlan, notices: readonly string[]): string {
  const out: string[] = [];
  for (const s of plan.stores) {
    out.push(storeHeader(s));
    if (s.decisions.length === 0) out.push('  (no memory items)');
    for (const d of s.decisions) out.push(`  ${row(d)}`);
    out.push('');
  }
  if (plan.stores.length === 0) out.push('No memory stores found.', '');
  for (const n of notices) out.push(n);
  return `${out.join('\n').trimEnd()}\n`;
}

export function memoryPlanText(plan: MemoryPlan, notices: readonly string[], outFile?: string): string {
  const out: string[] = [`Memory plan ${plan.planId} (dry run: nothing was changed)`, ''];
  let archive = 0;
  for (const s of plan.stores) {
    const acted = s.decisions.filter((d) => d.action === 'archive' || d.action === 'flag' || d.deindex || (d.action === 'keep' && d.archive.length > 0));
    if (acted.length === 0) continue;
    out.push(storeHeader(s));
    for (const d of acted) out.push(`  ${row(d)}`);
    if (s.deindexCount > 0) out.push(`  MEMORY.md is over its target size (memory.index.target): ${s.deindexCount} item(s) marked "deindex" lose their index lines, their files stay`);
    if (s.overFraction) out.push(`  ! archives ${s.archiveCount} of ${s.store.items.length} items (${Math.round(s.archiveFraction * 100)}%): over memory.safety.maxArchiveFraction, so --force is needed`);
    archive += s.archiveCount;
    out.push('');
  }
  const deindex = plan.stores.reduce((n, s) => n + s.deindexCount, 0);
  const apply = `Apply with: agentgov memory prune --apply${outFile ? ` --plan ${outFile}` : ''}`;
  if (archive === 0 && deindex === 0) out.push('Nothing to archive.');
  else out.push(`${archive} item(s) to archive (moved to the state dir, restorable)${deindex > 0 ? `, ${deindex} to drop from MEMORY.md (files kept)` : ''}. ${apply}`);
  for (const n of notices) out.push(n);
  return `${out.join('\n')}\n`;
}

export function memoryPlanJson(plan: MemoryPlan): string {
  return `${jsonWithEntryLines(planFileOf(plan), ['archive', 'deindex', 'flag'])}\n`;
}

/**
 * JSON indented by 2, except that each entry of the arrays under `keys` takes one line: a store's tens of thousands
 * of items stay readable and diffable, in a third of the bytes and of the time.
 */
function jsonWithEntryLines(value: unknown, keys: readonly string[]): string {
  const lists: unknown[][] = [];
  const listed = new Set(keys);
  // Each list is first written as a placeholder string no data can hold (a random tag), then replaced by its entries
  // at the placeholder's indentation (see entryLines): one placeholder per list, not one per entry.
  const tag = `agentgov-entry-${randomBytes(8).toString('hex')}-`;
  const placed = JSON.stringify(value, (key, v: unknown) => (listed.has(key) && Array.isArray(v) && v.length > 0 ? `${tag}${lists.push(v) - 1}` : v), 2);
  return placed.replace(new RegExp(`"${tag}(\\d+)"`, 'g'), (_, n: string, at: number) => {
    const lineStart = placed.lastIndexOf('\n', at) + 1;
    let indent = lineStart;
    while (placed.charCodeAt(indent) === 32) indent++;
    return entryLines(lists[Number(n)] ?? [], placed.slice(lineStart, indent));
  });
}

/**
 * A non-empty list as `[`, one entry per line indented below `outer`, `]`. The entries (flat records that start with an
 * `id`, as every caller writes them) are written by one JSON.stringify of the whole list, then cut where one ends and
 * the next begins: `},{"id":` occurs nowhere else (inside a JSON string every `"` is escaped, and no value closes a
 * string right before `id":`). Should the count of cuts ever differ from the entries', each is written on its own.
 */
function entryLines(list: readonly unknown[], outer: string): string {
  const inner = `\n${outer}  `;
  const whole = JSON.stringify(list);
  // Each cut adds the indentation (`},{"id":` becomes `},` newline indentation `{"id":`): the lengths count the cuts.
  const cut = whole.replaceAll(ENTRY_BOUNDARY, `},${inner}{"id":`);
  if ((cut.length - whole.length) / inner.length === list.length - 1 && whole.startsWith('[{"id":') && whole.endsWith('}]')) return `[${inner}${cut.slice(1, -1)}\n${outer}]`;
  let out = `[${inner}`;
  for (let i = 0; i < list.length; i++) out += (i === 0 ? '' : `,${inner}`) + (JSON.stringify(list[i]) ?? 'null');
  return `${out}\n${outer}]`;
}

const ENTRY_BOUNDARY = '},{"id":';

function storeHeader(s: StorePlan): string {
  const index = s.store.index ? `, MEMORY.md ${s.store.index.loadedLines} lines / ${s.store.index.loadedBytes} bytes loaded` : '';
  return `${s.store.name}  ${s.store.displayRoot}  [${s.store.id}] (${s.store.items.length} item(s)${index}${s.store.exists ? '' : ', folder not found'})`;
}

function row(d: ItemDecision): string {
  const why = d.action === 'archive' ? d.archive.join(',') : d.action === 'keep' ? `${d.keep.join(',')}${d.archive.length ? ` (over: ${d.archive.join(',')})` : ''}` : d.action === 'flag' ? 'stale: verify or forget' : d.keep.join(',');
  return [(d.deindex ? `${d.action}+deindex` : d.action).padEnd(7), `R=${d.score.r.toFixed(2)}`, `${Math.floor(d.score.deltaDays)}d`.padStart(5), d.item.type.padEnd(9), d.item.id, d.item.relPath, why].join('  ').trimEnd();
}
