import type { Scope } from '../../workspace/types.js';
import type { PathBases } from './path-match.js';
import type { PermissionRule } from './types.js';

export type PermissionMode = 'default' | 'acceptEdits' | 'plan' | 'auto' | 'dontAsk' | 'bypassPermissions';
export const PERMISSION_MODES: readonly PermissionMode[] = ['default', 'acceptEdits', 'plan', 'auto', 'dontAsk', 'bypassPermissions'];

/** Where a rule or setting was written. */
export interface SettingSource {
  file: string;
  scope: Scope;
  pointer: string;
  line: number | null;
  column: number | null;
}

/** A rule as it takes part in Claude Code's decisions: parsed, with its provenance and its anchors resolved. */
export interface EffectiveRule {
  rule: PermissionRule;
  source: SettingSource;
  bases: PathBases;
  /** False when Claude Code ignores the rule because of where it is (e.g. allowManagedPermissionRulesOnly). */
  effective: boolean;
  reason?: string;
}
