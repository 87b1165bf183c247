/**
 * The permissiveness index: one number for a state of the configuration (the effective permissions of all scopes),
 * so that a weekly trend or a CI gate can show how permissive the agent setup is and how it moves. Weights and the
 * monotonicity argument are in docs/permissiveness-index.md; the weights live in `INDEX_WEIGHTS` only.
 *
 * Contract (monotonicity): adding an allow rule or widening `defaultMode` (plan ≤ default ≤ acceptEdits ≤ auto ≤
 * bypassPermissions, dontAsk ≤ default) never lowers the value; adding a deny or ask rule never raises it. Hence:
 * - an allow's points depend only on the allow itself and on the live deny/ask rules, never on other allows (no
 *   discount because a broader allow exists);
 * - deny and ask rules carry no points of their own; they can only remove points, by shadowing an allow or by
 *   blocking the sensitive files it would reach;
 * - every weight is a non-negative constant; mode weights follow the mode order.
 */
import path from 'node:path';
import type { ClaudeBehaviour } from '../permission-rules/claude-version.js';
import { isDeadRule } from '../permission-rules/matches.js';
import type { EffectiveRule, PermissionMode } from '../permission-rules/effective-types.js';
import type { EffectivePermissions } from './effective-permissions.js';
import { IndexTracker } from './index-tracker.js';
import { INDEX_WEIGHTS, type WeightId } from './index-weights.js';
import { compareText } from '../../text-order.js';

export interface IndexComponent {
  id: string;
  label: string;
  points: number;
  /** Rule texts (redacted) or settings keys (`file#/pointer`) that contributed. */
  because: string[];
}

export interface PermissivenessIndex {
  value: number;
  components: IndexComponent[];
}

export interface PermissivenessContext {
  root: string;
  home: string;
  behaviour: ClaudeBehaviour;
}

export { INDEX_WEIGHTS, type WeightId } from './index-weights.js';

/** Modes from narrowest to widest; `dontAsk` sits below `default` (it denies what would ask). */
export const MODE_ORDER: readonly (readonly PermissionMode[])[] = [['plan', 'dontAsk'], ['default'], ['acceptEdits'], ['auto'], ['bypassPermissions']];

const SKIP_PROMPT_SCOPES: ReadonlySet<string> = new Set(['user', 'local', 'managed']);

export function permissivenessIndex(effective: EffectivePermissions, ctx: PermissivenessContext): PermissivenessIndex {
  const tracker = new IndexTracker(ctx);
  for (const rule of effective.rules) if (isLiveRule(rule)) tracker.add(rule);
  return indexWith(tracker, effective, ctx);
}

/** The index of a state whose live rules are in `tracker` (history keeps one tracker across states). */
export function indexWith(tracker: IndexTracker, settings: IndexSettings, ctx: PermissivenessContext): PermissivenessIndex {
  const acc = new Accumulator();
  for (const h of tracker.hits()) acc.add(h.id, h.componentId, h.label, h.because);
  addSettings(acc, settings, ctx);
  return acc.result();
}

/** Only the value, without components: what a timeline needs for each of thousands of states. */
export function indexValueWith(tracker: IndexTracker, settings: IndexSettings, ctx: PermissivenessContext): number {
  const sum = new PointSum();
  addSettings(sum, settings, ctx);
  return tracker.value() + sum.value;
}

/** The parts of the effective permissions the index reads besides the rules. */
export type IndexSettings = Pick<EffectivePermissions, 'defaultMode' | 'layers' | 'additionalDirectories'>;

/** A rule Claude Code applies: effective in its scope, and able to match a call. */
export function isLiveRule(rule: EffectiveRule): boolean {
  return rule.effective && !isDeadRule(rule.rule);
}

function addSettings(acc: PointSink, effective: IndexSettings, ctx: PermissivenessContext): void {
  const mode = effective.defaultMode;
  const modeId = `mode.${mode.value}` as WeightId;
  acc.add(modeId, 'mode', `defaultMode ${mode.value}`, mode.source ? keyOf(mode.source.file, mode.source.pointer) : 'permissions.defaultMode');

  // Indexed: a history scores thousands of states before V8 optimizes this (for-of allocates until then).
  for (let k = 0; k < effective.layers.length; k++) {
    const layer = effective.layers[k]!;
    if (layer.value.skipDangerousModePermissionPrompt === true && SKIP_PROMPT_SCOPES.has(layer.scope)) {
      acc.once('skip-dangerous-mode-prompt', keyOf(layer.file.path, '/skipDangerousModePermissionPrompt'));
    }
    if (layer.value.enableAllProjectMcpServers === true) acc.once('enable-all-project-mcp-servers', keyOf(layer.file.path, '/enableAllProjectMcpServers'));
  }

  if (effective.additionalDirectories.length === 0) return;
  const home = path.posix.resolve('/', ctx.home.replaceAll('\\', '/'));
  const dirs = new Set<string>();
  for (const dir of effective.additionalDirectories) {
    if (dirs.has(dir.path)) continue;
    dirs.add(dir.path);
    const broad = dir.path === '/' || dir.path === home || home.startsWith(`${dir.path}/`);
    acc.add(broad ? 'additional-directory-broad' : 'additional-directory', undefined, undefined, dir.raw);
  }
}

function keyOf(file: string, pointer: string): string {
  return `${file}#${pointer}`;
}

/** Where settings put their points: components for reports, or only their sum. */
interface PointSink {
  add(id: WeightId, componentId?: string, label?: string, because?: string): void;
  once(id: WeightId, because: string): void;
}

/** Only the total, for the thousands of states a history replays. */
class PointSum implements PointSink {
  value = 0;
  private readonly counted = new Set<WeightId>();

  add(id: WeightId): void {
    this.value += Math.max(0, INDEX_WEIGHTS[id].points);
  }

  once(id: WeightId): void {
    if (this.counted.has(id)) return;
    this.counted.add(id);
    this.add(id);
  }
}

class Accumulator implements PointSink {
  private readonly components = new Map<string, IndexComponent>();

  /** Adds the weight of `id` once more, to the component `componentId` (default: `id`). Zero weights add nothing. */
  add(id: WeightId, componentId: string = id, label: string = INDEX_WEIGHTS[id].label, because?: string): void {
    const points = INDEX_WEIGHTS[id].points;
    if (points <= 0) return;
    const c = this.component(componentId, label);
    c.points += points;
    if (because !== undefined && !c.because.includes(because)) c.because.push(because);
  }

  /** A setting counted once however many files set it; every file is named. */
  once(id: WeightId, because: string): void {
    const existing = this.components.get(id);
    if (existing) {
      if (!existing.because.includes(because)) existing.because.push(because);
    } else this.add(id, id, INDEX_WEIGHTS[id].label, because);
  }

  private component(id: string, label: string): IndexComponent {
    let c = this.components.get(id);
    if (!c) this.components.set(id, (c = { id, label, points: 0, because: [] }));
    return c;
  }

  result(): PermissivenessIndex {
    const components = [...this.components.values()].sort((a, b) => b.points - a.points || compareText(a.id, b.id));
    return { value: Math.round(components.reduce((sum, c) => sum + c.points, 0)), components };
  }
}
