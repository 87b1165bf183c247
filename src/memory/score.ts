import type { ItemState, MemoryItem } from './model.js';
import { isoTimeOf } from './iso-time.js';
import type { MemorySettings } from './settings.js';

const DAY_MS = 86_400_000;

export interface RetentionScore {
  /** ISO time of the latest of modified, verified and recalled (what Δ counts from). */
  anchor?: string;
  anchorSource: 'modified' | 'verified' | 'recalled' | 'none';
  /** The anchor as epoch ms (NaN without one). */
  anchorMs: number;
  /** Days since the anchor, never negative (a future date counts as now, like restic ignoring future snapshots). */
  deltaDays: number;
  halfLifeDays: number;
  importance: number;
  /** Distinct days recalled. */
  recallDays: number;
  /** 1 + β·ln(1 + n), capped. */
  reinforcement: number;
  effectiveHalfLifeDays: number;
  /** R = 2^(−Δ/H_eff), in [0, 1]. */
  r: number;
}

/**
 * The retention score of reference §E.2: R = 2^(−Δ/H_eff), H_eff = H_type × (0.5 + importance/10) × min(cap, 1 +
 * β·ln(1 + distinct recall days)). Never throws: unparsable dates are ignored, and with no usable date Δ is 0 (an
 * item agentgov cannot date is never a candidate).
 */
export function retentionScore(item: Pick<MemoryItem, 'type' | 'modified'> & { modifiedMs?: number }, state: ItemState | undefined, settings: MemorySettings, now: Date): RetentionScore {
  // modified, then verified, then recalled: the latest wins, an earlier source wins a tie. An item's `modified` with
  // its `modifiedMs` is canonical ISO already (items are built that way).
  let anchorMs = item.modifiedMs ?? Date.parse(item.modified);
  let anchorText: string | undefined = !Number.isFinite(anchorMs) ? undefined : item.modifiedMs !== undefined ? item.modified : isoTimeOf(item.modified, anchorMs);
  let anchorSource: RetentionScore['anchorSource'] = anchorText === undefined ? 'none' : 'modified';
  if (state) {
    for (const [text, source] of [[state.lastVerified, 'verified'], [state.lastRecallAt, 'recalled']] as const) {
      const ms = text ? Date.parse(text) : Number.NaN;
      if (Number.isFinite(ms) && (anchorText === undefined || ms > anchorMs)) {
        anchorMs = ms;
        anchorText = isoTimeOf(text as string, ms);
        anchorSource = source;
      }
    }
  }
  const nowMs = now.getTime();
  const deltaDays = anchorText !== undefined && Number.isFinite(nowMs) ? Math.max(0, (nowMs - anchorMs) / DAY_MS) : 0;
  const halfLifeDays = positive(settings.halfLifeDays[item.type], 60);
  const importance = clamp(finite(state?.importance ?? settings.importance[item.type], 5), 1, 10);
  const recallDays = state?.recallDays.length ?? 0;
  const reinforcement = Math.min(Math.max(1, finite(settings.maxMultiplier, 4)), 1 + Math.max(0, finite(settings.beta, 0.5)) * Math.log(1 + recallDays));
  const effectiveHalfLifeDays = halfLifeDays * (0.5 + importance / 10) * reinforcement;
  const r = clamp(2 ** (-deltaDays / effectiveHalfLifeDays), 0, 1);
  return { anchor: anchorText, anchorSource, anchorMs: anchorText === undefined ? Number.NaN : anchorMs, deltaDays, halfLifeDays, importance, recallDays, reinforcement, effectiveHalfLifeDays, r: Number.isFinite(r) ? r : 1 };
}

function finite(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function positive(value: number | undefined, fallback: number): number {
  const v = finite(value, fallback);
  return v > 0 ? v : fallback;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
