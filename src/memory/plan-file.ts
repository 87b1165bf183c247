import * as z from 'zod';
import type { ExecutablePlan, Planned } from './executor.js';
import { MemoryError } from './fs-ops.js';
import type { MemoryPlan } from './plan.js';

/** `memory plan --out plan.json`: what `prune --apply --plan plan.json` executes. No memory content, only paths and hashes. */
export interface PlanFile {
  planVersion: 1;
  planId: string;
  createdAt: string;
  stores: {
    storeId: string;
    name: string;
    root: string;
    digest: string;
    items: number;
    archive: { id: string; relPath: string; sha256: string; r: number; reasons: string[] }[];
    /** Items that keep their file but lose their MEMORY.md lines (the index is over its target). */
    deindex: { id: string; relPath: string; sha256: string; r: number; lines: number[] }[];
    flag: { id: string; relPath: string; r: number }[];
  }[];
}

const planFileSchema = z.object({
  planVersion: z.literal(1),
  planId: z.string().regex(/^[\w.-]{1,80}$/),
  createdAt: z.string(),
  stores: z.array(
    z.object({
      storeId: z.string().regex(/^[0-9a-f]{12}$/),
      digest: z.string(),
      archive: z.array(z.object({ id: z.string().regex(/^mem:[0-9a-f]{16}$/), relPath: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), reasons: z.array(z.string()) })),
      deindex: z.array(z.object({ id: z.string().regex(/^mem:[0-9a-f]{16}$/), relPath: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })).optional(),
    }),
  ),
});

export function planFileOf(plan: MemoryPlan): PlanFile {
  return {
    planVersion: 1,
    planId: plan.planId,
    createdAt: plan.createdAt,
    stores: plan.stores.map((s) => ({
      storeId: s.store.id,
      name: s.store.name,
      root: s.store.root,
      digest: s.digest,
      items: s.store.items.length,
      archive: s.decisions.filter((d) => d.action === 'archive').map((d) => ({ id: d.item.id, relPath: d.item.relPath, sha256: d.item.sha256, r: round(d.score.r), reasons: [...d.archive] })),
      deindex: s.decisions.filter((d) => d.deindex).map((d) => ({ id: d.item.id, relPath: d.item.relPath, sha256: d.item.sha256, r: round(d.score.r), lines: [...d.item.indexLines] })),
      flag: s.decisions.filter((d) => d.action === 'flag').map((d) => ({ id: d.item.id, relPath: d.item.relPath, r: round(d.score.r) })),
    })),
  };
}

export function executableOf(plan: MemoryPlan): ExecutablePlan {
  return fromFile(planFileOf(plan));
}

/** Parses a plan file; anything that is not one is a user error. Paths are re-checked against the store later. */
export function parsePlanFile(text: string, file: string): ExecutablePlan {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new MemoryError(`${file} is not JSON`, 'invalid-plan');
  }
  const parsed = planFileSchema.safeParse(value);
  if (!parsed.success) throw new MemoryError(`${file} is not a memory plan: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).slice(0, 3).join('; ')}`, 'invalid-plan');
  return fromFile(parsed.data);
}

function fromFile(file: Pick<PlanFile, 'planId'> & { stores: { storeId: string; digest: string; archive: (Planned & { reasons: string[] })[]; deindex?: Planned[] | undefined }[] }): ExecutablePlan {
  return {
    planId: file.planId,
    kind: 'prune',
    stores: file.stores.map((s) => ({
      storeId: s.storeId,
      digest: s.digest,
      items: s.archive.map(({ id, relPath, sha256, reasons }) => ({ id, relPath, sha256, reasons })),
      deindex: (s.deindex ?? []).map(({ id, relPath, sha256 }) => ({ id, relPath, sha256 })),
    })),
  };
}

export function round(r: number): number {
  return Math.round(r * 1000) / 1000;
}
