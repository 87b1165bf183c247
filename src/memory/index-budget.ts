import path from 'node:path';
import type { IndexEntry, MemoryItem, MemoryStore } from './model.js';
import type { ItemDecision } from './plan.js';
import { itemAtPath } from './read-store.js';
import type { MemorySettings } from './settings.js';
import { compareText } from '../text-order.js';

/** The items an index line points at (undefined for a target that is no item of the store). */
function entryItems(store: Pick<MemoryStore, 'items'>, entry: IndexEntry): (MemoryItem | undefined)[] {
  return entry.targets.map((target) => itemAtPath(store, path.posix.normalize(target)));
}

/** Whether a line goes when the items in `gone` leave the index: it points at one of them and at no item that stays. */
export function lineGoes(store: Pick<MemoryStore, 'items'>, entry: IndexEntry, gone: ReadonlySet<string>): boolean {
  const items = entryItems(store, entry);
  return items.some((i) => i !== undefined && gone.has(i.id)) && items.every((i) => i === undefined || gone.has(i.id));
}

/**
 * The index-budget pass of reference memory-and-prompts §E.2: when `MEMORY.md`, without the lines of the items
 * being archived, is still over `indexTarget` (measured as Claude Code loads it: frontmatter and block comments
 * stripped), the items with the lowest scores lose their index lines — the files stay — until it fits. Pinned items
 * and items kept by name keep their lines. Sets `deindex` on the decisions chosen.
 */
export function deindexOverBudget(store: MemoryStore, decisions: readonly ItemDecision[], target: MemorySettings['indexTarget']): void {
  const index = store.index;
  if (!index || (index.totalLines <= target.lines && index.totalBytes <= target.bytes)) return;
  const gone = new Set(decisions.filter((d) => d.action === 'archive').map((d) => d.item.id));
  const removed = new Set<number>();
  let lines = index.totalLines;
  let bytes = index.totalBytes;
  const byLine = new Map(index.entries.map((e) => [e.line, e]));
  const drop = (entries: Iterable<IndexEntry>) => {
    for (const entry of entries) {
      if (removed.has(entry.line) || !lineGoes(store, entry, gone)) continue;
      removed.add(entry.line);
      lines--;
      bytes -= entry.bytes;
    }
  };
  drop(index.entries);
  const fits = () => lines <= target.lines && bytes <= target.bytes;
  if (fits()) return;
  const candidates = decisions
    .filter((d) => d.action !== 'archive' && d.item.indexLines.length > 0 && !d.keep.includes('pinned') && !d.keep.includes('name'))
    .sort((a, b) => a.score.r - b.score.r || compareText(a.item.relPath, b.item.relPath));
  const chosen: ItemDecision[] = [];
  for (const d of candidates) {
    if (fits()) break;
    gone.add(d.item.id);
    chosen.push(d);
    drop(d.item.indexLines.map((line) => byLine.get(line)).filter((e): e is IndexEntry => e !== undefined));
  }
  // An item whose lines all stay (each also points at an item that keeps its line) is not deindexed after all.
  for (const d of chosen) if (d.item.indexLines.some((line) => removed.has(line))) d.deindex = true;
}
