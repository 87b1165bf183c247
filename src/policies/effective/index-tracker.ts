/**
 * The rule part of the permissiveness index, kept up to date as live rules come and go. One state is scored by
 * adding its live rules to a fresh tracker; a history is scored by feeding each commit's added and removed rules to
 * one tracker, so a commit costs what it changed, not the size of the configuration.
 *
 * What an allow earns depends only on the allow and on the live deny/ask rules (the monotonicity contract in
 * permissiveness-index.ts), which is what makes the bookkeeping local:
 * - an allow is shadowed while at least one live deny/ask contains it (`shadow` counts them);
 * - a sensitive sample is blocked for a tool while at least one live deny/ask matches it (`blocked` counts them);
 * - allows with the same text (and the same `/` anchor) count once.
 */
import { redact } from '../catalogs/secrets.js';
import { expandSample, SENSITIVE_TARGETS, type SensitiveTarget } from '../catalogs/sensitive-paths.js';
import type { ClaudeBehaviour } from '../permission-rules/claude-version.js';
import type { EffectiveRule } from '../permission-rules/effective-types.js';
import { anchoredGet, type AnchoredMemo } from '../permission-rules/anchored-memo.js';
import { fileMatcher } from '../permission-rules/matches.js';
import { isProtectedPath } from '../permission-rules/protected-paths.js';
import { ruleIndexKeys } from '../permission-rules/rule-index.js';
import { EDIT_TOOLS } from '../permission-rules/tools.js';
import type { PermissionRule } from '../permission-rules/types.js';
import { risksOfRule } from './grants.js';
import { INDEX_WEIGHTS, type WeightId } from './index-weights.js';
import { LiveRules, type LiveRule } from './live-rules.js';

/** The weights an allow rule can earn (the rest of INDEX_WEIGHTS are settings). */
export type RuleWeightId = Extract<WeightId, 'unrestricted-shell' | 'unrestricted-edit' | 'unrestricted-webfetch' | 'unrestricted-read' | 'unrestricted-agent' | 'privilege-escalation' | 'code-execution' | 'network-egress' | 'broad-webfetch-domain' | 'destructive' | 'sensitive-path' | 'other-allow'>;

const points = (id: RuleWeightId): number => INDEX_WEIGHTS[id].points;

export interface TrackerContext {
  root: string;
  home: string;
  behaviour: ClaudeBehaviour;
}

/** A contribution of one allow, as the index components show it. */
export interface AllowHit {
  id: RuleWeightId;
  /** Component to add to (default: `id`); sensitive targets get one component each. */
  componentId?: string;
  label?: string;
  because: string;
}

const SAMPLE_TOOLS = ['Read', 'Edit', 'Write'] as const;
type SampleTool = (typeof SAMPLE_TOOLS)[number];

interface Sample {
  target: SensitiveTarget;
  path: string;
  inRoot: boolean;
  /** Claude Code never pre-approves writing it (a protected path). */
  protected: boolean;
}

/** What an allow grants by itself: computed once per parsed rule and anchors, for a context. */
interface AllowFacts {
  base: RuleWeightId[];
  basePoints: number;
  /** Samples the allow reaches (as a slot in `blocked`), grouped by target. */
  reach: { target: SensitiveTarget; slots: number[] }[];
}

interface AllowEntry {
  rep: EffectiveRule;
  count: number;
  shadow: number;
  facts: AllowFacts;
  lookup: readonly string[];
}

/**
 * What each rule weighs or blocks by itself in one context (root, home, Claude Code version), computed once per
 * parsed rule and anchors, so that one history (or several audits of one root) computes each rule once.
 */
class RuleFacts {
  readonly samples: Sample[];
  private readonly allows: AnchoredMemo<PermissionRule, AllowFacts> = new WeakMap();
  private readonly blockers: AnchoredMemo<PermissionRule, readonly number[]> = new WeakMap();

  constructor(private readonly ctx: TrackerContext) {
    this.samples = SENSITIVE_TARGETS.flatMap((target) =>
      target.samples.map((s) => {
        const path = expandSample(s, ctx.root, ctx.home);
        return { target, path, inRoot: s.startsWith('<root>/'), protected: isProtectedPath(path) };
      }),
    );
  }

  allow(r: EffectiveRule): AllowFacts {
    return anchoredGet(this.allows, r.bases, r.rule, () => this.allowFacts(r));
  }

  /** The sample slots a deny/ask blocks. */
  blocker(r: EffectiveRule): readonly number[] {
    return anchoredGet(this.blockers, r.bases, r.rule, () => this.blockerSlots(r));
  }

