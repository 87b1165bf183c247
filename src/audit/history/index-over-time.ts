import { effectivePermissions } from '../../policies/effective/effective-permissions.js';
import { permissivenessIndex } from '../../policies/effective/permissiveness-index.js';
import { behaviourFor } from '../../policies/permission-rules/claude-version.js';
import type { ResolvedPolicy } from '../../policies/resolved-policy.js';
import type { Workspace } from '../../workspace/types.js';
import type { AuditHistory } from '../types.js';
import { commitsInWindow, stateBeforeWindow } from './window.js';

const cache = new WeakMap<Workspace, number>();

export function indexOf(ws: Workspace, policy: ResolvedPolicy): number {
  let value = cache.get(ws);
  if (value === undefined) {
    const behaviour = behaviourFor(policy.claudeVersion);
    value = permissivenessIndex(effectivePermissions(ws, behaviour), { root: ws.root, home: ws.home, behaviour }).value;
    cache.set(ws, value);
  }
  return value;
}

/** The index before the window's first commit and after its last one (equal when the window has no commit). */
export function indexOverWindow(history: AuditHistory, policy: ResolvedPolicy): { start: number; end: number; commits: number } {
  const { first, last, commits } = commitsInWindow(history);
  const start = indexOf(history.config.workspaceAfter(stateBeforeWindow(history)), policy);
  return { start, end: first < 0 ? start : indexOf(history.config.workspaceAfter(last), policy), commits: commits.length };
}
