/**
 * The replay of a history, newest commit first: from the state after the last commit, each step takes one commit
 * back and finds what it widened, what it changed and the permissiveness index after it — what `wideningsBetween`,
 * `diffConfigs` and `permissivenessIndex` give for the two whole states, computed from what the commit changed.
 * Rules of unchanged entries are never looked at again, so a commit that adds one allow to a 200-rule file costs one
 * allow. Newest first because git reads history in that order: `agentgov history` replays each commit as soon as git
 * has given it, while git still walks (replay-stream.ts), instead of after the walk.
 * test/audit/history/replay.test.ts holds it to the whole-state functions on random histories.
 */
import { isObject } from '../../workspace/json-value.js';
import { effectiveSettings, sortLayers, sourceOf, basesFor, effectivePermissions, type EffectivePermissions, type SettingsLayer } from '../../policies/effective/effective-permissions.js';
import { IndexTracker } from '../../policies/effective/index-tracker.js';
import { indexValueWith, isLiveRule } from '../../policies/effective/permissiveness-index.js';
import type { ClaudeBehaviour } from '../../policies/permission-rules/claude-version.js';
import type { EffectiveRule, SettingSource } from '../../policies/permission-rules/effective-types.js';
import { parse } from '../../policies/permission-rules/parse.js';
import { specForRootPath } from '../../workspace/claude/discover.js';
import type { JsonBlob } from '../../workspace/config-history.js';
import type { HistoryCommit } from '../../workspace/git-history.js';
import { outsideGit } from '../../workspace/revision-workspace.js';
import type { ConfigFile, Workspace } from '../../workspace/types.js';
import type { PathBases } from '../../policies/permission-rules/path-match.js';
import { ruleDiff, type RuleEntry } from './blob-rules.js';
import { diffFile, type ConfigChange } from './config-diff.js';
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

/** A file of a tree as replaying reads it: the JSON value of a blob (undefined when it is not a JSON kind). */
export type JsonAt = (path: string, blob: string) => JsonBlob | undefined;

/** A readable tree: path → blob id, sorted by path. */
export type Tree = ReadonlyMap<string, string>;

type Settings = ReturnType<typeof effectiveSettings> & { layers: SettingsLayer[] };

/** An allow the commit added, with what the state after it says about it. */
interface AddedAllow {
  rule: EffectiveRule;
  key: string;
  live: Map<string, EffectiveRule[]>;
  /** A live deny or ask contains it after the commit. */
  blocked: boolean;
}

export class BackwardReplay {
  private readonly ctx: { root: string; home: string; behaviour: ClaudeBehaviour };
  private readonly outside: EffectivePermissions;
  /** Whether project rules count at all (managed settings can allow managed rules only). */
  private readonly projectRulesCount: boolean;
  private readonly tracker: IndexTracker;
  private readonly allows: LiveRules;
  private readonly blockers: LiveRules;
  private readonly denies: LiveRules;
  /** Per path: the file it stands for (no positions) and its anchors. */
  private readonly stubs = new Map<string, { file: ConfigFile; bases: PathBases }>();
  /** Per path: the blob whose layer was made last, and that layer (undefined: not a settings file). */
  private readonly lastLayers = new Map<string, { blob: string; layer: SettingsLayer | undefined }>();
  /** The live rules each project settings file has in the current state, per entry key (a stack per key). */
  private readonly liveByPath = new Map<string, Map<string, EffectiveRule[]>>();
  /** Per step, newest commit first. */
  private readonly indexes: number[] = [];
  private readonly widenings: Widening[][] = [];
  private readonly changes: ConfigChange[][] = [];
  private current: Tree;
  private settings: Settings;

  /** Starts at `tip`, the readable tree after the newest commit. */
  constructor(
    private readonly ws: Workspace,
    private readonly behaviour: ClaudeBehaviour,
    private readonly jsonAt: JsonAt,
    tip: Tree,
  ) {
    this.ctx = { root: ws.root, home: ws.home, behaviour };
    // User and managed settings are outside git: the same in every state.
    this.outside = effectivePermissions({ ...ws, files: outsideGit(ws.files) }, behaviour);
    this.projectRulesCount = !this.outside.managedRulesOnly;
    this.tracker = new IndexTracker(this.ctx);
    this.allows = new LiveRules(behaviour);
    this.blockers = new LiveRules(behaviour);
    this.denies = new LiveRules(behaviour);
    for (const r of this.outside.rules) if (isLiveRule(r)) this.apply(r, 1);
    this.current = tip;
    this.settings = this.settingsOf(tip);
    if (!this.projectRulesCount) return;
    for (const [path, blob] of tip) {
      const layer = this.layerOf(path, blob);
      if (!layer) continue;
      const live = this.liveOf(path);
      for (const e of ruleDiff(undefined, layer.value).added) {
        const rule = ruleFor(layer, e, false);
        if (isLiveRule(rule)) this.push(live, e.key, rule);
      }
    }
  }

