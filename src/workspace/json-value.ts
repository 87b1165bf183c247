/** A JSON object (not an array, not null): what every settings, frontmatter and ledger reader checks first. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A schema as zod gives it: only what {@link parseJsonWith} needs. */
interface SafeParser<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

/**
 * JSON text checked against a schema, for agentgov's own files (lock, signed manifests): the value, or the first
 * problem as `key.path: message` (or "not valid JSON (…)"). Never throws.
 */
export function parseJsonWith<T>(text: string, schema: SafeParser<T>): { ok: true; value: T } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, error: `${issue?.path.map(String).join('.') || '(root)'}: ${issue?.message ?? 'invalid'}` };
}
