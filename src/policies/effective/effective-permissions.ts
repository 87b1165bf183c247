import path from 'node:path';
import { isObject, objectOr } from '../../workspace/json-value.js';
import type { ConfigFile, Scope, Workspace } from '../../workspace/types.js';
import { locate } from '../../workspace/json-document.js';
import { toPointer, type JsonPath } from '../../workspace/json-pointer.js';
import type { ClaudeBehaviour } from '../permission-rules/claude-version.js';
import { PERMISSION_MODES, type EffectiveRule, type PermissionMode, type SettingSource } from '../permission-rules/effective-types.js';
import { parse } from '../permission-rules/parse.js';
import type { PathBases } from '../permission-rules/path-match.js';
import type { RuleList } from '../permission-rules/types.js';

/** A settings file Claude Code reads (strict JSON object), in precedence order. */
export interface SettingsLayer {
  file: ConfigFile;
  scope: Scope;
  value: Record<string, unknown>;
  bases: PathBases;
}

export interface ModeSetting {
  value: PermissionMode;
  source: SettingSource | null;
}

export interface IgnoredSetting {
  value: unknown;
  source: SettingSource;
  why: 'auto-in-project' | 'bypass-disabled' | 'unknown-mode' | 'lower-scope';
}

export interface AdditionalDirectory {
  raw: string;
  path: string;
  source: SettingSource;
}

export interface EffectivePermissions {
  layers: SettingsLayer[];
  rules: EffectiveRule[];
  defaultMode: ModeSetting;
  ignoredModes: IgnoredSetting[];
  additionalDirectories: AdditionalDirectory[];
  /** Managed settings set `allowManagedPermissionRulesOnly`: only managed rules count. */
  managedRulesOnly: boolean;
  bypassDisabled: boolean;
}

const SCOPE_ORDER: Record<Scope, number> = { managed: 0, cli: 1, local: 2, project: 3, user: 4, plugin: 5 };
const LISTS: readonly RuleList[] = ['deny', 'ask', 'allow'];

/** Where each scope's `/` anchor points (reference §2.3): project root, cwd, `~/.claude` (or `CLAUDE_CONFIG_DIR`), or the managed folder. */
export function basesFor(file: Pick<ConfigFile, 'scope'>, ws: Pick<Workspace, 'root' | 'home' | 'managedDir' | 'claudeDir'>): PathBases {
  const cwd = ws.root;
  const source = file.scope === 'user' ? (ws.claudeDir ?? path.posix.join(ws.home, '.claude')) : file.scope === 'managed' ? ws.managedDir : ws.root;
  // One object per distinct triple, so that caches keyed by bases identity hit across workspaces and history states.
  const key = `${cwd}\0${ws.home}\0${source}`;
  let bases = basesCache.get(key);
  if (!bases) {
    if (basesCache.size > 1000) basesCache.clear();
    basesCache.set(key, (bases = { cwd, home: ws.home, source }));
  }
  return bases;
}

const basesCache = new Map<string, PathBases>();

export function settingsLayers(ws: Workspace): SettingsLayer[] {
  return sortLayers(
    ws.files.filter((f) => f.kind === 'settings' && isObject(f.json?.value)).map((f) => ({ file: f, scope: f.scope, value: f.json!.value as Record<string, unknown>, bases: basesFor(f, ws) })),
  );
}

/** Layers in precedence order, highest first; files of one scope keep their order. */
export function sortLayers(layers: SettingsLayer[]): SettingsLayer[] {
  return layers.sort((a, b) => SCOPE_ORDER[a.scope] - SCOPE_ORDER[b.scope]);
}

export function sourceOf(layer: SettingsLayer, jsonPath: JsonPath): SettingSource {
  const span = layer.file.json ? locate(layer.file.json, jsonPath) : undefined;
  return { file: layer.file.path, scope: layer.scope, pointer: toPointer(jsonPath), line: span?.start.line ?? null, column: span?.start.column ?? null };
}

