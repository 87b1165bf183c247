import { lockOf } from '../../lock/build-lock.js';
import { diffLock, type LockDiff } from '../../lock/diff-lock.js';
import { parseLock } from '../../lock/lock-json.js';
import type { Lock } from '../../lock/lock-types.js';
import type { PromptSet } from '../../workspace/prompts/types.js';

export interface LockState {
  /** The lock of the files as they are now. */
  live: Lock;
  /** The lock recorded in agentgov.lock.json, when there is a valid one. */
  recorded?: Lock;
  /** Why agentgov.lock.json exists but cannot be used. */
  invalid?: string;
  diff?: LockDiff;
}

const cache = new WeakMap<PromptSet, LockState>();

/** The live lock, the recorded one and their difference, computed once per prompt set (several rules read them). */
export function lockStateOf(set: PromptSet): LockState {
  const cached = cache.get(set);
  if (cached) return cached;
  const state: LockState = { live: lockOf(set) };
  if (set.lockProblem) state.invalid = `cannot be read (${set.lockProblem.detail ?? set.lockProblem.code})`;
  else if (set.lockText !== undefined) {
    const parsed = parseLock(set.lockText);
    if (parsed.ok) {
      state.recorded = parsed.lock;
      state.diff = diffLock(state.live, parsed.lock);
    } else state.invalid = parsed.error;
  }
  cache.set(set, state);
  return state;
}
