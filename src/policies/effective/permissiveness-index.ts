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
import { risksOfRule } from './grants.js';
import { redact } from '../catalogs/secrets.js';
import { expandSample, SENSITIVE_TARGETS, type SensitiveTarget } from '../catalogs/sensitive-paths.js';
import type { ClaudeBehaviour } from '../permission-rules/claude-version.js';
import { RuleIndex } from '../permission-rules/rule-index.js';
import { contains, isDeadRule } from '../permission-rules/contains.js';
import type { EffectiveRule, PermissionMode } from '../permission-rules/effective-types.js';
import { matches } from '../permission-rules/matches.js';
import { isProtectedPath } from '../permission-rules/protected-paths.js';
import { EDIT_TOOLS } from '../permission-rules/tools.js';
import type { EffectivePermissions } from './effective-permissions.js';

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

/**
 * Every weight of the index, in one table (mirrored in docs/permissiveness-index.md). Rule weights are per effective
 * allow rule; setting weights are counted once (additional directories: once per distinct directory).
 */
export const INDEX_WEIGHTS = {
  // What one effective allow rule grants.
  'unrestricted-shell': { label: 'Unrestricted shell (bare or `(*)` Bash / PowerShell allow)', points: 40 },
  'unrestricted-edit': { label: 'Unrestricted file edits (bare Edit / Write / NotebookEdit allow)', points: 15 },
  'unrestricted-webfetch': { label: 'Unrestricted WebFetch (bare or `domain:*`)', points: 10 },
  'unrestricted-read': { label: 'Unrestricted Read (bare Read allow)', points: 5 },
  'unrestricted-agent': { label: 'Unrestricted subagents (bare Agent allow)', points: 3 },
  'privilege-escalation': { label: 'Privilege escalation (sudo, su, doas, …)', points: 20 },
  'code-execution': { label: 'Code execution (interpreters, package runners, …)', points: 12 },
  'network-egress': { label: 'Network egress from the shell (curl, git push, …)', points: 8 },
  'broad-webfetch-domain': { label: 'Broad WebFetch domain pattern (`*.example.com`, `example.*`)', points: 6 },
  destructive: { label: 'Destructive commands (rm, git reset --hard, …)', points: 6 },
  /** Per sensitive target (sensitive-paths catalog) that an allow reaches without a deny or ask stopping it. */
  'sensitive-path': { label: 'Readable or editable without asking', points: 10 },
  'other-allow': { label: 'Other allow rules', points: 1 },
  // Settings.
  'mode.plan': { label: 'defaultMode plan', points: 0 },
  'mode.dontAsk': { label: 'defaultMode dontAsk (denies what would ask)', points: 0 },
  'mode.default': { label: 'defaultMode default', points: 0 },
  'mode.acceptEdits': { label: 'defaultMode acceptEdits', points: 8 },
  'mode.auto': { label: 'defaultMode auto', points: 15 },
  'mode.bypassPermissions': { label: 'defaultMode bypassPermissions', points: 50 },
  'skip-dangerous-mode-prompt': { label: 'skipDangerousModePermissionPrompt (user, local or managed settings)', points: 5 },
  'enable-all-project-mcp-servers': { label: 'enableAllProjectMcpServers', points: 8 },
  'additional-directory-broad': { label: 'Additional directory containing the home folder (`/`, `~`, …)', points: 15 },
  'additional-directory': { label: 'Additional directory', points: 3 },
} as const satisfies Record<string, { label: string; points: number }>;

export type WeightId = keyof typeof INDEX_WEIGHTS;

/** Modes from narrowest to widest; `dontAsk` sits below `default` (it denies what would ask). */
export const MODE_ORDER: readonly (readonly PermissionMode[])[] = [['plan', 'dontAsk'], ['default'], ['acceptEdits'], ['auto'], ['bypassPermissions']];