  private allowFacts(rule: EffectiveRule): AllowFacts {
    const r = rule.rule;
    const base: RuleWeightId[] = [];
    if (r.form === 'bare') {
      if (r.tool === 'Bash' || r.tool === 'PowerShell') base.push('unrestricted-shell');
      else if (EDIT_TOOLS.has(r.tool)) base.push('unrestricted-edit');
      else if (r.tool === 'WebFetch') base.push('unrestricted-webfetch');
      else if (r.tool === 'Read') base.push('unrestricted-read');
      else if (r.tool === 'Agent') base.push('unrestricted-agent');
    }
    for (const risk of risksOfRule(rule)) base.push(risk.risk);
    if (r.form === 'domain' && r.domain && (r.domain.kind === 'subdomains' || r.domain.host.includes('*'))) base.push('broad-webfetch-domain');
    return { base, basePoints: base.reduce((sum, id) => sum + points(id), 0), reach: this.reach(rule) };
  }

  /**
   * Sensitive samples an allow lets the agent read (Read) or edit (Edit, bare Write) without asking, as
   * permissions/sensitive-path-exposure sees them. Reads inside the project need no rule, and protected paths are
   * never pre-approved for writing (reference §2.7).
   */
  private reach(rule: EffectiveRule): AllowFacts['reach'] {
    const r = rule.rule;
    const tool: SampleTool | undefined = r.tool === 'Read' || r.tool === 'Edit' ? r.tool : r.tool === 'Write' && r.form === 'bare' ? 'Write' : undefined;
    if (!tool) return [];
    const { samples } = this;
    const matchesPath = fileMatcher(r, tool, { bases: rule.bases, behaviour: this.ctx.behaviour });
    if (!matchesPath) return [];
    const byTarget = new Map<SensitiveTarget, number[]>();
    samples.forEach((s, i) => {
      if (tool === 'Read' ? s.inRoot : s.protected) return;
      const slot = slotOf(tool, i, samples.length);
      if (!matchesPath(s.path)) return;
      const slots = byTarget.get(s.target) ?? [];
      slots.push(slot);
      byTarget.set(s.target, slots);
    });
    return [...byTarget].map(([target, slots]) => ({ target, slots }));
  }

  private blockerSlots(rule: EffectiveRule): number[] {
    const at = { bases: rule.bases, behaviour: this.ctx.behaviour };
    const slots: number[] = [];
    const { samples } = this;
    // Most deny/ask rules govern none of the sample tools: their calls are not asked one by one.
    for (const tool of SAMPLE_TOOLS) {
      const matchesPath = fileMatcher(rule.rule, tool, at);
      if (!matchesPath) continue;
      for (let i = 0; i < samples.length; i++) if (matchesPath(samples[i]!.path)) slots.push(slotOf(tool, i, samples.length));
    }
    return slots;
  }
}

const contexts = new Map<string, RuleFacts>();

function factsFor(ctx: TrackerContext): RuleFacts {
  const sig = `${ctx.behaviour.version}\0${ctx.root}\0${ctx.home}`;
  let facts = contexts.get(sig);
  if (!facts) {
    if (contexts.size > 16) contexts.clear();
    contexts.set(sig, (facts = new RuleFacts(ctx)));
  }
  return facts;
}

export class IndexTracker {
  private readonly allows = new Map<string, AllowEntry>();
  private readonly blockers: LiveRules;
  /** Allow entries by each lookup key (the allows a deny/ask with that own key may contain). */
  private readonly allowBuckets = new Map<string, Set<AllowEntry>>();
  /** Allow entries by each sample slot they reach (the allows whose points a blocker of that slot moves). */
  private readonly allowsBySlot = new Map<number, Set<AllowEntry>>();
  private readonly blocked: Int32Array;
  /** What `value` returns, kept up to date by every change (points are integers: sums stay exact). */
  private total = 0;
  private readonly facts: RuleFacts;

  constructor(ctx: TrackerContext) {
    this.facts = factsFor(ctx);
    this.blockers = new LiveRules(ctx.behaviour);
    this.blocked = new Int32Array(SAMPLE_TOOLS.length * this.facts.samples.length);
  }

  /** Adds a live rule (effective and not dead; the caller filters). */
  add(r: EffectiveRule): void {
    if (r.rule.list === 'allow') this.addAllow(r);
    else this.addBlocker(r);
  }

  remove(r: EffectiveRule): void {
    if (r.rule.list === 'allow') this.removeAllow(r);
    else this.removeBlocker(r);
  }

  /** The points of every allow: what `hits` would sum to. */
  value(): number {
    return this.total;
  }

  /** The points one allow earns now. */
  private pointsOf(a: AllowEntry): number {
    if (a.shadow > 0) return 0;
    let reached = 0;
    const { reach } = a.facts;
    for (let k = 0; k < reach.length; k++) if (reach[k]!.slots.some((s) => this.blocked[s] === 0)) reached++;
    return a.facts.basePoints + reached * points('sensitive-path') + (earnsNothingElse(a.facts, reached) ? points('other-allow') : 0);
  }

