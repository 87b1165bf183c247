import { effectivePermissions, type EffectivePermissions } from '../../policies/effective/effective-permissions.js';
import type { ClaudeBehaviour } from '../../policies/permission-rules/claude-version.js';
import { contains, isDeadRule } from '../../policies/permission-rules/contains.js';
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
  return effective.rules.filter((r) => r.effective && !isDeadRule(r.rule));
}

const placed = (r: EffectiveRule) => ({ rule: r.rule, bases: r.bases });
const covers = (index: RuleIndex, inner: EffectiveRule, behaviour: ClaudeBehaviour) => index.candidates(inner).some((o) => contains(placed(o), placed(inner), behaviour) === true);

const effectiveCache = new WeakMap<Workspace, WeakMap<ClaudeBehaviour, EffectivePermissions>>();

/** Effective permissions of a workspace, memoised: history compares each state with the one before and after it. */
export function effectiveOf(ws: Workspace, behaviour: ClaudeBehaviour): EffectivePermissions {
  let byBehaviour = effectiveCache.get(ws);
  if (!byBehaviour) effectiveCache.set(ws, (byBehaviour = new WeakMap()));
  let effective = byBehaviour.get(behaviour);
  if (!effective) byBehaviour.set(behaviour, (effective = effectivePermissions(ws, behaviour)));
  return effective;
}

/**
 * Semantic widening between two states: an allow at `after` that no allow at `before` already contained (and that no
 * deny/ask at `after` shadows); a deny or ask at `before` that nothing at `after` still covers; a starting mode that
 * lets more through. Reordering, reformatting, removing allows, adding covered allows or denies are not widenings.
 */
export function wideningsBetween(before: Workspace, after: Workspace, behaviour: ClaudeBehaviour): Widening[] {
  const eb = effectiveOf(before, behaviour);
  const ea = effectiveOf(after, behaviour);
  const lb = live(eb);
  const la = live(ea);
  // Unchanged rule texts in unchanged places cannot widen: only compare what differs.
  const key = (r: EffectiveRule) => `${r.rule.list}\0${r.rule.raw.trim()}\0${r.source.file}`;
  const beforeKeys = new Set(lb.map(key));
  const afterKeys = new Set(la.map(key));
  const allowsBefore = new RuleIndex(lb.filter((r) => r.rule.list === 'allow'));
  const blockersAfter = new RuleIndex(la.filter((r) => r.rule.list !== 'allow'));
  const deniesAfter = new RuleIndex(la.filter((r) => r.rule.list === 'deny'));
  const asksAndDeniesAfter = blockersAfter;
  const out: Widening[] = [];
  const where = (r: EffectiveRule) => ({ file: r.source.file, scope: r.source.scope, pointer: r.source.pointer });
  for (const r of la) {
    if (r.rule.list !== 'allow' || (beforeKeys.has(key(r)) && eb.managedRulesOnly === ea.managedRulesOnly)) continue;
    if (covers(allowsBefore, r, behaviour) || covers(blockersAfter, r, behaviour)) continue;
    out.push({ kind: 'allow-added', rule: r.rule.raw, ...where(r) });
  }
  for (const r of lb) {
    if (r.rule.list === 'allow' || afterKeys.has(key(r))) continue;
    if (covers(r.rule.list === 'deny' ? deniesAfter : asksAndDeniesAfter, r, behaviour)) continue;
    out.push({ kind: r.rule.list === 'deny' ? 'deny-removed' : 'ask-removed', rule: r.rule.raw, ...where(r) });
  }
  if (MODE_RANK[ea.defaultMode.value] > MODE_RANK[eb.defaultMode.value]) {
    const source = ea.defaultMode.source;
    out.push({ kind: 'mode-escalated', rule: ea.defaultMode.value, from: eb.defaultMode.value, file: source?.file ?? '.claude/settings.json', scope: source?.scope ?? 'project', pointer: '/permissions/defaultMode' });
  }
  return out;
}
