import path from 'node:path';
import { once } from '../../once.js';
import { parseAllowedSigners, type AllowedSigner } from '../../signing/allowed-signers.js';
import type { ManifestSubject } from '../../signing/manifest.js';
import { verifyManifest, type AcceptedVersion, type VerifyOutcome } from '../../signing/verify-manifest.js';
import { claudeDirOf } from '../claude-dir.js';
import { displayPath } from '../claude/discover.js';
import { parseJsonValue } from '../json-document.js';
import { isObject, objectOr } from '../json-value.js';
import { pathKind, readBytes, readTextFile } from '../read-file.js';
import type { Workspace } from '../types.js';
import { writeFileAtomic } from '../write-file.js';
import { currentSubjects } from './subjects.js';
import type { Extension, ExtensionInventory } from './types.js';
import type { FileSource } from '../prompts/file-source.js';

/** Largest manifest, signature, signers or state file read (raising it lets a planted file cost more to verify). */
export const MANIFEST_MAX_BYTES = 4 * 1024 * 1024;
/** Where `extensions verify` remembers the last accepted version of each manifest (by name), in the state dir. */
const ACCEPTED_FILE = 'manifests.json';

/** `agentgov-manifest.<tier>.json`, looked for in `<root>/.claude/`, then Claude Code's folder (`~/.claude/` or `$CLAUDE_CONFIG_DIR`), then the managed folder. */
function manifestFileName(tier: string): string {
  return `agentgov-manifest.${tier}.json`;
}

export function manifestCandidates(tier: string, bases: Pick<Workspace, 'root' | 'home' | 'claudeDir' | 'managedDir'>): { abs: string; display: string }[] {
  const name = manifestFileName(tier);
  const claude = claudeDirOf(bases);
  return [
    { abs: path.join(bases.root, '.claude', name), display: `.claude/${name}` },
    { abs: path.join(claude, name), display: displayPath('claude', name, { home: bases.home, claude }) },
    { abs: path.join(bases.managedDir, name), display: `<managed>/${name}` },
  ];
}

/** What signature checks need of the policy's `extensions` section (an `ExtensionsPolicy` is one). */
export interface SignaturePolicy {
  signers?: string;
  requireSignature: readonly string[];
}

export function resolveSignersPath(signers: string, bases: Pick<Workspace, 'root' | 'home'>): string {
  if (signers === '~' || signers.startsWith('~/')) return path.join(bases.home, signers.slice(1));
  return path.resolve(bases.root, signers);
}

export type SignersRead = { ok: true; signers: AllowedSigner[] } | { ok: false; error: string };

/** Reads and parses an allowed_signers file; a missing or malformed file is an error naming the file. */
export async function readSigners(absPath: string): Promise<SignersRead> {
  const read = await readTextFile(absPath, MANIFEST_MAX_BYTES);
  if (read.text === undefined) return { ok: false, error: `cannot read allowed signers ${absPath}: ${read.problems[0]?.code ?? 'unreadable'}` };
  const parsed = parseAllowedSigners(read.text);
  if (!parsed.ok) return { ok: false, error: `allowed signers ${absPath}: ${parsed.error}` };
  if (parsed.value.length === 0) return { ok: false, error: `allowed signers ${absPath} lists no key` };
  return { ok: true, signers: parsed.value };
}

/** The state file's object; a missing, corrupt or non-object file is empty. */
async function readAcceptedState(file: string): Promise<Record<string, unknown>> {
  const read = await readTextFile(file, MANIFEST_MAX_BYTES);
  const value = read.text === undefined ? undefined : parseJsonValue(read.text);
  return objectOr(value);
}

/** The last accepted versions by manifest name; a missing or corrupt state file is empty. */
export async function readAccepted(stateDir: string | undefined): Promise<Record<string, AcceptedVersion>> {
  if (!stateDir) return {};
  const out: [string, AcceptedVersion][] = [];
  for (const [name, entry] of Object.entries(await readAcceptedState(path.join(stateDir, ACCEPTED_FILE)))) {
    if (isObject(entry) && typeof entry.version === 'number' && typeof entry.sha256 === 'string') out.push([name, { version: entry.version, sha256: entry.sha256 }]);
  }
  // fromEntries defines properties: a manifest named `__proto__` is a name like any other.
  return Object.fromEntries(out);
}

/** Remembers an accepted manifest's version, never lowering one already recorded. */
export async function recordAccepted(stateDir: string, name: string, accepted: AcceptedVersion, now: Date): Promise<void> {
  const file = path.join(stateDir, ACCEPTED_FILE);
  const state = await readAcceptedState(file);
  const previous = Object.hasOwn(state, name) ? state[name] : undefined;
  if (isObject(previous) && typeof previous.version === 'number' && previous.version > accepted.version) return;
  Object.defineProperty(state, name, { value: { ...accepted, acceptedAt: now.toISOString() }, enumerable: true, writable: true, configurable: true });
  await writeFileAtomic(file, `${JSON.stringify(state, null, 2)}\n`);
}

