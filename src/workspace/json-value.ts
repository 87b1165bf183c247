import { ONE_SHOT } from '../once.js';

/** A JSON object (not an array, not null): what every settings, frontmatter and ledger reader checks first. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value when it is a JSON object, else an empty one. */
export function objectOr(value: unknown): Record<string, unknown> {
  return isObject(value) ? value : {};
}

/** The value at a path of keys (array indices as strings); undefined when the path is not there. Only own keys count. */
export function valueAtPath(value: unknown, keys: readonly string[]): unknown {
  let v = value;
  for (const key of keys) {
    if (Array.isArray(v)) v = v[Number(key)];
    else if (isObject(v)) v = Object.hasOwn(v, key) ? v[key] : undefined;
    else return undefined;
  }
  return v;
}

/** A schema as zod gives it: only what {@link parseJsonWith} needs. */
interface SafeParser<T> {
  safeParse(value: unknown, options: typeof ONE_SHOT): { success: true; data: T } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
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
  const parsed = schema.safeParse(value, ONE_SHOT);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, error: `${issue?.path.map(String).join('.') || '(root)'}: ${issue?.message ?? 'invalid'}` };
}
