/**
 * One forward pass over the configuration's history that finds, per commit, the widenings and the permissiveness
 * index — what `wideningsBetween` and `permissivenessIndex` give for two whole states, computed from what the commit
 * changed. Rules of unchanged entries are never looked at again: a commit that adds one allow to a 200-rule file
 * costs one allow, which is what makes 2,000 config commits affordable (bench/history.bench.mjs).
 * test/audit/history/replay.test.ts checks it against the whole-state functions on random histories.
 */
import { isObject } from '../../workspace/json-value.js';
import { effectiveSettings, sortLayers, sourceOf, basesFor, effectivePermissions, type EffectivePermissions, type SettingsLayer } from '../../policies/effective/effective-permissions.js';
import { IndexTracker } from '../../policies/effective/index-tracker.js';
import { indexValueWith, isLiveRule } from '../../policies/effective/permissiveness-index.js';
import type { ClaudeBehaviour } from '../../policies/permission-rules/claude-version.js';
import type { EffectiveRule } from '../../policies/permission-rules/effective-types.js';
import { parse } from '../../policies/permission-rules/parse.js';
import { specForRootPath } from '../../workspace/claude/discover.js';
import type { ConfigHistory } from '../../workspace/config-history.js';
import { outsideGit } from '../../workspace/revision-workspace.js';
import type { ConfigFile } from '../../workspace/types.js';
import { ruleDiff, type RuleEntry } from './blob-rules.js';
import { fileChanges, type ConfigChange } from './config-diff.js';
import { LiveRules } from '../../policies/effective/live-rules.js';
import { modeEscalation, ruleWidening, type Widening } from './widening.js';
import { compareText } from '../../text-order.js';

export interface Replay {
  /** The index after commit `i` (-1: before the first commit). */
  indexAfter(i: number): number;
  /** What commit `i` widened, as `wideningsBetween(state i - 1, state i)` says. */
  wideningsOf(i: number): Widening[];
  /** What commit `i` changed, file by file in path order, as `diffConfigs(state i - 1, state i)` says. */
  changesOf(i: number): ConfigChange[];
}

const replays = new WeakMap<ConfigHistory, Map<string, Replay>>();

export function replayHistory(config: ConfigHistory, behaviour: ClaudeBehaviour): Replay {
  let byVersion = replays.get(config);
  if (!byVersion) replays.set(config, (byVersion = new Map()));
  let replay = byVersion.get(behaviour.version);
  if (!replay) byVersion.set(behaviour.version, (replay = computeReplay(config, behaviour)));
  return replay;
}

function computeReplay(config: ConfigHistory, behaviour: ClaudeBehaviour): Replay {
  const ws = config.current;
  const ctx = { root: ws.root, home: ws.home, behaviour };
  // User and managed settings are outside git: the same in every state.
  const outside: EffectivePermissions = effectivePermissions({ ...ws, files: outsideGit(ws.files) }, behaviour);
  const projectRulesCount = !outside.managedRulesOnly;
  const tracker = new IndexTracker(ctx);
  const allows = new LiveRules(behaviour);
  const blockers = new LiveRules(behaviour);
  const denies = new LiveRules(behaviour);
  const apply = (r: EffectiveRule, sign: 1 | -1) => {
    if (sign > 0) tracker.add(r);
    else tracker.remove(r);
    const sets = r.rule.list === 'allow' ? [allows] : r.rule.list === 'deny' ? [blockers, denies] : [blockers];
    for (const set of sets) set.apply(r, sign);
  };
  for (const r of outside.rules) if (isLiveRule(r)) apply(r, 1);

  const stubs = new Map<string, ConfigFile>();
  const layerOf = (path: string, blob: string | undefined): SettingsLayer | undefined => {
    const json = blob === undefined ? undefined : config.jsonAt(path, blob);
    if (json?.kind !== 'settings' || !isObject(json.value)) return undefined;
    let file = stubs.get(path);
    // Positions are not needed to replay: findings point at today's files, which are parsed with positions.
    if (!file) stubs.set(path, (file = { path, absPath: `${ws.root}/${path}`, scope: json.scope, kind: json.kind, size: 0, readProblems: [] }));
    return { file, scope: json.scope, value: json.value, bases: basesFor(file, ws) };
  };
  const settingsAfter = (i: number) => {
    const layers = outside.layers.slice();
    for (const entry of config.treeAfter(i)) {
      const layer = layerOf(entry[0], entry[1]);
      if (layer) layers.push(layer);
    }
    sortLayers(layers);
    return { layers, ...effectiveSettings(layers, behaviour, ws) };
  };

  /** The live rules each project settings file contributes now, per entry key (its rule objects, one per entry). */
  const liveByPath = new Map<string, Map<string, EffectiveRule[]>>();
  const indexes: number[] = [];
  const widenings: Widening[][] = [];
  const changes: ConfigChange[][] = [];
  let settings = settingsAfter(-1);
  indexes.push(indexValueWith(tracker, settings, ctx));
  const commits = config.history.commits;
  for (let i = 0; i < commits.length; i++) {
    const before = config.treeAfter(i - 1);
    const after = config.treeAfter(i);
    const paths: string[] = [];
    for (const ch of commits[i]!.changes) {
      if (before.get(ch.path) !== after.get(ch.path) && !paths.includes(ch.path)) paths.push(ch.path);
      if (ch.oldPath !== undefined && before.get(ch.oldPath) !== after.get(ch.oldPath) && !paths.includes(ch.oldPath)) paths.push(ch.oldPath);
    }
    if (paths.length > 1) paths.sort(compareText);
    changes.push(diffPaths(config, paths, before, after));
    const nextSettings = paths.some((p) => specForRootPath(p)?.kind === 'settings') ? settingsAfter(i) : settings;
    // Files in the order the new state reads them (its layers), then by path.
    const changed = paths.length > 1 ? sortByLayers(paths, nextSettings.layers, (p) => p) : paths;

    const delta: FileDelta = { added: [], removed: [], toApply: [] };
    if (projectRulesCount) {
      for (const path of changed) {
        let live = liveByPath.get(path);
        if (!live) liveByPath.set(path, (live = new Map()));
        fileDelta(delta, layerOf(path, before.get(path)), layerOf(path, after.get(path)), live, allows);
      }
    }
    for (let k = 0; k < delta.toApply.length; k++) {
      const move = delta.toApply[k]!;
      apply(move[0], move[1]);
    }
    const out: Widening[] = [];
    for (const { rule, pending } of delta.added) if (pending && !blockers.covers(rule)) out.push(ruleWidening('allow-added', rule));
    // Removed rules in the order the previous state read them (its layers), as the whole-state comparison lists them.
    const removed = delta.removed.length > 1 ? sortByLayers(delta.removed, settings.layers, (r) => r.source.file, false) : delta.removed;
    for (const r of removed) if (!(r.rule.list === 'deny' ? denies : blockers).covers(r)) out.push(ruleWidening(r.rule.list === 'deny' ? 'deny-removed' : 'ask-removed', r));
    const mode = modeEscalation(settings.defaultMode, nextSettings.defaultMode);
    if (mode) out.push(mode);
    settings = nextSettings;
    widenings.push(out);
    indexes.push(indexValueWith(tracker, settings, ctx));
  }
  return {
    indexAfter: (i) => indexes[Math.max(-1, Math.min(i, commits.length - 1)) + 1] as number,
    wideningsOf: (i) => widenings[i] ?? [],
    changesOf: (i) => changes[i] ?? [],
  };
}

