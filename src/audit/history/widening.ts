import { effectivePermissions, type EffectivePermissions, type ModeSetting } from '../../policies/effective/effective-permissions.js';
import { isLiveRule } from '../../policies/effective/permissiveness-index.js';
import type { ClaudeBehaviour } from '../../policies/permission-rules/claude-version.js';
import { contains } from '../../policies/permission-rules/contains.js';
import type { EffectiveRule, PermissionMode } from '../../policies/permission-rules/effective-types.js';
import type { Workspace } from '../../workspace/types.js';
import { RuleIndex } from '../../policies/permission-rules/rule-index.js';

export type WideningKind = 'allow-added' | 'deny-removed' | 'ask-removed' | 'mode-escalated';

export interface Widening {
  kind: WideningKind;
  /** The rule added or removed (or the new mode). */
  rule: string;
  file: string;
  scope: string;
  pointer: string;
  /** For mode escalations: the previous mode. */
  from?: string;
}

/** How much a starting mode lets through without asking: dontAsk and plan below default, bypassPermissions on top. */
export const MODE_RANK: Record<PermissionMode, number> = { plan: 0, dontAsk: 0, default: 1, acceptEdits: 2, auto: 3, bypassPermissions: 4 };

function live(effective: EffectivePermissions): EffectiveRule[] {
  return effective.rules.filter(isLiveRule);
}

const placed = (r: EffectiveRule) => ({ rule: r.rule, bases: r.bases });
const covers = (index: RuleIndex, inner: EffectiveRule, behaviour: ClaudeBehaviour) => index.candidates(inner).some((o) => contains(placed(o), placed(inner), behaviour) === true);

/** The widening a rule makes by arriving (an allow) or leaving (a deny or an ask), where its file has it. */
export function ruleWidening(kind: 'allow-added' | 'deny-removed' | 'ask-removed', r: EffectiveRule): Widening {
  return { kind, rule: r.rule.raw, file: r.source.file, scope: r.source.scope, pointer: r.source.pointer };
}

/** A starting mode that lets more through than the one before, or undefined. */
export function modeEscalation(before: ModeSetting, after: ModeSetting): Widening | undefined {
  if (MODE_RANK[after.value] <= MODE_RANK[before.value]) return undefined;
  return { kind: 'mode-escalated', rule: after.value, from: before.value, file: after.source?.file ?? '.claude/settings.json', scope: after.source?.scope ?? 'project', pointer: '/permissions/defaultMode' };
}

/**
 * Semantic widening between two states: an allow at `after` that no allow at `before` already contained (and that no
 * deny/ask at `after` shadows); a deny or ask at `before` that nothing at `after` still covers; a starting mode that
 * lets more through. Reordering, reformatting, removing allows, adding covered allows or denies are not widenings.
 * History replays commits with replay.ts, which must agree with this (test/audit/history/replay.test.ts).
 */
export function wideningsBetween(before: Workspace, after: Workspace, behaviour: ClaudeBehaviour): Widening[] {
  const eb = effectivePermissions(before, behaviour);
  const ea = effectivePermissions(after, behaviour);
  const lb = live(eb);
  const la = live(ea);
  // Unchanged rule texts in unchanged places cannot widen: only compare what differs.
  const key = (r: EffectiveRule) => `${r.rule.list}\0${r.rule.raw.trim()}\0${r.source.file}`;
  const beforeKeys = new Set(lb.map(key));
  const afterKeys = new Set(la.map(key));
  const allowsBefore = new RuleIndex(lb.filter((r) => r.rule.list === 'allow'));
  const blockersAfter = new RuleIndex(la.filter((r) => r.rule.list !== 'allow'));
  const deniesAfter = new RuleIndex(la.filter((r) => r.rule.list === 'deny'));
  const out: Widening[] = [];
  for (const r of la) {
    if (r.rule.list !== 'allow' || (beforeKeys.has(key(r)) && eb.managedRulesOnly === ea.managedRulesOnly)) continue;
    if (covers(allowsBefore, r, behaviour) || covers(blockersAfter, r, behaviour)) continue;
    out.push(ruleWidening('allow-added', r));
  }
  for (const r of lb) {
    if (r.rule.list === 'allow' || afterKeys.has(key(r))) continue;
    if (covers(r.rule.list === 'deny' ? deniesAfter : blockersAfter, r, behaviour)) continue;
    out.push(ruleWidening(r.rule.list === 'deny' ? 'deny-removed' : 'ask-removed', r));
  }
  const mode = modeEscalation(eb.defaultMode, ea.defaultMode);
  if (mode) out.push(mode);
  return out;
}
