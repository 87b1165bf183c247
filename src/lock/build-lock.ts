import { redact } from '../policies/catalogs/secrets.js';
import { reachable } from '../workspace/prompts/import-graph.js';
import { MAX_IMPORT_HOPS } from '../workspace/prompts/imports.js';
import { LineIndex } from '../workspace/positions.js';
import type { PromptFile, PromptSet } from '../workspace/prompts/types.js';
import { gitBlobOf, sha256Hex } from '../workspace/hash.js';
import { h1Of, HASH_PROFILE, hexOfIntegrity, integrityOf, lineCountOf, normalizedIntegrityOf } from './hashes.js';
import { findHiddenCharacters } from './hidden-characters.js';
import { LOCKFILE_VERSION, type ExtensionLockEntry, type Lock, type LockEntry } from './lock-types.js';

/** Frontmatter keys that change what a prompt may do (tools, mode, model, hooks, servers, activation), copied into the lock. */
const SECURITY_FRONTMATTER_KEYS = ['allowed-tools', 'tools', 'permissionMode', 'model', 'hooks', 'mcpServers', 'paths', 'disable-model-invocation'] as const;
const MAX_FLAGS = 20;
/** Stands for the hash of an import outside the lock (the home folder): its path counts, its machine-specific content does not. */
const OUTSIDE = '-';

const cache = new WeakMap<PromptSet, Lock>();

/**
 * The lock of a prompt set as it is now: every lockable file with its hashes, the extension entries loaded with the
 * set, and `root` over all of it. Memoised per set.
 */
export function lockOf(set: PromptSet): Lock {
  const cached = cache.get(set);
  if (cached) return cached;
  const lockable = set.files.filter((f) => f.lockable);
  const files: Record<string, LockEntry> = {};
  for (const file of lockable) files[file.path] = entryOf(file, set);
  const extensions = set.extensions ?? {};
  const lock: Lock = { lockfileVersion: LOCKFILE_VERSION, hashProfile: HASH_PROFILE, root: rootOf(lockable, files, extensions), files, extensions };
  cache.set(set, lock);
  return lock;
}

/** The prompt-set hash (the lock's `root`), as every report shows it. */
export function promptSetHashOf(set: PromptSet): string {
  return lockOf(set).root;
}

function entryOf(file: PromptFile, set: PromptSet): LockEntry {
  const entry: LockEntry = { kind: file.kind, scope: file.scope, bytes: file.size };
  if (!file.bytes) {
    entry.unreadable = file.problems[0]?.code ?? 'io-error';
    return entry;
  }
  entry.lines = lineCountOf(file.bytes);
  entry.integrity = integrityOf(file.bytes);
  entry.normalized = normalizedIntegrityOf(file.bytes);
  entry.gitBlob = gitBlobOf(file.bytes);
  entry.imports = file.imports.filter((l) => !l.problem || l.problem === 'outside-repository').map((l) => l.target ?? l.raw);
  entry.closure = closureOf(file, set);
  if (file.bundle) entry.bundle = h1Of(file.bundle.map((b) => ({ name: b.name, sha256Hex: b.bytes ? sha256Hex(b.bytes) : OUTSIDE })));
  const version = declaredVersion(file);
  if (version !== undefined) entry.version = version;
  const frontmatter = securityFrontmatter(file);
  if (frontmatter) entry.frontmatter = frontmatter;
  const flags = flagsOf(file);
  if (flags.length > 0) entry.flags = flags;
  return entry;
}

function closureOf(file: PromptFile, set: PromptSet): string {
  const reach = reachable(set.files, [file], MAX_IMPORT_HOPS);
  const lines = [...reach.keys()].map((f) => ({ name: f.path, sha256Hex: f.lockable && f.bytes ? sha256Hex(f.bytes) : OUTSIDE }));
  return h1Of(lines);
}

/** `version:` in the frontmatter, or `metadata.version` (the Agent Skills spec allows only `metadata` for own keys). */
export function declaredVersion(file: Pick<PromptFile, 'frontmatter'>): string | undefined {
  const fm = file.frontmatter;
  const data = fm?.data;
  if (!fm || !data) return undefined;
  const path = data.version !== undefined ? ['version'] : ['metadata', 'version'];
  const value = path.length === 1 ? data.version : data.metadata && typeof data.metadata === 'object' ? (data.metadata as Record<string, unknown>).version : undefined;
  if (typeof value === 'string') return value;
  if (typeof value !== 'number') return undefined;
  // `version: 1.0` is the number 1 to YAML; the version the author wrote is the source text.
  const node = fm.doc?.getIn(path, true) as { range?: [number, number, number] } | undefined;
  return node?.range ? fm.yamlText.slice(node.range[0], node.range[1]).trim() : String(value);
}

function securityFrontmatter(file: PromptFile): Record<string, unknown> | undefined {
  const data = file.frontmatter?.data;
  if (!data) return undefined;
  const out: Record<string, unknown> = {};
  for (const key of SECURITY_FRONTMATTER_KEYS) {
    if (data[key] !== undefined) out[key] = redactedCopy(JSON.parse(JSON.stringify(data[key]) ?? 'null'));
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** A JSON value with every string in it (keys too) redacted: the lock is committed, and a hook command may hold a token. */
function redactedCopy(value: unknown): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map(redactedCopy);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k), redactedCopy(v)]));
  return value;
}

function flagsOf(file: PromptFile): string[] {
  const flags: string[] = [];
  if (file.problems.some((p) => p.code === 'invalid-utf8')) flags.push('invalid-utf8');
  if (file.text !== undefined) {
    const lines = new LineIndex(file.text);
    for (const run of findHiddenCharacters(file.text)) {
      const at = lines.position(run.offset);
      flags.push(`hidden:${run.codePoints.slice(0, 4).join(',')}${run.codePoints.length > 4 ? ',…' : ''}@${at.line}:${at.column}`);
    }
  }
  return flags.length > MAX_FLAGS ? [...flags.slice(0, MAX_FLAGS), `…${flags.length - MAX_FLAGS} more`] : flags;
}

/** h1 over `<sha256 of the raw bytes>  <path>` of every file, every skill bundle file and every extension entry. */
function rootOf(files: readonly PromptFile[], entries: Lock['files'], extensions: Lock['extensions']): string {
  const lines = new Map<string, string>();
  for (const file of files) {
    const integrity = entries[file.path]?.integrity;
    lines.set(file.path, integrity ? hexOfIntegrity(integrity) : OUTSIDE);
    for (const b of file.bundle ?? []) lines.set(b.path, b.bytes ? sha256Hex(b.bytes) : OUTSIDE);
  }
  for (const [kind, byKey] of Object.entries(extensions)) {
    for (const [key, entry] of Object.entries(byKey as Record<string, ExtensionLockEntry>)) lines.set(`${kind}:${key}`, hexOfIntegrity(entry.integrity));
  }
  return h1Of([...lines].map(([name, sha256Hex]) => ({ name, sha256Hex })));
}
