import { isObject } from '../workspace/json-value.js';
import path from 'node:path';
import { readTextFile } from '../workspace/read-file.js';
import { writeFileAtomic } from '../workspace/write-file.js';
import type { ItemState } from './model.js';
import { compareKeys } from '../text-order.js';

/** agentgov's own memory bookkeeping: first seen, recalls, verifications, pins, importance. Never memory content. */
export interface MemoryLedger {
  version: 1;
  items: Record<string, LedgerItem>;
}

export interface LedgerItem extends ItemState {
  storeId: string;
  relPath: string;
}

const MAX_RECALL_DAYS = 64;
const MAX_BYTES = 64 * 1024 * 1024;

function memoryLedgerPath(stateDir: string): string {
  return path.join(stateDir, 'memory-ledger.json');
}

/** Reads the ledger; a missing file is empty, a corrupt one is empty plus a notice (never fatal). */
export async function readMemoryLedger(stateDir: string): Promise<{ ledger: MemoryLedger; notice?: string }> {
  const file = memoryLedgerPath(stateDir);
  const read = await readTextFile(file, MAX_BYTES);
  const empty: MemoryLedger = { version: 1, items: {} };
  if (read.text === undefined) {
    return read.problems.some((p) => p.code === 'not-found') ? { ledger: empty } : { ledger: empty, notice: `memory: cannot read the ledger ${file} (${read.problems.map((p) => p.code).join(', ')}); starting from an empty one.` };
  }
  try {
    const value = JSON.parse(read.text) as unknown;
    if (!isObject(value) || value.version !== 1 || !isObject(value.items)) throw new Error('not a memory ledger');
    const items: [string, LedgerItem][] = [];
    for (const [id, raw] of Object.entries(value.items)) {
      const item = ledgerItem(raw);
      if (item) items.push([id, item]);
    }
    // fromEntries defines properties: an id `__proto__` in the file is an id, not the object's prototype.
    return { ledger: { version: 1, items: Object.fromEntries(items) } };
  } catch {
    return { ledger: empty, notice: `memory: the ledger ${file} is corrupt; it was ignored (it is rewritten on the next change).` };
  }
}

export async function writeMemoryLedger(stateDir: string, ledger: MemoryLedger): Promise<void> {
  const sorted = Object.fromEntries(Object.entries(ledger.items).sort(compareKeys));
  await writeFileAtomic(memoryLedgerPath(stateDir), `${JSON.stringify({ version: 1, items: sorted }, null, 1)}\n`);
}

function ledgerItem(raw: unknown): LedgerItem | undefined {
  if (!isObject(raw) || typeof raw.storeId !== 'string' || typeof raw.relPath !== 'string') return undefined;
  const item: LedgerItem = {
    storeId: raw.storeId,
    relPath: raw.relPath,
    pinned: raw.pinned === true,
    recallDays: Array.isArray(raw.recallDays) ? raw.recallDays.filter((d): d is string => typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d)).slice(-MAX_RECALL_DAYS) : [],
  };
  for (const key of ['firstSeen', 'lastVerified', 'lastRecallAt'] as const) {
    const v = raw[key];
    if (typeof v === 'string' && Number.isFinite(Date.parse(v))) item[key] = v;
  }
  if (typeof raw.importance === 'number' && raw.importance >= 1 && raw.importance <= 10) item.importance = raw.importance;
  return item;
}

/** Adds recall days (distinct, sorted, the newest {@link MAX_RECALL_DAYS} kept) and moves `lastRecallAt` forward. */
export function mergeRecalls(state: ItemState, days: Iterable<string>, lastAt: string | undefined): void {
  state.recallDays = [...new Set([...state.recallDays, ...days])].sort().slice(-MAX_RECALL_DAYS);
  if (lastAt && (!state.lastRecallAt || Date.parse(lastAt) > Date.parse(state.lastRecallAt))) state.lastRecallAt = lastAt;
}

