import { relInside } from '../../workspace/rel-inside.js';
import { effectivePermissions, type EffectivePermissions } from '../../policies/effective/effective-permissions.js';
import { behaviourFor, type ClaudeBehaviour } from '../../policies/permission-rules/claude-version.js';
import { contains } from '../../policies/permission-rules/contains.js';
import { isDeadRule } from '../../policies/permission-rules/matches.js';
import type { EffectiveRule } from '../../policies/permission-rules/effective-types.js';
import type { ResolvedPolicy } from '../../policies/resolved-policy.js';
import { redact } from '../../policies/catalogs/secrets.js';
import { locate } from '../../workspace/json-document.js';
import type { Workspace } from '../../workspace/types.js';
import type { FindingData, ReportDescriptor, RuleContext } from '../types.js';
import { RuleIndex } from '../../policies/permission-rules/rule-index.js';

/** Everything the permission rules share, computed once per run: the merge, and who shadows or contains whom. */
export interface PermissionsAnalysis {
  behaviour: ClaudeBehaviour;
  effective: EffectivePermissions;
  /** Rules Claude Code applies: effective where they are and not dead by their form. */
  live: EffectiveRule[];
  /** For a live allow or ask: the first live deny (or, for allows, ask) that matches every call it matches. */
  shadowedBy: Map<EffectiveRule, EffectiveRule>;
  /** For a live rule: a broader live rule of the same list that contains it (duplicates excluded). */
  containedIn: Map<EffectiveRule, EffectiveRule>;
  /** For a live rule: an identical earlier rule of the same list. */
  duplicateOf: Map<EffectiveRule, EffectiveRule>;
}

const cache = new WeakMap<Workspace, WeakMap<ResolvedPolicy, PermissionsAnalysis>>();

export function analysisOf(workspace: Workspace, policy: ResolvedPolicy): PermissionsAnalysis {
  let byPolicy = cache.get(workspace);
  if (!byPolicy) cache.set(workspace, (byPolicy = new WeakMap()));
  let analysis = byPolicy.get(policy);
  if (!analysis) byPolicy.set(policy, (analysis = analyse(workspace, policy)));
  return analysis;
}

function analyse(workspace: Workspace, policy: ResolvedPolicy): PermissionsAnalysis {
  const behaviour = behaviourFor(policy.claudeVersion);
  const effective = effectivePermissions(workspace, behaviour);
  const live = effective.rules.filter((r) => r.effective && !isDeadRule(r.rule));
  const byList = { deny: live.filter((r) => r.rule.list === 'deny'), ask: live.filter((r) => r.rule.list === 'ask'), allow: live.filter((r) => r.rule.list === 'allow') };
  const shadowedBy = new Map<EffectiveRule, EffectiveRule>();
  const containedIn = new Map<EffectiveRule, EffectiveRule>();
  const duplicateOf = new Map<EffectiveRule, EffectiveRule>();
  const placed = (r: EffectiveRule) => ({ rule: r.rule, bases: r.bases });
  const denyIndex = new RuleIndex(byList.deny);
  const askIndex = new RuleIndex(byList.ask);
  for (const r of [...byList.allow, ...byList.ask]) {
    const shadows = r.rule.list === 'allow' ? [...denyIndex.candidates(r), ...askIndex.candidates(r)] : denyIndex.candidates(r);
    const hit = shadows.find((s) => contains(placed(s), placed(r), behaviour) === true);
    if (hit) shadowedBy.set(r, hit);
  }
  for (const list of ['deny', 'ask', 'allow'] as const) {
    const rules = byList[list];
    const seen = new Map<string, EffectiveRule>();
    for (const r of rules) {
      // `/path` anchors differ by file (project root vs ~/.claude), so the same text is the same rule only there.
      const key = `${r.rule.raw.trim()}\0${r.rule.path?.anchor === 'source' ? r.bases.source : ''}`;
      const first = seen.get(key);
      if (first) duplicateOf.set(r, first);
      else seen.set(key, r);
    }
    const index = new RuleIndex(rules.filter((r) => !duplicateOf.has(r)));
    for (const r of rules) {
      if (duplicateOf.has(r)) continue;
      const broader = index.candidates(r).find((o) => o !== r && o.rule.raw.trim() !== r.rule.raw.trim() && contains(placed(o), placed(r), behaviour) === true && contains(placed(r), placed(o), behaviour) !== true);
      if (broader) containedIn.set(r, broader);
    }
  }
  return { behaviour, effective, live, shadowedBy, containedIn, duplicateOf };
}

/** Reports a finding at a rule's place in its settings file, identified by the rule text (stable when entries move). */
export function reportRule(context: RuleContext<any>, rule: EffectiveRule, messageId: string, data: FindingData = {}, evidence?: string): void {
  const { file, pointer, scope } = rule.source;
  reportSetting(context, file, pointer, messageId, { rule: shownRule(rule), scope, ...data }, `${rule.rule.list}:${evidence ?? shownRule(rule)}`);
}

/** A rule's text as reports may show it: credentials in it are redacted (secret-in-rule reports them). */
export function shownRule(rule: EffectiveRule): string {
  return redact(rule.rule.raw);
}

/** `file:line` of a rule, for messages that name another rule. */
export function whereIs(rule: EffectiveRule): string {
  return rule.source.line === null ? rule.source.file : `${rule.source.file}:${rule.source.line}`;
}

/** Reports a finding at a settings key (display path + JSON pointer), e.g. `/permissions/defaultMode`. */
export function reportSetting(context: RuleContext<any>, path: string, pointer: string, messageId: string, data: FindingData = {}, evidence?: string): void {
  const file = context.workspace.files.find((f) => f.path === path);
  const descriptor: ReportDescriptor = { file: file ?? path, messageId, data, pointer };
  if (evidence !== undefined) descriptor.evidence = evidence;
  if (file?.json) descriptor.span = locate(file.json, pointer);
  context.report(descriptor);
}

/** The policy file as reports show paths: relative to the root when inside it. */
export function policyDisplayPath(context: RuleContext<any>): string {
  const file = context.policy.sources[context.policy.sources.length - 1];
  if (!file) return 'agentgov.json';
  return relInside(context.workspace.root, file) ?? file;
}
