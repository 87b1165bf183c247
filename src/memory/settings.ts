import type { ResolvedPolicy } from '../policies/resolved-policy.js';

export const MEMORY_TYPES = ['user', 'feedback', 'project', 'reference', 'unknown'] as const;
export type MemoryType = (typeof MEMORY_TYPES)[number];

/** Everything the memory model reads from the policy's `memory` section, with the defaults of reference §E.2–E.3. */
export interface MemorySettings {
  stores: string[];
  autoMemory: boolean;
  agentMemory: boolean;
  halfLifeDays: Record<MemoryType, number>;
  importance: Record<MemoryType, number>;
  beta: number;
  maxMultiplier: number;
  flagBelow: number;
  archiveBelow: number;
  keep: { pinned: boolean; withinDays: number; types: MemoryType[]; last: number; names: string[] };
  maxAgeDays?: number;
  maxItems?: number;
  index: { lines: number; bytes: number };
  /** The size prune brings an index over it down to, by dropping the lines of its lowest-scored items (reference §E.2). */
  indexTarget: { lines: number; bytes: number };
  maxArchiveFraction: number;
  quietMinutes: number;
  activeSessionMinutes: number;
}

/** Reference memory-and-prompts §E.2–E.3: half-lives, default importance by type (5 is a factor of 1.0), keep-last. */
const DEFAULT_HALF_LIFE_DAYS: Record<MemoryType, number> = { project: 30, reference: 90, feedback: 180, user: 365, unknown: 60 };
const DEFAULT_IMPORTANCE: Record<MemoryType, number> = { user: 7, feedback: 6, project: 5, reference: 4, unknown: 5 };
const DEFAULT_KEEP_LAST = 10;
/** Claude Code loads the first 200 lines or 25,000 bytes of MEMORY.md (reference §A.2). */
const INDEX_LIMIT = { lines: 200, bytes: 25_000 };
/** Headroom under that limit (reference §E.3 `index.target`). */
const INDEX_TARGET = { lines: 150, bytes: 20_000 };

type Section = {
  stores?: string[];
  autoMemory?: boolean;
  agentMemory?: boolean;
  halfLifeDays?: Partial<Record<MemoryType, number>>;
  importance?: Partial<Record<MemoryType, number>>;
  reinforcement?: { beta?: number; maxMultiplier?: number };
  thresholds?: { flag?: number; archive?: number };
  keep?: { pinned?: boolean; within?: string; types?: MemoryType[]; last?: number; names?: string[] };
  maxAgeDays?: number;
  maxItems?: number;
  index?: { lines?: number; bytes?: number; target?: { lines?: number; bytes?: number } };
  safety?: { maxArchiveFraction?: number; quietMinutes?: number; activeSessionMinutes?: number };
};

const UNIT_DAYS: Record<string, number> = { y: 365, m: 30, w: 7, d: 1, h: 1 / 24 };

/** Days in a restic-style duration (`14d`, `2w`, `1y2m`, `36h`); undefined when it is not one. */
export function durationDays(text: string): number | undefined {
  if (!/^(?=\d)(\d+y)?(\d+m)?(\d+w)?(\d+d)?(\d+h)?$/.test(text)) return undefined;
  let days = 0;
  for (const [, n, unit] of text.matchAll(/(\d+)([ymwdh])/g)) days += Number(n) * (UNIT_DAYS[unit as string] ?? 0);
  return days;
}

export function memorySettings(policy: Pick<ResolvedPolicy, 'sections'>): MemorySettings {
  const s = (policy.sections.memory ?? {}) as Section;
  const settings: MemorySettings = {
    stores: s.stores ?? [],
    autoMemory: s.autoMemory ?? true,
    agentMemory: s.agentMemory ?? true,
    halfLifeDays: { ...DEFAULT_HALF_LIFE_DAYS, ...stripUndefined(s.halfLifeDays) },
    importance: { ...DEFAULT_IMPORTANCE, ...stripUndefined(s.importance) },
    beta: s.reinforcement?.beta ?? 0.5,
    maxMultiplier: s.reinforcement?.maxMultiplier ?? 4,
    flagBelow: s.thresholds?.flag ?? 0.5,
    archiveBelow: s.thresholds?.archive ?? 0.25,
    keep: {
      pinned: s.keep?.pinned ?? true,
      withinDays: durationDays(s.keep?.within ?? '14d') ?? 14,
      types: s.keep?.types ?? ['user'],
      last: s.keep?.last ?? DEFAULT_KEEP_LAST,
      names: s.keep?.names ?? [],
    },
    index: { lines: s.index?.lines ?? INDEX_LIMIT.lines, bytes: s.index?.bytes ?? INDEX_LIMIT.bytes },
    indexTarget: { lines: s.index?.target?.lines ?? INDEX_TARGET.lines, bytes: s.index?.target?.bytes ?? INDEX_TARGET.bytes },
    maxArchiveFraction: s.safety?.maxArchiveFraction ?? 0.5,
    quietMinutes: s.safety?.quietMinutes ?? 5,
    activeSessionMinutes: s.safety?.activeSessionMinutes ?? 10,
  };
  if (s.maxAgeDays !== undefined) settings.maxAgeDays = s.maxAgeDays;
  if (s.maxItems !== undefined) settings.maxItems = s.maxItems;
  return settings;
}

function stripUndefined<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}
