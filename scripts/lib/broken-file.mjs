// An oracle for config/ findings, independent of agentgov's own loaders: given a finding's rule and the file it names,
// says (in words) what is really wrong with the file, or returns undefined when nothing is — a false positive.
// Used by the corpus tests and scripts/corpus-all-versions.mjs.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';

/** Claude Code's smallest cap (settings, 2 MiB): a file over it is over every cap that applies to it or to a larger kind. */
const SMALLEST_CAP = 2 * 1024 * 1024;

const SCHEMA_DIR = fileURLToPath(new URL('../../../shared/external/schemastore/src/schemas/json/', import.meta.url));
const SCHEMA_BY_FILE = [
  [/(^|\/)\.claude\/settings(\.local)?\.json$|managed-settings(\.d\/[^/]+)?\.json$/, 'claude-code-settings.json'],
  [/(^|\/)\.claude-plugin\/plugin\.json$/, 'claude-code-plugin-manifest.json'],
  [/(^|\/)\.claude-plugin\/marketplace\.json$/, 'claude-code-marketplace.json'],
];
const validators = new Map();

function validatorFor(file) {
  const name = SCHEMA_BY_FILE.find(([re]) => re.test(file))?.[1];
  if (!name) return undefined;
  if (!validators.has(name)) {
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    validators.set(name, ajv.compile(JSON.parse(readFileSync(path.join(SCHEMA_DIR, name), 'utf8'))));
  }
  return validators.get(name);
}

function decodeStrict(bytes) {
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
}

function jsonType(v) {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

function at(value, pointer) {
  let v = value;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (v === null || typeof v !== 'object' || !(key in v)) return { found: false };
    v = v[key];
  }
  return { found: true, value: v };
}

/**
 * Why `file` (absolute; `display` is its path as reported, used to pick a schema) really is broken in the way
 * `ruleId` says, or undefined when it is not. `finding` carries the reported pointer and data for wrong-type.
 */
export function brokenBecause(ruleId, file, display = file, finding = {}) {
  let st;
  try {
    st = statSync(file);
  } catch (error) {
    return ruleId === 'config/unreadable-file' ? `cannot stat: ${error.code}` : undefined;
  }
  if (!st.isFile()) return ruleId === 'config/unreadable-file' ? 'not a regular file' : undefined;
  if (ruleId === 'config/file-too-large') return st.size > SMALLEST_CAP ? `${st.size} bytes` : undefined;
  let bytes;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    return ruleId === 'config/unreadable-file' ? `cannot read: ${error.code}` : undefined;
  }
  if (ruleId === 'config/unreadable-file') {
    if (bytes.includes(0)) return 'NUL bytes';
    try {
      decodeStrict(bytes);
      return undefined;
    } catch {
      return 'invalid UTF-8';
    }
  }
  let text;
  try {
    text = decodeStrict(bytes);
  } catch {
    text = bytes.toString('utf8');
  }
  if (ruleId === 'config/invalid-json') {
    try {
      JSON.parse(text);
      return undefined;
    } catch (error) {
      return `JSON.parse: ${error.message}`;
    }
  }
  if (ruleId === 'config/invalid-frontmatter') {
    const lines = text.split(/\r?\n/);
    if (!/^---[ \t]*$/.test(lines[0] ?? '')) return undefined;
    const close = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)[ \t]*$/.test(l));
    if (close < 0) return 'frontmatter never closed';
    try {
      parseYaml(lines.slice(1, close).join('\n'));
      return undefined;
    } catch (error) {
      return `YAML: ${error.message.split('\n')[0]}`;
    }
  }
  if (ruleId === 'config/wrong-type') {
    let value;
    try {
      value = JSON.parse(text);
    } catch {
      return undefined;
    }
    const pointer = finding.pointer ?? '';
    const validate = validatorFor(display);
    if (validate) {
      if (validate(value)) return undefined;
      const typeErrors = (validate.errors ?? []).filter((e) => e.keyword === 'type' && (e.instancePath === pointer || pointer.startsWith(`${e.instancePath}/`) || e.instancePath.startsWith(`${pointer}/`)));
      return typeErrors.length ? `schema: ${typeErrors[0].instancePath || '/'} ${typeErrors[0].message}` : undefined;
    }
    // No published schema for this file (.mcp.json): at least the reported value must exist and not be of the expected type.
    const got = at(value, pointer);
    const expected = String(finding.data?.expected ?? '');
    return got.found && !expected.split(/ or |, /).includes(jsonType(got.value)) ? `${pointer} is ${jsonType(got.value)}` : undefined;
  }
  return undefined;
}
