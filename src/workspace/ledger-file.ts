import { sha256Hex } from './hash.js';
import path from 'node:path';
import { readTextFile } from './read-file.js';
import { writeFileAtomic } from './write-file.js';

export interface LedgerRead {
  /** Parsed JSON values of the valid lines, oldest first. */
  entries: unknown[];
  /** 1-based numbers of lines that are not JSON objects (skipped, reported). */
  corrupt: number[];
}

const MAX_BYTES = 64 * 1024 * 1024;

/** `$XDG_STATE_HOME/agentgov/<repo-id>/` (else `~/.local/state/…`): one folder per audited root. */
export function defaultStateDir(root: string, env: Record<string, string | undefined>, home: string): string {
  const base = env.XDG_STATE_HOME && path.isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : path.join(home, '.local', 'state');
  const id = `${path.basename(root).replace(/[^A-Za-z0-9._-]/g, '_')}-${sha256Hex(root).slice(0, 12)}`;
  return path.join(base, 'agentgov', id);
}

export function ledgerPath(stateDir: string): string {
  return path.join(stateDir, 'ledger.jsonl');
}

/** Reads the ledger; a missing file is empty, a corrupt line is skipped and counted, never fatal. */
export async function readLedger(file: string): Promise<LedgerRead> {
  const read = await readTextFile(file, MAX_BYTES);
  if (read.text === undefined) return { entries: [], corrupt: read.problems.some((p) => p.code === 'not-found') ? [] : [0] };
  const entries: unknown[] = [];
  const corrupt: number[] = [];
  read.text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      const value: unknown = JSON.parse(line);
      if (value && typeof value === 'object' && !Array.isArray(value)) entries.push(value);
      else corrupt.push(i + 1);
    } catch {
      corrupt.push(i + 1);
    }
  });
  return { entries, corrupt };
}

/** Appends one entry by rewriting the file atomically (temp file + rename), so a crash never leaves half a line. */
export async function appendLedger(file: string, entry: unknown): Promise<void> {
  const read = await readTextFile(file, MAX_BYTES);
  const before = read.text ?? '';
  await writeFileAtomic(file, `${before}${before === '' || before.endsWith('\n') ? '' : '\n'}${JSON.stringify(entry)}\n`);
}
