import { behaviourFor } from '../../policies/permission-rules/claude-version.js';
import type { ResolvedPolicy } from '../../policies/resolved-policy.js';
import type { AuditHistory } from '../types.js';
import { replayHistory } from './replay.js';
import { commitsInWindow, stateBeforeWindow } from './window.js';

/** The index before the window's first commit and after its last one (equal when the window has no commit). */
export function indexOverWindow(history: AuditHistory, policy: ResolvedPolicy): { start: number; end: number; commits: number } {
  const { first, last, commits } = commitsInWindow(history);
  const replay = replayHistory(history.config, behaviourFor(policy.claudeVersion));
  const start = replay.indexAfter(stateBeforeWindow(history));
  return { start, end: first < 0 ? start : replay.indexAfter(last), commits: commits.length };
}
