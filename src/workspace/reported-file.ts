import path from 'node:path';
import { readTextFile } from './read-file.js';
import { writeFileAtomic } from './write-file.js';

/** The findings the last `audit` reported, so the next digest can say which are new. Kept next to the ledger. */
export interface ReportedState {
  version: 1;
  /** When that audit started. */
  at: string;
  promptSetHash: string | null;
  /** Sorted, unique. */
  fingerprints: string[];
}

export interface ReportedRead {
  state?: ReportedState;
  /** Set when the file exists but cannot be used; the run goes on as if it were the first audit. */
  notice?: string;
}

const MAX_BYTES = 64 * 1024 * 1024;

export function reportedPath(stateDir: string): string {
  return path.join(stateDir, 'reported.json');
}

/** Reads the state; a missing file is the first audit, a corrupt one is said in a notice and otherwise ignored. */
export async function readReported(file: string): Promise<ReportedRead> {
  const read = await readTextFile(file, MAX_BYTES);
  if (read.text === undefined) {
    if (read.problems.some((p) => p.code === 'not-found')) return {};
    return { notice: `${file} could not be read (${read.problems.map((p) => p.code).join(', ') || 'unknown problem'}); every finding counts as new this time.` };
  }
  let value: unknown;
  try {
    value = JSON.parse(read.text);
  } catch {
    value = undefined;
  }
  const state = asState(value);
  return state ? { state } : { notice: `${file} is corrupt; every finding counts as new this time, and the file is rewritten after this audit.` };
}

function asState(value: unknown): ReportedState | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  if (v.version !== 1 || typeof v.at !== 'string' || !Array.isArray(v.fingerprints)) return undefined;
  if (!v.fingerprints.every((f): f is string => typeof f === 'string')) return undefined;
  const promptSetHash = typeof v.promptSetHash === 'string' ? v.promptSetHash : null;
  return { version: 1, at: v.at, promptSetHash, fingerprints: v.fingerprints };
}

/** Replaces the state atomically (temp file + fsync + rename): a crash leaves the old state or the new one. */
export async function writeReported(file: string, state: ReportedState): Promise<void> {
  const fingerprints = [...new Set(state.fingerprints)].sort();
  await writeFileAtomic(file, `${JSON.stringify({ ...state, fingerprints }, null, 2)}\n`);
}
