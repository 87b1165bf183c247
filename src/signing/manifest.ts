import { parseJsonWith } from '../workspace/json-value.js';
import * as z from 'zod';
import { once } from '../once.js';
import { canonicalJson, sortKeys } from '../policies/canonical-json.js';
import { h1Of } from '../lock/hashes.js';
import { sha256Hex } from '../workspace/hash.js';
import type { Parsed } from './sshsig.js';

/** Design E.6: a detached JSON manifest of a trust tier's extensions, signed with `ssh-keygen -Y sign`. */
const MANIFEST_SCHEMA = 'agentgov-manifest/v1';
/** The SSHSIG namespace, also written in the manifest: a signature made for anything else never verifies one. */
export const MANIFEST_NAMESPACE = 'agentgov-manifest-v1';

export interface ManifestSubject {
  /** The extension kind (`mcp-server`, `hook`, `skill`, …). */
  kind: string;
  /** SRI sha256: of the file for whole-file extensions, of the lock record for MCP servers and hooks. */
  integrity: string;
  /** For a skill: h1 over every file of its folder. */
  bundle?: string;
}

export interface Manifest {
  schema: typeof MANIFEST_SCHEMA;
  namespace: typeof MANIFEST_NAMESPACE;
  /** What rollback protection is keyed by (default: the tier). */
  name: string;
  tier: string;
  /** Monotonic: a verifier refuses a version lower than the last one it accepted. */
  version: number;
  issuedAt: string;
  expiresAt: string;
  /** Keyed like the lock: a file's display path, or `<file>#<JSON pointer>` inside it. */
  subjects: Record<string, ManifestSubject>;
  /** h1 over the subjects, so a lock or a report can name the whole set. */
  root: string;
}

const manifestSchema = once(() => {
  const isoDate = z.string().refine((s) => /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date-time');
  return z.looseObject({
    schema: z.literal(MANIFEST_SCHEMA),
    namespace: z.literal(MANIFEST_NAMESPACE),
    name: z.string().min(1),
    tier: z.string().min(1),
    version: z.number().int().positive(),
    issuedAt: isoDate,
    expiresAt: isoDate,
    subjects: z.record(z.string(), z.looseObject({ kind: z.string(), integrity: z.string().regex(/^sha256-[A-Za-z0-9+/]{43}=$/), bundle: z.string().optional() })),
    root: z.string(),
  });
});

/** h1 over `<sha256 of the subject's canonical JSON>  <key>` of every subject. */
export function manifestRootOf(subjects: Record<string, ManifestSubject>): string {
  return h1Of(Object.entries(subjects).map(([name, subject]) => ({ name, sha256Hex: sha256Hex(canonicalJson(subject)) })));
}

export function buildManifest(input: Omit<Manifest, 'schema' | 'namespace' | 'root'>): Manifest {
  return { schema: MANIFEST_SCHEMA, namespace: MANIFEST_NAMESPACE, ...input, root: manifestRootOf(input.subjects) };
}

/** Sorted keys, two-space indent, final newline: reviewable, and the signature covers exactly these bytes. */
export function serializeManifest(manifest: Manifest): string {
  return `${JSON.stringify(sortKeys(manifest), null, 2)}\n`;
}

/** Reads a manifest's bytes; never throws. Its `root` must match its subjects. */
export function parseManifest(bytes: Uint8Array): Parsed<Manifest> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    return { ok: false, error: `not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const parsed = parseJsonWith(text, manifestSchema());
  if (!parsed.ok) return parsed;
  const manifest = parsed.value as unknown as Manifest;
  if (manifestRootOf(manifest.subjects) !== manifest.root) return { ok: false, error: 'root does not match the subjects' };
  return { ok: true, value: manifest };
}