  /** Every contribution, allow by allow in the order they were added. */
  hits(): AllowHit[] {
    const out: AllowHit[] = [];
    for (const a of this.allows.values()) {
      if (a.shadow > 0) continue;
      const because = redact(a.rep.rule.raw);
      const reached = this.reached(a);
      for (const id of a.facts.base) out.push({ id, because });
      for (const t of reached) out.push({ id: 'sensitive-path', componentId: `sensitive-path:${t.id}`, label: `Readable or editable without asking: ${t.label}`, because });
      if (earnsNothingElse(a.facts, reached.length)) out.push({ id: 'other-allow', because });
    }
    return out;
  }

  /** Sensitive targets the allow reaches through a sample no live deny/ask blocks. */
  private reached(a: AllowEntry): SensitiveTarget[] {
    const out: SensitiveTarget[] = [];
    for (const { target, slots } of a.facts.reach) if (slots.some((s) => this.blocked[s] === 0)) out.push(target);
    return out;
  }

  private addAllow(r: EffectiveRule): void {
    // A duplicate (same text, same `/` anchor) grants nothing new.
    const key = allowKey(r);
    const existing = this.allows.get(key);
    if (existing) {
      existing.count++;
      return;
    }
    const { lookup } = ruleIndexKeys(r);
    const entry: AllowEntry = { rep: r, count: 1, shadow: 0, facts: this.facts.allow(r), lookup };
    entry.shadow = this.blockers.countContaining(r);
    this.allows.set(key, entry);
    // Indexed loops: thousands of allows come and go before V8 optimizes these (for-of allocates until then).
    for (let k = 0; k < lookup.length; k++) bucket(this.allowBuckets, lookup[k]!).add(entry);
    const { reach } = entry.facts;
    for (let k = 0; k < reach.length; k++) for (const s of reach[k]!.slots) bucket(this.allowsBySlot, s).add(entry);
    this.total += this.pointsOf(entry);
  }

  private removeAllow(r: EffectiveRule): void {
    const key = allowKey(r);
    const entry = this.allows.get(key);
    if (!entry || --entry.count > 0) return;
    this.total -= this.pointsOf(entry);
    this.allows.delete(key);
    const { lookup } = entry;
    for (let k = 0; k < lookup.length; k++) this.allowBuckets.get(lookup[k]!)?.delete(entry);
    const { reach } = entry.facts;
    for (let k = 0; k < reach.length; k++) for (const s of reach[k]!.slots) this.allowsBySlot.get(s)?.delete(entry);
  }

  private addBlocker(r: EffectiveRule): void {
    const entry = this.blockers.apply(r, 1);
    if (entry) this.blockerMoved(entry, 1);
  }

  private removeBlocker(r: EffectiveRule): void {
    const entry = this.blockers.apply(r, -1);
    if (entry) this.blockerMoved(entry, -1);
  }

  /** A deny/ask arrived (+1) or left (−1): the samples it blocks and the allows it shadows move with it. */
  private blockerMoved(entry: LiveRule, sign: 1 | -1): void {
    const slots = this.facts.blocker(entry.rule);
    const shadowed: AllowEntry[] = [];
    this.allowBuckets.get(entry.own)?.forEach((a) => {
      if (this.blockers.contains(entry.rule, a.rep)) shadowed.push(a);
    });
    // The allows whose points may move: taken out at their old points, put back at their new ones.
    const moved = new Set(shadowed);
    for (let k = 0; k < slots.length; k++) this.allowsBySlot.get(slots[k]!)?.forEach((a) => moved.add(a));
    moved.forEach((a) => (this.total -= this.pointsOf(a)));
    for (let k = 0; k < slots.length; k++) this.blocked[slots[k]!]! += sign;
    for (let k = 0; k < shadowed.length; k++) shadowed[k]!.shadow += sign;
    moved.forEach((a) => (this.total += this.pointsOf(a)));
  }
}

/** Per parsed rule (shared by every state that has it): its text and the separator, built and hashed once. */
const allowTexts = new WeakMap<PermissionRule, string>();

/** What tells an allow apart from its duplicates: its text, and for a `/`-anchored path the folder it is anchored to. */
function allowKey(r: EffectiveRule): string {
  let text = allowTexts.get(r.rule);
  if (text === undefined) allowTexts.set(r.rule, (text = `${r.rule.raw.trim()}\0`));
  return r.rule.path?.anchor === 'source' ? text + r.bases.source : text;
}

/** An allow earns one point when nothing else about it counts (so that every live allow weighs something). */
function earnsNothingElse(facts: AllowFacts, reached: number): boolean {
  return facts.base.length === 0 && reached === 0;
}

function slotOf(tool: SampleTool, i: number, n: number): number {
  return SAMPLE_TOOLS.indexOf(tool) * n + i;
}

function bucket<K, T>(map: Map<K, Set<T>>, key: K): Set<T> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}
