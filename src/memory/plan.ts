import { minimatch } from 'minimatch';
import { h1Of } from '../lock/hashes.js';
import { deindexOverBudget } from './index-budget.js';
import { sha256Hex } from '../workspace/hash.js';
import type { ItemState, LoadedMemory, MemoryItem, MemoryStore } from './model.js';
import { retentionScore, type RetentionScore } from './score.js';
import type { MemorySettings } from './settings.js';
import { compareText } from '../text-order.js';

export type KeepReason = 'pinned' | 'within' | 'type' | 'last' | 'name';
export type ArchiveReason = 'expired' | 'decayed' | 'max-age' | 'max-items';
/** `archive`: will be archived; `keep`: an archive reason was overruled by a keep rule; `flag`: stale; `ok`: fresh. */
export type ItemAction = 'archive' | 'keep' | 'flag' | 'ok';

export interface ItemDecision {
  item: MemoryItem;
  score: RetentionScore;
  action: ItemAction;
  keep: readonly KeepReason[];
  archive: readonly ArchiveReason[];
  /** `expires:` is in the past (inclusive UTC day). */
  expired: boolean;
  /** The item keeps its file but loses its MEMORY.md lines: the index is over its target size (see index-budget.ts). */
  deindex: boolean;
}

export interface StorePlan {
  store: MemoryStore;
  /** go.sum-style `h1:` digest of the store (`h1Of`: `sha256  relPath` lines in the paths' UTF-8 byte order, index included). */
  digest: string;
  /** Sorted: archive first, then by score ascending, then path. */
  decisions: ItemDecision[];
  archiveCount: number;
  /** Items whose index lines are dropped (the index is over its target). */
  deindexCount: number;
  /** Archived items / items; over `maxArchiveFraction` the executor needs --force. */
  archiveFraction: number;
  overFraction: boolean;
}

export interface MemoryPlan {
  planId: string;
  createdAt: string;
  stores: StorePlan[];
}

const DAY_MS = 86_400_000;

/** Scores every item and decides, per store, what a prune would do and why. Pure and total: never throws. */
export function planMemory(memory: LoadedMemory, settings: MemorySettings): MemoryPlan {
  const stores = memory.stores.map((store) => planStore(store, memory.state, settings, memory.now));
  const createdAt = memory.now.toISOString();
  const seed = sha256Hex(`${createdAt}${stores.map((s) => `${s.store.id}${s.digest}`).join('\n')}`);
  return { planId: `${createdAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${seed.slice(0, 6)}`, createdAt, stores };
}

function planStore(store: MemoryStore, state: Map<string, ItemState>, settings: MemorySettings, now: Date): StorePlan {
  const decisions = store.items.map((item) => decide(item, state.get(item.id), settings, now));
  if (settings.keep.last > 0) for (const d of newest(decisions, settings.keep.last)) d.keep = [...d.keep, 'last'];
  if (settings.maxItems !== undefined) {
    let remaining = decisions.filter((d) => d.archive.length === 0 || d.keep.length > 0).length;
    const candidates = decisions.filter((d) => d.archive.length === 0 && d.keep.length === 0).sort((a, b) => a.score.r - b.score.r || anchorMs(a) - anchorMs(b) || compareText(a.item.relPath, b.item.relPath));
    for (const d of candidates) {
      if (remaining <= settings.maxItems) break;
      d.archive = [...d.archive, 'max-items'];
      remaining--;
    }
  }
  for (const d of decisions) {
    if (d.archive.length > 0) d.action = d.keep.length > 0 ? 'keep' : 'archive';
    else d.action = d.score.r < settings.flagBelow && !d.keep.includes('pinned') ? 'flag' : d.keep.length > 0 ? 'keep' : 'ok';
  }
  deindexOverBudget(store, decisions, settings.indexTarget);
  sortDecisions(decisions);
  let archiveCount = 0;
  let deindexCount = 0;
  for (const d of decisions) {
    if (d.action === 'archive') archiveCount++;
    if (d.deindex) deindexCount++;
  }
  const archiveFraction = store.items.length === 0 ? 0 : archiveCount / store.items.length;
  return { store, digest: storeDigest(store), decisions, archiveCount, deindexCount, archiveFraction, overFraction: archiveCount > 0 && archiveFraction > settings.maxArchiveFraction };
}

const RANK: Record<ItemAction, number> = { archive: 0, flag: 1, keep: 2, ok: 3 };

/**
 * Archive first, then flag, keep, ok; by score ascending; then by path. One numeric key (rank × 2 + R, R in [0, 1]) per
 * decision. Decisions come in their items' order, which is path order for a store as read (readStore sorts it): then
 * ties (many: items written the same day) keep that order, and one native sort of numbers does it all.
 */
