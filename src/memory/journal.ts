import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { readTextFile } from '../workspace/read-file.js';
import { fsyncDir } from './fs-ops.js';

/**
 * The write-ahead journal (`<state-dir>/memory-journal.jsonl`): one line per step, fsynced before the step runs.
 * It holds paths and hashes, never memory content, so that any interrupted plan can be finished or rolled back.
 */
export type JournalEntry =
  | { op: 'begin'; at: string; planId: string; kind: 'prune' | 'forget' | 'restore'; of?: string }
  | { op: 'index'; at: string; planId: string; storeId: string; path: string; before: string; after: string; preimage: string }
  | { op: 'index-done'; at: string; planId: string; storeId: string }
  | { op: 'move'; at: string; planId: string; storeId: string; itemId: string; from: string; to: string; sha256: string }
  | { op: 'move-done'; at: string; planId: string; itemId: string }
  | { op: 'commit'; at: string; planId: string }
  | { op: 'rollback'; at: string; planId: string; problems: number }
  | { op: 'purge'; at: string; planId: string; storeId: string; relPath: string; sha256: string };

export function journalPath(stateDir: string): string {
  return path.join(stateDir, 'memory-journal.jsonl');
}

/** Appends one entry and fsyncs the file (and, on first creation, its folder) before returning. */
export async function appendJournal(stateDir: string, entry: JournalEntry): Promise<void> {
  const file = journalPath(stateDir);
  await fsp.mkdir(stateDir, { recursive: true });
  const created = !(await fsp.stat(file).catch(() => undefined));
  const handle = await fsp.open(file, 'a', 0o600);
  try {
    await handle.appendFile(`${JSON.stringify(entry)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  if (created) await fsyncDir(stateDir);
}

/** Every readable entry, oldest first; a torn last line (a crash mid-append) is skipped. */
export async function readJournal(stateDir: string): Promise<JournalEntry[]> {
  const read = await readTextFile(journalPath(stateDir), 256 * 1024 * 1024);
  if (read.text === undefined) return [];
  const entries: JournalEntry[] = [];
  for (const line of read.text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const value: unknown = JSON.parse(line);
      if (isJournalEntry(value)) entries.push(value);
    } catch {
      // A torn line: the step it announced never started.
    }
  }
  return entries;
}

/** The fields each step must have (strings), so that recovery never acts on a path or hash that is not there. */
const STEP_FIELDS: Readonly<Record<JournalEntry['op'], readonly string[]>> = {
  begin: ['at', 'planId', 'kind'],
  index: ['at', 'planId', 'storeId', 'path', 'before', 'after', 'preimage'],
  'index-done': ['at', 'planId', 'storeId'],
  move: ['at', 'planId', 'storeId', 'itemId', 'from', 'to', 'sha256'],
  'move-done': ['at', 'planId', 'itemId'],
  commit: ['at', 'planId'],
  rollback: ['at', 'planId'],
  purge: ['at', 'planId', 'storeId', 'relPath', 'sha256'],
};

/** A step as agentgov writes it; anything else (a hand edit, a torn or foreign line) is skipped. */
function isJournalEntry(value: unknown): value is JournalEntry {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entry = value as Record<string, unknown>;
  const fields = typeof entry.op === 'string' && Object.hasOwn(STEP_FIELDS, entry.op) ? STEP_FIELDS[entry.op as JournalEntry['op']] : undefined;
  return fields !== undefined && fields.every((f) => typeof entry[f] === 'string');
}

/** Plans that began and neither committed nor rolled back, with their steps in order. */
export function interruptedPlans(entries: readonly JournalEntry[]): { planId: string; steps: JournalEntry[] }[] {
  const open = new Map<string, JournalEntry[]>();
  for (const entry of entries) {
    if (entry.op === 'begin') open.set(entry.planId, [entry]);
    else if (entry.op === 'commit' || entry.op === 'rollback') open.delete(entry.planId);
    else open.get(entry.planId)?.push(entry);
  }
  return [...open].map(([planId, steps]) => ({ planId, steps }));
}