  /** The readable tree of the state reached: after the newest commit not yet taken back. */
  get tree(): Tree {
    return this.current;
  }

  /** How many commits have been taken back. */
  get steps(): number {
    return this.indexes.length;
  }

  /** Takes `commit` back: the current state is the state after it, `before` the readable tree before it. */
  step(commit: HistoryCommit, before: Tree): void {
    const after = this.current;
    const settingsAfter = this.settings;
    this.indexes.push(indexValueWith(this.tracker, settingsAfter, this.ctx));
    const paths: string[] = [];
    // Indexed loops: thousands of steps run before V8 optimizes this (for-of allocates as it goes until then).
    for (let k = 0; k < commit.changes.length; k++) {
      const ch = commit.changes[k]!;
      if (before.get(ch.path) !== after.get(ch.path) && !paths.includes(ch.path)) paths.push(ch.path);
      if (ch.oldPath !== undefined && before.get(ch.oldPath) !== after.get(ch.oldPath) && !paths.includes(ch.oldPath)) paths.push(ch.oldPath);
    }
    if (paths.length > 1) paths.sort(compareText);
    this.changes.push(this.diffPaths(paths, before, after));
    const settingsBefore = paths.some((p) => specForRootPath(p)?.kind === 'settings') ? this.settingsOf(before) : settingsAfter;
    // Files in the order the state after the commit reads them (its layers), then by path.
    const changed = paths.length > 1 ? sortByLayers(paths, settingsAfter.layers, (p) => p) : paths;

    // What the state after the commit says: which removed deny/ask rules nothing covers any more, which added
    // allows a live deny/ask contains. Then the commit is taken back, and the state before it says which added
    // allows were new to their file and not already covered.
    const added: AddedAllow[] = [];
    const removed: { rule: EffectiveRule; uncovered: boolean }[] = [];
    // Per file: the keys of the live entries the commit added (they leave), the live rules it removed (they return).
    const undo: { live: Map<string, EffectiveRule[]>; leave: string[]; back: [string, EffectiveRule][] }[] = [];
    if (this.projectRulesCount) {
      for (let f = 0; f < changed.length; f++) {
        const path = changed[f]!;
        const oldLayer = this.layerOf(path, before.get(path));
        const newLayer = this.layerOf(path, after.get(path));
        if (!oldLayer && !newLayer) continue;
        const diff = ruleDiff(oldLayer?.value, newLayer?.value);
        const live = this.liveOf(path);
        const leave: string[] = [];
        const back: [string, EffectiveRule][] = [];
        if (oldLayer) {
          for (let k = 0; k < diff.removed.length; k++) {
            const e = diff.removed[k]!;
            const gone = e.list !== 'allow' && !live.has(e.key);
            const rule = ruleFor(oldLayer, e, gone);
            if (!isLiveRule(rule)) continue;
            back.push([e.key, rule]);
            if (gone) removed.push({ rule, uncovered: !(e.list === 'deny' ? this.denies : this.blockers).covers(rule) });
          }
        }
        if (newLayer) {
          for (let k = 0; k < diff.added.length; k++) {
            const e = diff.added[k]!;
            const rule = ruleFor(newLayer, e, e.list === 'allow');
            if (!isLiveRule(rule)) continue;
            leave.push(e.key);
            if (e.list === 'allow') added.push({ rule, key: e.key, live, blocked: this.blockers.covers(rule) });
          }
        }
        undo.push({ live, leave, back });
      }
    }
    for (let f = 0; f < undo.length; f++) {
      const { live, leave, back } = undo[f]!;
      // The entries the commit added leave (the last pushed for their key); those it removed come back.
      for (let k = 0; k < leave.length; k++) {
        const key = leave[k]!;
        const objects = live.get(key);
        const r = objects?.pop();
        if (r) this.apply(r, -1);
        if (objects?.length === 0) live.delete(key);
      }
      for (let k = 0; k < back.length; k++) this.push(live, back[k]![0], back[k]![1]);
    }

    const out: Widening[] = [];
    for (let k = 0; k < added.length; k++) {
      const a = added[k]!;
      if (!a.blocked && !a.live.has(a.key) && !this.allows.covers(a.rule)) out.push(ruleWidening('allow-added', a.rule));
    }
    // Removed rules in the order the previous state read them (its layers), as the whole-state comparison lists them.
    const ordered = removed.length > 1 ? sortByLayers(removed, settingsBefore.layers, (r) => r.rule.source.file, false) : removed;
    for (let k = 0; k < ordered.length; k++) {
      const { rule, uncovered } = ordered[k]!;
      if (uncovered) out.push(ruleWidening(rule.rule.list === 'deny' ? 'deny-removed' : 'ask-removed', rule));
    }
    const mode = modeEscalation(settingsBefore.defaultMode, settingsAfter.defaultMode);
    if (mode) out.push(mode);
    this.widenings.push(out);
    this.current = before;
    this.settings = settingsBefore;
  }