/** Items in the order of their file among `layers` (files without a layer last); ties by file path when `thenByPath`. */
function sortByLayers<T>(items: T[], layers: readonly SettingsLayer[], fileOf: (item: T) => string, thenByPath = true): T[] {
  const order = new Map<string, number>();
  layers.forEach((l, k) => order.set(l.file.path, k));
  return items.sort((a, b) => (order.get(fileOf(a)) ?? Infinity) - (order.get(fileOf(b)) ?? Infinity) || (thenByPath ? compareText(fileOf(a), fileOf(b)) : 0));
}

interface FileDelta {
  /** Allows new to their file; `pending` when no allow before the commit covered them. */
  added: { rule: EffectiveRule; pending: boolean }[];
  /** Deny and ask rules whose text left their file, as the old file had them. */
  removed: EffectiveRule[];
  /** Every live rule object that arrives (+1) or leaves (−1). */
  toApply: [EffectiveRule, 1 | -1][];
}

/**
 * What one settings file's change does to the live rules: `live` (the file's live rule objects per list + text) is
 * updated in place; coverage of new allows is asked of `allows` as it was before the commit.
 */
function fileDelta(delta: FileDelta, oldLayer: SettingsLayer | undefined, newLayer: SettingsLayer | undefined, live: Map<string, EffectiveRule[]>, allows: LiveRules): void {
  if (!oldLayer && !newLayer) return;
  const diff = ruleDiff(oldLayer?.value, newLayer?.value);
  // The same rule is the same list and text (the whole-state comparison keys on file + list + text).
  const existed = new Set<string>();
  for (const e of diff.added) if (live.has(e.key)) existed.add(e.key);
  for (const e of diff.removed) {
    const objects = live.get(e.key);
    const r = objects?.pop();
    if (r) delta.toApply.push([r, -1]);
    if (objects?.length === 0) live.delete(e.key);
  }
  for (const e of diff.removed) {
    if (e.list === 'allow' || live.has(e.key) || !oldLayer) continue;
    const rule = ruleFor(oldLayer, e);
    if (isLiveRule(rule)) delta.removed.push(rule);
  }
  if (!newLayer) return;
  for (const e of diff.added) {
    const rule = ruleFor(newLayer, e);
    if (!isLiveRule(rule)) continue;
    let objects = live.get(e.key);
    if (!objects) live.set(e.key, (objects = []));
    objects.push(rule);
    delta.toApply.push([rule, 1]);
    if (rule.rule.list === 'allow' && !existed.has(e.key)) delta.added.push({ rule, pending: !allows.covers(rule) });
  }
}

function ruleFor(layer: SettingsLayer, e: RuleEntry): EffectiveRule {
  return { rule: parse(e.raw, e.list), source: sourceOf(layer, ['permissions', e.list, e.index]), bases: layer.bases, effective: true };
}

/** Changes of the JSON files among `paths` (sorted) between two trees. */
function diffPaths(config: ConfigHistory, paths: readonly string[], before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): ConfigChange[] {
  const out: ConfigChange[] = [];
  for (const path of paths) {
    const a = before.get(path);
    const b = after.get(path);
    const va = a === undefined ? undefined : config.jsonAt(path, a);
    const vb = b === undefined ? undefined : config.jsonAt(path, b);
    const file = vb ?? va;
    if (file) out.push(...fileChanges(file, va?.value, vb?.value));
  }
  return out;
}
