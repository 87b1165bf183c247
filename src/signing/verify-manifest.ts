import { sha256Hex } from '../workspace/hash.js';
import { matchPatternList, signersForKey, type AllowedSigner } from './allowed-signers.js';
import { MANIFEST_NAMESPACE, parseManifest, type Manifest, type ManifestSubject } from './manifest.js';
import { fingerprintOf } from './ssh-wire.js';
import { parseArmoredSignatures, parseSshsig, verifySshsig } from './sshsig.js';

/** Every check, in the order they are reported. */
export const CHECKS = ['signature-format', 'namespace', 'key-type', 'hash-algorithm', 'signature', 'signer', 'signer-namespace', 'signer-validity', 'manifest', 'expiry', 'rollback', 'subjects'] as const;
export type CheckName = (typeof CHECKS)[number];

export interface CheckResult {
  check: CheckName;
  ok: boolean;
  detail: string;
}

/** The last version of a manifest (by name) a verifier accepted, and the sha256 of its bytes. */
export interface AcceptedVersion {
  version: number;
  sha256: string;
}

export interface VerifyInput {
  manifestBytes: Uint8Array;
  /** The `.sig` file's text: one armored SSHSIG per signer. */
  signatureText: string;
  signers: readonly AllowedSigner[];
  now: Date;
  /** Last accepted versions by manifest name (the verifier's own state). */
  accepted: Readonly<Record<string, AcceptedVersion>>;
  /** The extensions as they are now, keyed like the manifest's subjects. */
  current: ReadonlyMap<string, ManifestSubject>;
}

export interface VerifyOutcome {
  ok: boolean;
  checks: CheckResult[];
  manifest?: Manifest;
  /** Principals of the allowed signers whose signatures verified. */
  principals: string[];
  /** sha256 (hex) of the manifest bytes. */
  sha256: string;
  /** Subjects that changed on disk or are gone (for the auditor). */
  mismatched: { key: string; reason: 'changed' | 'missing' }[];
}

const MAX_LISTED = 10;

/**
 * Verifies a signed manifest: every signature (SSHSIG, Ed25519, namespace `agentgov-manifest-v1`) by a key of the
 * allowed signers that may sign for that namespace at this time; then the manifest's expiry, that its version is not
 * lower than the last accepted one, and every subject against the extensions now. All checks run; any failure fails.
 */
export function verifyManifest(input: VerifyInput): VerifyOutcome {
  const failures = new Map<CheckName, string[]>();
  const passes = new Map<CheckName, string>();
  const fail = (check: CheckName, detail: string) => failures.set(check, [...(failures.get(check) ?? []), detail]);
  const principals = verifySignatures(input, fail);
  if (principals.length > 0 && !failures.size) passes.set('signature', `${principals.length} valid signature${principals.length === 1 ? '' : 's'}`);
  if (principals.length > 0 && !failures.size) passes.set('signer', principals.join(', '));

  const sha256 = sha256Hex(input.manifestBytes);
  const parsed = parseManifest(input.manifestBytes);
  const mismatched: VerifyOutcome['mismatched'] = [];
  if (!parsed.ok) fail('manifest', parsed.error);
  else {
    const m = parsed.value;
    passes.set('manifest', `${m.name} (tier ${m.tier}) version ${m.version}, ${Object.keys(m.subjects).length} subjects`);
    const expires = Date.parse(m.expiresAt);
    if (expires <= input.now.getTime()) fail('expiry', `the manifest expired at ${m.expiresAt}`);
    else passes.set('expiry', `valid until ${m.expiresAt}`);
    // Own keys only: a manifest named `constructor` or `__proto__` has no version accepted before unless one was recorded.
    const last = Object.hasOwn(input.accepted, m.name) ? input.accepted[m.name] : undefined;
    if (last && m.version < last.version) fail('rollback', `version ${m.version} is lower than version ${last.version}, accepted before: an older manifest is being replayed`);
    else if (last && m.version === last.version && last.sha256 !== sha256) fail('rollback', `version ${m.version} was accepted before with other content: a new manifest needs a higher version`);
    else passes.set('rollback', last ? `version ${m.version} ≥ ${last.version}, the last accepted` : `version ${m.version}, none accepted before`);
    for (const [key, subject] of Object.entries(m.subjects)) {
      const now = input.current.get(key);
      if (!now) mismatched.push({ key, reason: 'missing' });
      else if (now.integrity !== subject.integrity || (now.bundle ?? null) !== (subject.bundle ?? null) || now.kind !== subject.kind) mismatched.push({ key, reason: 'changed' });
    }
    if (mismatched.length > 0) {
      const listed = mismatched.slice(0, MAX_LISTED).map((x) => `${x.key} (${x.reason})`);
      fail('subjects', `${mismatched.length} subject(s) differ from the files: ${listed.join(', ')}${mismatched.length > MAX_LISTED ? ', …' : ''}`);
    } else passes.set('subjects', `all ${Object.keys(m.subjects).length} match`);
  }

  const checks: CheckResult[] = [];
  for (const check of CHECKS) {
    const failed = failures.get(check);
    if (failed) checks.push({ check, ok: false, detail: [...new Set(failed)].join('; ') });
    else if (passes.has(check)) checks.push({ check, ok: true, detail: passes.get(check) ?? '' });
  }
  return { ok: failures.size === 0, checks, ...(parsed.ok ? { manifest: parsed.value } : {}), principals, sha256, mismatched };
}