  /** The replay of the `steps` commits taken back (commit i of n is step n − 1 − i); the state now is before them all. */
  finish(): Replay {
    const n = this.indexes.length;
    const indexes = [...this.indexes, indexValueWith(this.tracker, this.settings, this.ctx)].reverse();
    const { widenings, changes } = this;
    return {
      indexAfter: (i) => indexes[Math.max(-1, Math.min(i, n - 1)) + 1] as number,
      wideningsOf: (i) => (i >= 0 && i < n ? (widenings[n - 1 - i] as Widening[]) : []),
      changesOf: (i) => (i >= 0 && i < n ? (changes[n - 1 - i] as ConfigChange[]) : []),
    };
  }

  private apply(r: EffectiveRule, sign: 1 | -1): void {
    if (sign > 0) this.tracker.add(r);
    else this.tracker.remove(r);
    if (r.rule.list === 'allow') this.allows.apply(r, sign);
    else {
      this.blockers.apply(r, sign);
      if (r.rule.list === 'deny') this.denies.apply(r, sign);
    }
  }

  private push(live: Map<string, EffectiveRule[]>, key: string, rule: EffectiveRule): void {
    let objects = live.get(key);
    if (!objects) live.set(key, (objects = []));
    objects.push(rule);
    this.apply(rule, 1);
  }

  private liveOf(path: string): Map<string, EffectiveRule[]> {
    let live = this.liveByPath.get(path);
    if (!live) this.liveByPath.set(path, (live = new Map()));
    return live;
  }

  private layerOf(path: string, blob: string | undefined): SettingsLayer | undefined {
    if (blob === undefined) return undefined;
    // Most files of a state are those of the state before: their layer is the one made last for that path.
    const last = this.lastLayers.get(path);
    if (last !== undefined && last.blob === blob) return last.layer;
    const layer = this.layerOfBlob(path, blob);
    this.lastLayers.set(path, { blob, layer });
    return layer;
  }

  private layerOfBlob(path: string, blob: string): SettingsLayer | undefined {
    const json = this.jsonAt(path, blob);
    if (json?.kind !== 'settings' || !isObject(json.value)) return undefined;
    let stub = this.stubs.get(path);
    if (!stub) {
      // Positions are not needed to replay: findings point at today's files, which are parsed with positions.
      const file: ConfigFile = { path, absPath: `${this.ws.root}/${path}`, scope: json.scope, kind: json.kind, size: 0, readProblems: [] };
      this.stubs.set(path, (stub = { file, bases: basesFor(file, this.ws) }));
    }
    return { file: stub.file, scope: json.scope, value: json.value, bases: stub.bases };
  }

  private settingsOf(tree: Tree): Settings {
    const layers = this.outside.layers.slice();
    tree.forEach((blob, path) => {
      const layer = this.layerOf(path, blob);
      if (layer) layers.push(layer);
    });
    sortLayers(layers);
    const settings = effectiveSettings(layers, this.behaviour, this.ws) as Settings;
    settings.layers = layers;
    return settings;
  }

  /** Changes of the JSON files among `paths` (sorted) between two trees. */
  private diffPaths(paths: readonly string[], before: Tree, after: Tree): ConfigChange[] {
    let out: ConfigChange[] = [];
    for (let k = 0; k < paths.length; k++) {
      const path = paths[k]!;
      const a = before.get(path);
      const b = after.get(path);
      const va = a === undefined ? undefined : this.jsonAt(path, a);
      const vb = b === undefined ? undefined : this.jsonAt(path, b);
      const file = vb ?? va;
      if (!file) continue;
      const changes = diffFile(file, va?.value, vb?.value);
      // Most commits change one file: its list is the step's.
      if (out.length === 0) out = changes;
      else for (let c = 0; c < changes.length; c++) out.push(changes[c]!);
    }
    return out;
  }
}

/** Items in the order of their file among `layers` (files without a layer last); ties by file path when `thenByPath`. */
function sortByLayers<T>(items: T[], layers: readonly SettingsLayer[], fileOf: (item: T) => string, thenByPath = true): T[] {
  const order = new Map<string, number>();
  layers.forEach((l, k) => order.set(l.file.path, k));
  return items.sort((a, b) => (order.get(fileOf(a)) ?? Infinity) - (order.get(fileOf(b)) ?? Infinity) || (thenByPath ? compareText(fileOf(a), fileOf(b)) : 0));
}

/** Where a rule that is only counted (never reported) is said to be: the tracker and live sets do not look. */
const UNLOCATED: SettingSource = { file: '', scope: 'project', pointer: '', line: null, column: null };

/** An entry as a live rule; `located` when a widening may report it (its source is worked out then only). */
function ruleFor(layer: SettingsLayer, e: RuleEntry, located: boolean): EffectiveRule {
  return { rule: parse(e.raw, e.list), source: located ? sourceOf(layer, ['permissions', e.list, e.index]) : UNLOCATED, bases: layer.bases, effective: true };
}