const RISK_WEIGHT = {
  'code-execution': 'code-execution',
  'network-egress': 'network-egress',
  destructive: 'destructive',
  'privilege-escalation': 'privilege-escalation',
} as const satisfies Record<string, WeightId>;

const SKIP_PROMPT_SCOPES: ReadonlySet<string> = new Set(['user', 'local', 'managed']);

interface Sample {
  target: SensitiveTarget;
  path: string;
  inRoot: boolean;
}

export function permissivenessIndex(effective: EffectivePermissions, ctx: PermissivenessContext): PermissivenessIndex {
  const acc = new Accumulator();
  const { behaviour } = ctx;
  const live = effective.rules.filter((r) => r.effective && !isDeadRule(r.rule));
  const blockers = live.filter((r) => r.rule.list === 'deny' || r.rule.list === 'ask');
  const blockerIndex = new RuleIndex(blockers);
  const samples: Sample[] = SENSITIVE_TARGETS.flatMap((target) =>
    target.samples.map((s) => ({ target, path: expandSample(s, ctx.root, ctx.home), inRoot: s.startsWith('<root>/') })),
  );

  // A duplicate (same text, same `/` anchor) grants nothing new; keying on the rule alone keeps allows independent.
  // An allow's points depend only on itself and the live deny/ask rules: memoised per blocker set, so consecutive
  // states of a history, which share most rules, cost little.
  const blockerSig = `${behaviour.version}\n${ctx.root}\n${ctx.home}\n${blockers.map((b) => `${b.rule.list}\0${b.rule.raw}\0${b.bases.source}`).join('\n')}`;
  let scores = scoreCache.get(blockerSig);
  if (!scores) {
    if (scoreCache.size > 64) scoreCache.clear();
    scoreCache.set(blockerSig, (scores = new Map()));
  }
  const seen = new Set<string>();
  for (const rule of live) {
    if (rule.rule.list !== 'allow') continue;
    const key = `${rule.rule.raw.trim()}\0${rule.rule.path?.anchor === 'source' ? rule.bases.source : ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    let hits = scores.get(key);
    if (hits === undefined) {
      const shadowed = blockerIndex.candidates(rule).some((b) => contains({ rule: b.rule, bases: b.bases }, { rule: rule.rule, bases: rule.bases }, behaviour) === true);
      hits = shadowed ? [] : scoreAllow(rule, blockers, samples, behaviour);
      scores.set(key, hits);
    }
    for (const h of hits) acc.add(h.id, h.componentId, h.label, h.because);
  }

  const mode = effective.defaultMode;
  const modeId = `mode.${mode.value}` as WeightId;
  acc.add(modeId, 'mode', `defaultMode ${mode.value}`, mode.source ? keyOf(mode.source.file, mode.source.pointer) : 'permissions.defaultMode');

  for (const layer of effective.layers) {
    if (layer.value.skipDangerousModePermissionPrompt === true && SKIP_PROMPT_SCOPES.has(layer.scope)) {
      acc.once('skip-dangerous-mode-prompt', keyOf(layer.file.path, '/skipDangerousModePermissionPrompt'));
    }
    if (layer.value.enableAllProjectMcpServers === true) acc.once('enable-all-project-mcp-servers', keyOf(layer.file.path, '/enableAllProjectMcpServers'));
  }

  const home = path.posix.resolve('/', ctx.home.replaceAll('\\', '/'));
  const dirs = new Set<string>();
  for (const dir of effective.additionalDirectories) {
    if (dirs.has(dir.path)) continue;
    dirs.add(dir.path);
    const broad = dir.path === '/' || dir.path === home || home.startsWith(`${dir.path}/`);
    acc.add(broad ? 'additional-directory-broad' : 'additional-directory', undefined, undefined, dir.raw);
  }
  return acc.result();
}

interface Hit {
  id: WeightId;
  componentId?: string;
  label?: string;
  because: string;
}

const scoreCache = new Map<string, Map<string, Hit[]>>();

/** Points of one live, unshadowed allow: a function of the rule and the live deny/ask rules only. */
function scoreAllow(rule: EffectiveRule, blockers: readonly EffectiveRule[], samples: readonly Sample[], behaviour: ClaudeBehaviour): Hit[] {
  const r = rule.rule;
  const shown = redact(r.raw);
  const hits: Omit<Hit, 'because'>[] = [];
  if (r.form === 'bare') {
    if (r.tool === 'Bash' || r.tool === 'PowerShell') hits.push({ id: 'unrestricted-shell' });
    else if (EDIT_TOOLS.has(r.tool)) hits.push({ id: 'unrestricted-edit' });
    else if (r.tool === 'WebFetch') hits.push({ id: 'unrestricted-webfetch' });
    else if (r.tool === 'Read') hits.push({ id: 'unrestricted-read' });
    else if (r.tool === 'Agent') hits.push({ id: 'unrestricted-agent' });
  }
  for (const risk of risksOfRule(rule)) hits.push({ id: RISK_WEIGHT[risk.risk] });
  if (r.form === 'domain' && r.domain && (r.domain.kind === 'subdomains' || r.domain.host.includes('*'))) hits.push({ id: 'broad-webfetch-domain' });
  for (const target of sensitiveTargetsReached(rule, blockers, samples, behaviour)) {
    hits.push({ id: 'sensitive-path', componentId: `sensitive-path:${target.id}`, label: `Readable or editable without asking: ${target.label}` });
  }
  if (hits.length === 0) hits.push({ id: 'other-allow' });
  return hits.map((h) => ({ ...h, because: shown }));
}

/**
 * Sensitive targets an allow lets the agent read (Read) or edit (Edit, bare Write) without asking, as
 * permissions/sensitive-path-exposure computes them: the allow matches a sample path and no live deny or ask does.
 * Reads inside the project need no rule, and protected paths are never pre-approved for writing (reference §2.7).
 */
function sensitiveTargetsReached(rule: EffectiveRule, blockers: readonly EffectiveRule[], samples: readonly Sample[], behaviour: ClaudeBehaviour): SensitiveTarget[] {
  const r = rule.rule;
  const tool = r.tool === 'Read' || r.tool === 'Edit' ? r.tool : r.tool === 'Write' && r.form === 'bare' ? 'Write' : undefined;
  if (!tool) return [];
  const reached = new Map<string, SensitiveTarget>();
  samples.forEach((s, i) => {
    if (reached.has(s.target.id)) return;
    if (tool === 'Read' ? s.inRoot : isProtectedPath(s.path)) return;
    if (!sampleMatches(rule, tool, samples, i, behaviour)) return;
    if (blockers.some((b) => sampleMatches(b, tool, samples, i, behaviour))) return;
    reached.set(s.target.id, s.target);
  });
  return [...reached.values()];
}

const sampleCache = new Map<string, boolean>();

/** Whether a rule matches the `i`th sample as a call of `tool`, memoised by rule text and anchors (states repeat rules). */
function sampleMatches(rule: EffectiveRule, tool: string, samples: readonly Sample[], i: number, behaviour: ClaudeBehaviour): boolean {
  const s = samples[i] as Sample;
  const key = `${rule.rule.list}\0${rule.rule.raw}\0${rule.bases.cwd}\0${rule.bases.home}\0${rule.bases.source}\0${tool}\0${s.path}\0${behaviour.version}`;
  let hit = sampleCache.get(key);
  if (hit === undefined) {
    hit = matches(rule.rule, { tool, path: s.path, input: { file_path: s.path } }, { bases: rule.bases, behaviour });
    if (sampleCache.size > 200_000) sampleCache.clear();
    sampleCache.set(key, hit);
  }
  return hit;
}

function keyOf(file: string, pointer: string): string {
  return `${file}#${pointer}`;
}

class Accumulator {
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
    const components = [...this.components.values()].sort((a, b) => b.points - a.points || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { value: Math.round(components.reduce((sum, c) => sum + c.points, 0)), components };
  }
}
