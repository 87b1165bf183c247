/** JSON with object keys sorted at every level, so equal data always gives equal bytes (and hashes). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

/** The value with object keys sorted at every level and undefined members dropped. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}


/**
 * Whether two parsed JSON values are equal as `canonicalJson` would print them (key order ignored), without
 * printing them: history compares a dozen keys per commit over thousands of commits.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    // Anything but plain JSON data (NaN, undefined, bigint …) is settled by the printed form.
    return typeof a === 'number' || typeof b === 'number' || a === undefined || b === undefined ? canonicalJson(a) === canonicalJson(b) : false;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  // An undefined element prints as null.
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x ?? null, b[i] ?? null));
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  // Members whose value is undefined do not print, so they do not count.
  let defined = 0;
  for (const k of Object.keys(ra)) {
    if (ra[k] === undefined) continue;
    defined++;
    if (!Object.hasOwn(rb, k) || !sameJson(ra[k], rb[k])) return false;
  }
  for (const k of Object.keys(rb)) if (rb[k] !== undefined) defined--;
  return defined === 0;
}
