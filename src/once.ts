/**
 * A value built on first use, then kept. For zod schemas at module level: zod builds every node eagerly, and the
 * pre-commit check paid milliseconds at start-up for schemas of files (a baseline, a lock, a signed manifest, a
 * policy section) that most runs never read.
 */
export function once<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= build());
}

/**
 * zod's parse options for a schema that parses one value per run (a policy, a rule's options, a lock, a manifest):
 * its compiled fast path (a `new Function` per object schema) costs more to build than it saves.
 */
export const ONE_SHOT = { jitless: true } as const;
