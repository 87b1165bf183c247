import { allRules } from '../audit/registry.js';
import { extensionsPolicyOf } from '../policies/extensions-policy.js';
import { loadPolicy } from '../policies/load-policy.js';
import { buildManifest, parseManifest, serializeManifest, type Manifest } from '../signing/manifest.js';
import type { VerifyOutcome } from '../signing/verify-manifest.js';
import { extensionKeyOf } from '../workspace/extensions/extension-lock.js';
import { loadExtensions } from '../workspace/extensions/load-extensions.js';
import { MANIFEST_MAX_BYTES, manifestCandidates, readAccepted, readSigners, recordAccepted, resolveSignersPath, verificationBasisOf, verifyManifestFile } from '../workspace/extensions/signatures.js';
import { currentSubjects } from '../workspace/extensions/subjects.js';
import type { Extension } from '../workspace/extensions/types.js';
import { loadWorkspace } from '../workspace/load-workspace.js';
import { readBytes } from '../workspace/read-file.js';
import { writeFileAtomic } from '../workspace/write-file.js';

export interface SigningOptions {
  root: string;
  home: string;
  /** Claude Code's folder when `CLAUDE_CONFIG_DIR` moves it (default `<home>/.claude`). */
  claudeDir?: string | undefined;
  managedDir: string;
  policyPath?: string;
  now: Date;
  /** Where accepted manifest versions are remembered. */
  stateDir: string;
}

/** The policy's signing settings and the inventory, as the auditor loads them (the policy's `ignore` applies). */
async function load(options: SigningOptions): Promise<{ extensions: Extension[]; signers?: string; workspace: { root: string; home: string; claudeDir?: string; managedDir: string } }> {
  const policy = await loadPolicy({ root: options.root, rules: allRules(), ...(options.policyPath ? { policyPath: options.policyPath } : {}) });
  const workspace = await loadWorkspace({ root: options.root, home: options.home, claudeDir: options.claudeDir, managedDir: options.managedDir, ignore: policy.ignore });
  const { signers, pins } = extensionsPolicyOf(policy);
  // The same inventory as the auditor's, tier pins included, so a manifest covers what unsigned-extension checks.
  return { extensions: (await loadExtensions(workspace, { ignore: policy.ignore, pins })).extensions, workspace, ...(signers ? { signers: resolveSignersPath(signers, workspace) } : {}) };
}

export interface ManifestWriteOptions extends SigningOptions {
  tier: string;
  /** Absolute; default `<root>/.claude/agentgov-manifest.<tier>.json`, where the auditor looks. */
  out?: string;
  name?: string;
  version?: number;
  expiresAt: Date;
}

export interface ManifestWriteResult {
  file: string;
  manifest: Manifest;
}

/**
 * `extensions manifest`: the subjects of every extension of a tier, with a version above both the file it replaces
 * and the last version accepted here, written atomically for `ssh-keygen -Y sign` to sign.
 */
export async function writeExtensionManifest(options: ManifestWriteOptions): Promise<ManifestWriteResult> {
  const { extensions, workspace } = await load(options);
  const ofTier = extensions.filter((e) => e.tier === options.tier);
  const subjects = Object.fromEntries(await currentSubjects(ofTier));
  const file = options.out ?? (manifestCandidates(options.tier, workspace)[0] as { abs: string }).abs;
  const name = options.name ?? options.tier;
  const previous = await readBytes(file, MANIFEST_MAX_BYTES);
  const parsed = previous.bytes ? parseManifest(previous.bytes) : undefined;
  const recorded = await readAccepted(options.stateDir);
  const accepted = (Object.hasOwn(recorded, name) ? recorded[name]?.version : undefined) ?? 0;
  const version = options.version ?? Math.max(parsed?.ok ? parsed.value.version : 0, accepted) + 1;
  const manifest = buildManifest({ name, tier: options.tier, version, issuedAt: options.now.toISOString(), expiresAt: options.expiresAt.toISOString(), subjects });
  await writeFileAtomic(file, serializeManifest(manifest));
  return { file, manifest };
}

export interface ManifestVerifyOptions extends SigningOptions {
  manifest: string;
  /** Absolute; default the policy's `extensions.signers`. */
  signers?: string;
  /** Remember the version when everything holds (default true). */
  record: boolean;
}

export type ManifestVerifyResult =
  | { usageError: string }
  | {
      outcome: VerifyOutcome;
      /** The version was recorded as the last accepted one. */
      recorded: boolean;
      /** Extensions of the manifest's tier it does not list (not a failure here; `extensions/unsigned-extension` reports them). */
      uncovered: string[];
    };

/** `extensions verify`: every check of `verifyManifest`; on success the version is remembered for rollback checks. */
export async function verifyExtensionManifest(options: ManifestVerifyOptions): Promise<ManifestVerifyResult> {
  const { extensions, signers: fromPolicy } = await load(options);
  const signersFile = options.signers ?? fromPolicy;
  if (!signersFile) return { usageError: 'no allowed signers: pass --signers <allowed_signers> or set extensions.signers in the policy' };
  const signers = await readSigners(signersFile);
  if (!signers.ok) return { usageError: signers.error };
  const verified = await verifyManifestFile({ manifest: options.manifest, signers, now: options.now, basis: verificationBasisOf(extensions, options.stateDir) });
  if (!verified.outcome) return { usageError: verified.problem?.detail ?? `cannot verify ${options.manifest}` };
  const { outcome } = verified;
  const manifest = outcome.manifest;
  const uncovered = manifest ? extensions.filter((e) => e.tier === manifest.tier && !(extensionKeyOf(e) in manifest.subjects)).map(extensionKeyOf) : [];
  const recorded = outcome.ok && manifest !== undefined && options.record;
  if (recorded && manifest) await recordAccepted(options.stateDir, manifest.name, { version: manifest.version, sha256: outcome.sha256 }, options.now);
  return { outcome, recorded, uncovered };
}