function sortDecisions(decisions: ItemDecision[]): void {
  const n = decisions.length;
  const keys = new Float64Array(n);
  let byPath = true;
  for (let i = 0; i < n; i++) {
    const d = decisions[i] as ItemDecision;
    keys[i] = RANK[d.action] * 2 + d.score.r;
    if (i > 0 && byPath && (decisions[i - 1] as ItemDecision).item.relPath > d.item.relPath) byPath = false;
  }
  let order: ArrayLike<number>;
  if (byPath && n <= INDEX_SLOTS) order = ascendingIndices(keys);
  else order = Array.from(keys, (_, i) => i).sort((a, b) => (keys[a] as number) - (keys[b] as number) || compareText((decisions[a] as ItemDecision).item.relPath, (decisions[b] as ItemDecision).item.relPath));
  const sorted = new Array<ItemDecision>(n);
  for (let i = 0; i < n; i++) sorted[i] = decisions[order[i] as number] as ItemDecision;
  for (let i = 0; i < n; i++) decisions[i] = sorted[i] as ItemDecision;
}

/** Room for the index in a packed sort key: at most 2^20 entries (a key's rank × this + its index stays below 2^53). */
const INDEX_SLOTS = 2 ** 20;

/**
 * The indices of `keys` (finite numbers) in ascending key order, equal keys in index order: each key is replaced by
 * its rank among the distinct keys and packed with its index into one number, so that a native sort without a
 * comparator does the work (a comparator called a million times cost more than the rest of the plan's sorting).
 */
function ascendingIndices(keys: Float64Array): Float64Array {
  const n = keys.length;
  const distinct = keys.slice().sort();
  let m = 0;
  for (let i = 0; i < n; i++) if (m === 0 || (distinct[i] as number) !== (distinct[m - 1] as number)) distinct[m++] = distinct[i] as number;
  const packed = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const key = keys[i] as number;
    let lo = 0;
    let hi = m - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((distinct[mid] as number) < key) lo = mid + 1;
      else hi = mid;
    }
    packed[i] = lo * INDEX_SLOTS + i;
  }
  packed.sort();
  for (let i = 0; i < n; i++) packed[i] = (packed[i] as number) % INDEX_SLOTS;
  return packed;
}

/** Most items have no keep reason, or no archive reason: one shared empty list instead of two arrays per item. */
const NONE: readonly never[] = Object.freeze([]);

function decide(item: MemoryItem, state: ItemState | undefined, settings: MemorySettings, now: Date): ItemDecision {
  const score = retentionScore(item, state, settings, now);
  const keep: KeepReason[] = [];
  if (settings.keep.pinned && state?.pinned) keep.push('pinned');
  if (score.anchor !== undefined && score.deltaDays < settings.keep.withinDays) keep.push('within');
  if (settings.keep.types.includes(item.type)) keep.push('type');
  if (settings.keep.names.length > 0 && settings.keep.names.some((glob) => matchesName(glob, item))) keep.push('name');
  const expired = item.expires !== undefined && isExpired(item.expires, now);
  const archive: ArchiveReason[] = [];
  if (expired) archive.push('expired');
  if (score.r < settings.archiveBelow) archive.push('decayed');
  if (settings.maxAgeDays !== undefined && score.deltaDays > settings.maxAgeDays) archive.push('max-age');
  return { item, score, action: 'ok', keep: keep.length > 0 ? keep : NONE, archive: archive.length > 0 ? archive : NONE, expired, deindex: false };
}

function matchesName(glob: string, item: MemoryItem): boolean {
  const base = item.relPath.slice(item.relPath.lastIndexOf('/') + 1);
  return [item.name, item.relPath, base].some((candidate) => candidate !== undefined && minimatch(candidate, glob, { dot: true, nocase: true }));
}

/** mem0 semantics: `expires: 2026-05-01` means the item is valid through that whole UTC day. */
export function isExpired(day: string, now: Date): boolean {
  const end = Date.parse(`${day}T00:00:00Z`) + DAY_MS;
  return Number.isFinite(end) && now.getTime() >= end;
}

/**
 * The `n` decisions with the newest anchors (ties: path order), newest first, without sorting the whole store: `n`
 * is small (restic's keep-last), stores can hold tens of thousands of items.
 */
function newest(decisions: readonly ItemDecision[], n: number): ItemDecision[] {
  const top: ItemDecision[] = [];
  const before = (a: ItemDecision, b: ItemDecision) => anchorMs(a) > anchorMs(b) || (anchorMs(a) === anchorMs(b) && a.item.relPath < b.item.relPath);
  for (const d of decisions) {
    if (top.length === n && !before(d, top[n - 1] as ItemDecision)) continue;
    let at = Math.min(top.length, n - 1);
    while (at > 0 && before(d, top[at - 1] as ItemDecision)) at--;
    top.splice(at, 0, d);
    if (top.length > n) top.pop();
  }
  return top;
}

/** The anchor time, with no anchor counted as the oldest. */
function anchorMs(d: ItemDecision): number {
  return Number.isFinite(d.score.anchorMs) ? d.score.anchorMs : 0;
}

/** The store's `h1:` digest (like go.sum's dirhash) over every item and the index: any byte or path change alters it. */
export function storeDigest(store: Pick<MemoryStore, 'items' | 'index'>): string {
  const files = store.index ? [...store.items, store.index] : store.items;
  return h1Of(files.map((f) => ({ name: f.relPath, sha256Hex: f.sha256 })));
}
