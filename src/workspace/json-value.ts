/** A JSON object (not an array, not null): what every settings, frontmatter and ledger reader checks first. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