/** Checks every signature of the file; returns the principals of those that verified from an allowed signer. */
function verifySignatures(input: VerifyInput, fail: (check: CheckName, detail: string) => void): string[] {
  const armored = parseArmoredSignatures(input.signatureText);
  if (!armored.ok) {
    fail('signature-format', armored.error);
    return [];
  }
  const principals: string[] = [];
  for (const [i, blob] of armored.value.entries()) {
    const which = armored.value.length > 1 ? `signature ${i + 1}: ` : '';
    const sig = parseSshsig(blob);
    if (!sig.ok) {
      fail('signature-format', `${which}${sig.error}`);
      continue;
    }
    if (sig.value.namespace !== MANIFEST_NAMESPACE) {
      fail('namespace', `${which}signed for namespace ${JSON.stringify(sig.value.namespace)}, not ${MANIFEST_NAMESPACE}`);
      continue;
    }
    const verified = verifySshsig(sig.value, input.manifestBytes);
    if (!verified.ok) {
      fail(verified.check, `${which}${verified.error}`);
      continue;
    }
    const fingerprint = `${sig.value.keyType} ${fingerprintOf(sig.value.publicKey)}`;
    const lines = signersForKey(input.signers, sig.value.publicKey);
    if (lines.length === 0) {
      fail('signer', `${which}key ${fingerprint} is not in the allowed signers`);
      continue;
    }
    const forNamespace = lines.filter((l) => l.namespaces === undefined || matchPatternList(MANIFEST_NAMESPACE, l.namespaces));
    if (forNamespace.length === 0) {
      fail('signer-namespace', `${which}${lines.map((l) => l.principals).join(', ')} may sign only for namespaces="${lines.map((l) => l.namespaces).join(';')}"`);
      continue;
    }
    const now = input.now.getTime();
    const valid = forNamespace.find((l) => (!l.validAfter || now >= l.validAfter.getTime()) && (!l.validBefore || now <= l.validBefore.getTime()));
    if (!valid) {
      const l = forNamespace[0] as AllowedSigner;
      const why = l.validAfter && now < l.validAfter.getTime() ? `not valid before ${l.validAfter.toISOString()}` : `expired at ${l.validBefore?.toISOString() ?? '?'}`;
      fail('signer-validity', `${which}the key of ${l.principals} is ${why}`);
      continue;
    }
    principals.push(valid.principals);
  }
  return principals;
}
