import { behaviourFor } from '../../policies/permission-rules/claude-version.js';
import type { ResolvedPolicy } from '../../policies/resolved-policy.js';
import type { AuditHistory } from '../types.js';
import { replayHistory } from './replay.js';
import { commitsInWindow, stateBeforeWindow } from './window.js';

/** The permissiveness index after commit `i` of the history (-1: before the first commit). */
export function indexAfter(history: AuditHistory, policy: ResolvedPolicy, i: number): number {
  return replayHistory(history.config, behaviourFor(policy.claudeVersion)).indexAfter(i);
}

/** The index before the window's first commit and after its last one (equal when the window has no commit). */
export function indexOverWindow(history: AuditHistory, policy: ResolvedPolicy): { start: number; end: number; commits: number } {
  const { first, last, commits } = commitsInWindow(history);
  const start = indexAfter(history, policy, stateBeforeWindow(history));
  return { start, end: first < 0 ? start : indexAfter(history, policy, last), commits: commits.length };
}