/** What a manifest is verified against: the extensions' subjects now and the versions accepted before. */
export interface VerificationBasis {
  current: Map<string, ManifestSubject>;
  accepted: Record<string, AcceptedVersion>;
}

/**
 * The basis, read and hashed on first use and then shared: every tier's manifest is checked against the same
 * extensions, and a run that finds no manifest (or no signature file) hashes nothing.
 */
export function verificationBasisOf(extensions: readonly Extension[], stateDir: string | undefined, source?: FileSource): () => Promise<VerificationBasis> {
  return once(async () => ({ current: await currentSubjects(extensions, source), accepted: await readAccepted(stateDir) }));
}

export interface ManifestVerification {
  outcome?: VerifyOutcome;
  /** Why nothing could be verified: no manifest, no signature file, no usable signers. */
  problem?: { check: string; detail: string };
}

/** Reads a manifest, its `.sig` and the signers, and verifies them against the extensions now. */
export async function verifyManifestFile(input: { manifest: string; signers: SignersRead; now: Date; basis: () => Promise<VerificationBasis> }): Promise<ManifestVerification> {
  const bytes = await readBytes(input.manifest, MANIFEST_MAX_BYTES);
  if (!bytes.bytes) return { problem: { check: 'manifest', detail: `cannot read ${input.manifest}: ${bytes.problems[0]?.code ?? 'unreadable'}` } };
  const sig = await readTextFile(`${input.manifest}.sig`, MANIFEST_MAX_BYTES);
  if (sig.text === undefined) return { problem: { check: 'signature-format', detail: `no signature file ${input.manifest}.sig (${sig.problems[0]?.code ?? 'unreadable'})` } };
  if (!input.signers.ok) return { problem: { check: 'signers', detail: input.signers.error } };
  const { current, accepted } = await input.basis();
  const outcome = verifyManifest({ manifestBytes: bytes.bytes, signatureText: sig.text, signers: input.signers.signers, now: input.now, accepted, current });
  return { outcome };
}

/** Per required tier: where its manifest is, and which extensions a valid signature covers (`ok`) or no longer matches. */
export interface TierSignature {
  tier: string;
  /** Display path of the manifest (or of the first place looked, when there is none). */
  manifest: string;
  /** Why no extension of the tier counts as signed. */
  problem?: { check: string; detail: string };
  /** Extension key → whether its subject in a verified manifest matches it now. */
  subjects: Map<string, 'ok' | 'changed'>;
}

export interface ExtensionSignatures {
  tiers: Record<string, TierSignature>;
}

/**
 * For `extensions/unsigned-extension`: verifies the manifest of every tier the policy requires signatures for. A
 * manifest that fails only because some subjects changed still covers the others; any other failed check (signature,
 * signer, expiry, rollback) leaves the whole tier unsigned. Rollback is checked against the state dir, never recorded.
 */
export async function loadExtensionSignatures(workspace: Workspace, inventory: ExtensionInventory, policy: SignaturePolicy, options: { now: Date; stateDir?: string; source?: FileSource }): Promise<ExtensionSignatures> {
  const signers: SignersRead = policy.signers ? await readSigners(resolveSignersPath(policy.signers, workspace)) : { ok: false, error: 'the policy names no allowed signers (extensions.signers)' };
  const basis = verificationBasisOf(inventory.extensions, options.stateDir, options.source);
  const tiers: Record<string, TierSignature> = {};
  for (const tier of policy.requireSignature) {
    const candidates = manifestCandidates(tier, workspace);
    const found = await firstExisting(candidates.map((c) => c.abs));
    const where = candidates.find((c) => c.abs === found) ?? (candidates[0] as { display: string });
    const result: TierSignature = { tier, manifest: where.display, subjects: new Map() };
    tiers[tier] = result;
    if (!found) {
      result.problem = { check: 'no-manifest', detail: `looked at ${candidates.map((c) => c.display).join(', ')}` };
      continue;
    }
    const verified = await verifyManifestFile({ manifest: found, signers, now: options.now, basis });
    const outcome = verified.outcome;
    const failed = outcome?.checks.find((c) => !c.ok && c.check !== 'subjects');
    if (verified.problem || !outcome?.manifest || failed) {
      result.problem = verified.problem ?? { check: failed?.check ?? 'manifest', detail: failed?.detail ?? 'invalid' };
      continue;
    }
    const mismatched = new Map(outcome.mismatched.map((m) => [m.key, m.reason]));
    for (const key of Object.keys(outcome.manifest.subjects)) result.subjects.set(key, mismatched.has(key) ? 'changed' : 'ok');
  }
  return { tiers };
}

async function firstExisting(paths: readonly string[]): Promise<string | undefined> {
  for (const p of paths) if ((await pathKind(p)) === 'file') return p;
  return undefined;
}
