import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { policyJsonSchema, policySchema, SECTION_NAMES } from '../../src/policies/policy-schema.js';
import { MEMORY_TYPES } from '../../src/memory/settings.js';
import { TRUST_TIERS } from '../../src/workspace/extensions/types.js';
import { REPO_ROOT } from '../helpers/shared.js';

const DOC = readFileSync(path.join(REPO_ROOT, 'docs/policy.md'), 'utf8');

interface JsonSchema {
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
}

/** Maps keyed by a fixed set (the trust tiers, the memory types) are documented once, with a placeholder. */
const PLACEHOLDERS: [string, readonly string[]][] = [
  ['<tier>', TRUST_TIERS],
  ['<type>', MEMORY_TYPES],
];
const placeholderFor = (keys: string[]) => PLACEHOLDERS.find(([, set]) => set.length === keys.length && keys.every((k) => set.includes(k)))?.[0];

/**
 * What a section's documentation must name: `a.b.c` for every key reached through objects (a map keyed by tiers or
 * types as `a.<tier>.c`, or as `a` when its values are plain), and `field` for every field of a list's entries.
 */
function documentedNames(schema: JsonSchema, prefix: string, out = { paths: new Set<string>(), fields: new Set<string>() }, inList = false) {
  for (const variant of schema.anyOf ?? []) documentedNames(variant, prefix, out, inList);
  if (schema.items) documentedNames(schema.items, prefix, out, true);
  const keys = Object.keys(schema.properties ?? {});
  if (keys.length === 0) {
    if (prefix && !inList) out.paths.add(prefix);
    return out;
  }
  const placeholder = placeholderFor(keys);
  for (const [key, value] of Object.entries(schema.properties ?? {})) {
    if (inList) {
      out.fields.add(key);
      documentedNames(value, '', out, true);
      continue;
    }
    const plain = placeholder && !value.properties && !value.items && !value.anyOf;
    documentedNames(value, plain ? prefix : `${prefix ? `${prefix}.` : ''}${placeholder ?? key}`, out);
  }
  return out;
}

/** The text of docs/policy.md under `### \`key\``, up to the next heading of its level or above. */
function sectionOf(key: string): string | undefined {
  const start = DOC.indexOf(`\n### \`${key}\`\n`);
  if (start < 0) return undefined;
  const rest = DOC.slice(start + 1);
  const end = rest.slice(1).search(/\n#{1,3} /);
  return end < 0 ? rest : rest.slice(0, end + 1);
}

const schema = policyJsonSchema() as JsonSchema;

describe('docs/policy.md', () => {
  it('has a section for every top-level key of the policy schema', () => {
    const keys = Object.keys(schema.properties ?? {});
    expect(keys).toEqual(expect.arrayContaining([...SECTION_NAMES]));
    for (const key of keys) expect(sectionOf(key), key).toBeDefined();
  });

  it.each(SECTION_NAMES)('documents every key of the %s section', (section) => {
    const text = sectionOf(section) ?? '';
    const { paths, fields } = documentedNames(schema.properties?.[section] ?? {}, '');
    expect(paths.size).toBeGreaterThan(0);
    const missing = [...paths, ...fields].filter((name) => !text.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });

  it('shows only examples the schema accepts', () => {
    const examples = [...DOC.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1] ?? '') as unknown);
    expect(examples.length).toBeGreaterThanOrEqual(SECTION_NAMES.length);
    for (const example of examples) expect(policySchema().safeParse(example).error?.issues ?? [], JSON.stringify(example)).toEqual([]);
  });
});
