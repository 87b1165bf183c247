import { parseJsonWith } from '../workspace/json-value.js';
import * as z from 'zod';
import { once } from '../once.js';
import { sortKeys } from '../policies/canonical-json.js';
import { LOCKFILE_VERSION, type Lock } from './lock-types.js';

/** The lock's bytes: keys sorted at every level, 2-space indent, one final newline; nothing that depends on when or where. */
export function serializeLock(lock: Lock): string {
  return `${JSON.stringify(sortKeys(lock), null, 2)}\n`;
}

const lockSchema = once(() => {
  const entrySchema = z.looseObject({
    kind: z.string(),
    scope: z.string(),
    bytes: z.number(),
    integrity: z.string().optional(),
    normalized: z.string().optional(),
    gitBlob: z.string().optional(),
    version: z.string().optional(),
  });
  return z.looseObject({
    lockfileVersion: z.literal(LOCKFILE_VERSION),
    hashProfile: z.string(),
    root: z.string(),
    files: z.record(z.string(), entrySchema),
    extensions: z.record(z.string(), z.record(z.string(), z.looseObject({ integrity: z.string() }))).optional(),
  });
});

export type ParsedLock = { ok: true; lock: Lock } | { ok: false; error: string };

/** Reads a lock file's text; never throws. A lock without `extensions` (hand-edited) reads as having none. */
export function parseLock(text: string): ParsedLock {
  const parsed = parseJsonWith(text.replace(/^\uFEFF/, ''), lockSchema());
  if (!parsed.ok) return parsed;
  return { ok: true, lock: { ...(parsed.value as unknown as Lock), extensions: (parsed.value.extensions ?? {}) as Lock['extensions'] } };
}
