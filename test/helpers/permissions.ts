import { behaviourFor } from '../../src/policies/permission-rules/claude-version.js';
import type { PermissionMode } from '../../src/policies/permission-rules/effective-types.js';
import { effectivePermissions } from '../../src/policies/effective/effective-permissions.js';
import { explainCall, type Explanation } from '../../src/policies/effective/explain.js';
import { loadWorkspace } from '../../src/workspace/load-workspace.js';
import { json, makeWorkspaceDirs, type TreeSpec } from './tree.js';

export interface SettingsSpec {
  managed?: unknown;
  user?: unknown;
  project?: unknown;
  local?: unknown;
  files?: TreeSpec;
  version?: string;
}

/** Writes each scope's settings into a real temp workspace and returns a function that explains calls against it. */
export async function explainer(spec: SettingsSpec) {
  const project: TreeSpec = { ...(spec.files ?? {}) };
  if (spec.project !== undefined) project['.claude/settings.json'] = json(spec.project);
  if (spec.local !== undefined) project['.claude/settings.local.json'] = json(spec.local);
  const dirs = makeWorkspaceDirs({
    project,
    home: spec.user !== undefined ? { '.claude/settings.json': json(spec.user) } : {},
    managed: spec.managed !== undefined ? { 'managed-settings.json': json(spec.managed) } : {},
  });
  const ws = await loadWorkspace({ root: dirs.root, home: dirs.home, managedDir: dirs.managedDir });
  const behaviour = behaviourFor(spec.version);
  const effective = effectivePermissions(ws, behaviour);
  const explain = (call: string, mode?: PermissionMode): Explanation => explainCall(ws, effective, call, behaviour, mode);
  return Object.assign(explain, { ws, effective, dirs });
}
