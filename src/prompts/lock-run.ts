import path from 'node:path';
import { lockOf } from '../lock/build-lock.js';
import { diffLock, isEmptyDiff, type LockDiff } from '../lock/diff-lock.js';
import { parseLock, serializeLock } from '../lock/lock-json.js';
import { LOCK_FILE_NAME } from '../workspace/prompts/build-prompt-set.js';
import { writeFileAtomic } from '../workspace/write-file.js';
import { loadPrompts, type PromptCommandOptions } from './load.js';

export interface LockWriteResult {
  file: string;
  files: number;
  /** Entries under `extensions` (MCP servers, hooks, plugin entries and manifests). */
  extensions: number;
  root: string;
  /** False when the file on disk already had exactly these bytes (it is then not rewritten). */
  written: boolean;
}

/** `agentgov lock`: writes agentgov.lock.json at the root (atomically; untouched when nothing changed). */
export async function writeLock(options: PromptCommandOptions): Promise<LockWriteResult> {
  const { set } = await loadPrompts(options);
  const lock = lockOf(set);
  const text = serializeLock(lock);
  const file = path.join(set.root, LOCK_FILE_NAME);
  const written = set.lockText !== text;
  if (written) await writeFileAtomic(file, text);
  const extensions = Object.values(lock.extensions).reduce((n, byKey) => n + Object.keys(byKey).length, 0);
  return { file, files: Object.keys(lock.files).length, extensions, root: lock.root, written };
}

export interface LockCheckResult {
  upToDate: boolean;
  /** Why the lock cannot be compared at all: absent or invalid. */
  problem?: 'absent' | 'invalid';
  detail?: string;
  diff?: LockDiff;
  /** Same entries, different bytes (hand-edited formatting): still a difference, since the lock must be canonical. */
  notCanonical: boolean;
  root: string;
}

/** `agentgov lock --check`: never writes; compares the lock on disk with the prompt files now. */
export async function checkLock(options: PromptCommandOptions): Promise<LockCheckResult> {
  const { set } = await loadPrompts(options);
  const live = lockOf(set);
  const text = serializeLock(live);
  if (set.lockText === undefined) {
    return { upToDate: false, problem: set.lockProblem ? 'invalid' : 'absent', ...(set.lockProblem ? { detail: set.lockProblem.detail ?? set.lockProblem.code } : {}), notCanonical: false, root: live.root };
  }
  const parsed = parseLock(set.lockText);
  if (!parsed.ok) return { upToDate: false, problem: 'invalid', detail: parsed.error, notCanonical: false, root: live.root };
  const diff = diffLock(live, parsed.lock);
  const notCanonical = isEmptyDiff(diff) && set.lockText !== text;
  return { upToDate: isEmptyDiff(diff) && !notCanonical, diff, notCanonical, root: live.root };
}
