import * as z from 'zod';
import { once } from '../once.js';
import type { Finding } from './types.js';
import { compareText } from '../text-order.js';

export const BASELINE_PATH = '.agentgov/baseline.json';

const entrySchema = once(() =>
  z.strictObject({
    fingerprint: z.string().min(1),
    ruleId: z.string().min(1),
    file: z.string(),
    reason: z.string(),
    expires: z.iso.date().optional(),
  }),
);

/** The baseline file's schema (built on first use: most runs have no baseline). */
export const baselineSchema = once(() =>
  z.strictObject({
    version: z.literal(1),
    findings: z.array(entrySchema()),
  }),
);

export type BaselineEntry = z.infer<ReturnType<typeof entrySchema>>;
export type Baseline = z.infer<ReturnType<typeof baselineSchema>>;

export interface BaselineOutcome {
  visible: Finding[];
  baselined: number;
  /** Entries past their expiry whose findings are shown again. */
  expired: number;
  /** Entries that match no current finding (fixed, or the finding changed): candidates for removal. */
  unused: number;
}

function isExpired(entry: BaselineEntry, today: string): boolean {
  return entry.expires !== undefined && entry.expires < today;
}

export function todayOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** Hides findings accepted in the baseline, unless their acceptance expired. */
export function applyBaseline(findings: readonly Finding[], baseline: Baseline | undefined, now: Date): BaselineOutcome {
  if (!baseline) return { visible: [...findings], baselined: 0, expired: 0, unused: 0 };
  const today = todayOf(now);
  const byFingerprint = new Map(baseline.findings.map((e) => [e.fingerprint, e]));
  const used = new Set<string>();
  const visible: Finding[] = [];
  let baselined = 0;
  let expired = 0;
  for (const finding of findings) {
    const entry = byFingerprint.get(finding.fingerprint);
    if (entry && entry.ruleId === finding.ruleId) {
      used.add(entry.fingerprint);
      if (!isExpired(entry, today)) {
        baselined++;
        continue;
      }
      expired++;
    }
    visible.push(finding);
  }
  return { visible, baselined, expired, unused: baseline.findings.length - used.size };
}

export interface BuildBaselineOptions {
  reason: string;
  expires?: string;
  now: Date;
}

/**
 * The baseline accepting every current finding. Entries of the previous baseline that still match and have not expired
 * keep their reason and expiry; the others get the new ones. Entries matching nothing are dropped.
 */
export function buildBaseline(findings: readonly Finding[], previous: Baseline | undefined, options: BuildBaselineOptions): Baseline {
  const today = todayOf(options.now);
  const old = new Map((previous?.findings ?? []).map((e) => [e.fingerprint, e]));
  const entries = findings.map((f): BaselineEntry => {
    const prior = old.get(f.fingerprint);
    if (prior && prior.ruleId === f.ruleId && !isExpired(prior, today)) return prior;
    return { fingerprint: f.fingerprint, ruleId: f.ruleId, file: f.location.file, reason: options.reason, ...(options.expires ? { expires: options.expires } : {}) };
  });
  entries.sort((a, b) => compareText(a.file, b.file) || compareText(a.ruleId, b.ruleId) || compareText(a.fingerprint, b.fingerprint));
  return { version: 1, findings: entries };
}

export function serializeBaseline(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}