/** Merges the scopes as Claude Code does: rule lists concatenate, scalars come from the highest scope that sets them. */
export function effectivePermissions(ws: Workspace, behaviour: ClaudeBehaviour): EffectivePermissions {
  const layers = settingsLayers(ws);
  const settings = effectiveSettings(layers, behaviour, ws);
  const rules: EffectiveRule[] = [];
  for (const layer of layers) {
    const excluded = settings.managedRulesOnly && layer.scope !== 'managed';
    for (const r of rulesOfLayer(layer)) {
      rules.push(excluded ? { ...r, effective: false, reason: 'allowManagedPermissionRulesOnly is set in managed settings' } : r);
    }
  }
  return { layers, rules, ...settings };
}

/** Everything but the rules, from layers in precedence order (history replays states from layers it builds itself). */
export function effectiveSettings(layers: readonly SettingsLayer[], behaviour: ClaudeBehaviour, ws: Pick<Workspace, 'root' | 'home'>): Omit<EffectivePermissions, 'layers' | 'rules'> {
  const perms = (l: SettingsLayer) => objectOr(l.value.permissions);
  const managedRulesOnly = layers.some((l) => l.scope === 'managed' && l.value.allowManagedPermissionRulesOnly === true);
  const bypassDisabled = layers.some((l) => perms(l).disableBypassPermissionsMode === 'disable');

  const ignoredModes: IgnoredSetting[] = [];
  let defaultMode: ModeSetting = { value: 'default', source: null };
  let chosen = false;
  // Indexed loops: history works the settings out for thousands of states, mostly before V8 optimizes this.
  for (let k = 0; k < layers.length; k++) {
    const layer = layers[k]!;
    const raw = perms(layer).defaultMode;
    if (raw === undefined) continue;
    const source = sourceOf(layer, ['permissions', 'defaultMode']);
    const mode = raw === 'manual' ? 'default' : raw;
    if (typeof mode !== 'string' || !isMode(mode)) ignoredModes.push({ value: raw, source, why: 'unknown-mode' });
    else if (mode === 'auto' && behaviour.autoModeIgnoredInProject && (layer.scope === 'project' || layer.scope === 'local')) ignoredModes.push({ value: raw, source, why: 'auto-in-project' });
    else if (mode === 'bypassPermissions' && bypassDisabled) ignoredModes.push({ value: raw, source, why: 'bypass-disabled' });
    else if (chosen) ignoredModes.push({ value: raw, source, why: 'lower-scope' });
    else {
      defaultMode = { value: mode, source };
      chosen = true;
    }
  }

  const additionalDirectories: AdditionalDirectory[] = [];
  for (let k = 0; k < layers.length; k++) {
    const layer = layers[k]!;
    const dirs = perms(layer).additionalDirectories;
    if (!Array.isArray(dirs)) continue;
    dirs.forEach((raw, i) => {
      if (typeof raw !== 'string') return;
      const expanded = raw === '~' ? ws.home : raw.startsWith('~/') ? path.posix.join(ws.home, raw.slice(2)) : raw;
      additionalDirectories.push({ raw, path: path.posix.resolve(ws.root, expanded), source: sourceOf(layer, ['permissions', 'additionalDirectories', i]) });
    });
  }
  return { defaultMode, ignoredModes, additionalDirectories, managedRulesOnly, bypassDisabled };
}

const layerRules = new WeakMap<ConfigFile, { bases: PathBases; rules: EffectiveRule[] }>();

/** The rules of one settings file, parsed and located once per file object (history states share unchanged files). */
function rulesOfLayer(layer: SettingsLayer): EffectiveRule[] {
  const cached = layerRules.get(layer.file);
  if (cached && samePathBases(cached.bases, layer.bases)) return cached.rules;
  const perms = objectOr(layer.value.permissions);
  const rules: EffectiveRule[] = [];
  for (const list of LISTS) {
    const entries = perms[list];
    if (!Array.isArray(entries)) continue;
    entries.forEach((raw, i) => {
      if (typeof raw === 'string') rules.push({ rule: parse(raw, list), source: sourceOf(layer, ['permissions', list, i]), bases: layer.bases, effective: true });
    });
  }
  layerRules.set(layer.file, { bases: layer.bases, rules });
  return rules;
}

function samePathBases(a: PathBases, b: PathBases): boolean {
  return a.cwd === b.cwd && a.home === b.home && a.source === b.source;
}

function isMode(value: string): value is PermissionMode {
  return (PERMISSION_MODES as readonly string[]).includes(value);
}

