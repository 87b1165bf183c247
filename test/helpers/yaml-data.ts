import { parseDocument } from 'yaml';

/**
 * What the YAML parser itself makes of a frontmatter text, called as src/workspace/frontmatter.ts calls it: the
 * reference the fast readers are compared with (parseFrontmatter itself may answer through a fast reader).
 * Undefined when the text is not a clean mapping.
 */
export function yamlData(yamlText: string): unknown {
  const doc = parseDocument(yamlText, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) return undefined;
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  if (value === null || value === undefined) return {};
  return typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}
