import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { keyTypeOfBlob, WireError, WireReader, wireString } from './ssh-wire.js';

/**
 * OpenSSH signatures (`ssh-keygen -Y sign`), format `PROTOCOL.sshsig`: an armored blob
 * `"SSHSIG" ‖ uint32 1 ‖ string publickey ‖ string namespace ‖ string reserved ‖ string hash_algorithm ‖ string signature`,
 * over `"SSHSIG" ‖ string namespace ‖ string reserved ‖ string hash_algorithm ‖ string H(message)`.
 */
export const MAGIC = Buffer.from('SSHSIG', 'latin1');
const BEGIN = '-----BEGIN SSH SIGNATURE-----';
const END = '-----END SSH SIGNATURE-----';
const HASH_ALGORITHMS = ['sha256', 'sha512'] as const;
/** The only key type verified: OpenSSH's default and the one Node verifies without extra code paths (design E.6). */
const SUPPORTED_KEY_TYPE = 'ssh-ed25519';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export interface SshSignature {
  /** The signer's public key blob (as in `allowed_signers` and `.pub` files, base64-decoded). */
  publicKey: Buffer;
  keyType: string;
  namespace: string;
  reserved: Buffer;
  hashAlgorithm: string;
  signatureType: string;
  signature: Buffer;
}

/** Every armored block of a `.sig` file (one per signer), base64-decoded. Never throws. */
export function parseArmoredSignatures(text: string): Parsed<Buffer[]> {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const blobs: Buffer[] = [];
  let body: string[] | undefined;
  for (const [i, line] of lines.entries()) {
    if (line === BEGIN) {
      if (body) return { ok: false, error: `line ${i + 1}: a signature begins inside another` };
      body = [];
    } else if (line === END) {
      if (!body) return { ok: false, error: `line ${i + 1}: a signature ends that did not begin` };
      const base64 = body.join('');
      if (base64 === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64) || base64.length % 4 !== 0) return { ok: false, error: `line ${i + 1}: the signature is not valid base64` };
      blobs.push(Buffer.from(base64, 'base64'));
      body = undefined;
    } else if (body) body.push(line);
    else if (line !== '') return { ok: false, error: `line ${i + 1}: text outside an armored SSH signature` };
  }
  if (body) return { ok: false, error: 'a signature has no END line' };
  if (blobs.length === 0) return { ok: false, error: `no ${BEGIN} block` };
  return { ok: true, value: blobs };
}

/** The fields of one SSHSIG blob. Never throws: truncated or malformed data is an error. */
export function parseSshsig(blob: Buffer): Parsed<SshSignature> {
  try {
    const r = new WireReader(blob);
    if (!r.fixed(MAGIC.length, 'magic').equals(MAGIC)) return { ok: false, error: 'not an SSHSIG blob (bad magic)' };
    const version = r.uint32('version');
    if (version !== 1) return { ok: false, error: `unsupported SSHSIG version ${version}` };
    const publicKey = Buffer.from(r.string('public key'));
    const namespace = r.text('namespace');
    const reserved = Buffer.from(r.string('reserved'));
    const hashAlgorithm = r.text('hash algorithm');
    const signatureBlob = r.string('signature');
    if (!r.done) return { ok: false, error: 'trailing bytes after the signature' };
    const keyType = keyTypeOfBlob(publicKey);
    if (keyType === undefined) return { ok: false, error: 'the public key blob has no key type' };
    const s = new WireReader(signatureBlob);
    const signatureType = s.text('signature type');
    const signature = Buffer.from(s.string('signature bytes'));
    return { ok: true, value: { publicKey, keyType, namespace, reserved, hashAlgorithm, signatureType, signature } };
  } catch (error) {
    return { ok: false, error: error instanceof WireError ? error.message : `malformed signature (${String(error)})` };
  }
}

/** The bytes the signer signed for this message. */
export function signedDataOf(sig: Pick<SshSignature, 'namespace' | 'reserved' | 'hashAlgorithm'>, message: Uint8Array): Buffer {
  const digest = createHash(sig.hashAlgorithm).update(message).digest();
  return Buffer.concat([MAGIC, wireString(sig.namespace), wireString(sig.reserved), wireString(sig.hashAlgorithm), wireString(digest)]);
}

export type SignatureCheck = { ok: true } | { ok: false; check: 'key-type' | 'hash-algorithm' | 'signature'; error: string };

/** Verifies the signature over the message with the key it carries (who that key belongs to is `allowed_signers`' business). */
export function verifySshsig(sig: SshSignature, message: Uint8Array): SignatureCheck {
  if (!(HASH_ALGORITHMS as readonly string[]).includes(sig.hashAlgorithm)) return { ok: false, check: 'hash-algorithm', error: `unsupported hash algorithm ${JSON.stringify(sig.hashAlgorithm)} (sha256 or sha512)` };
  if (sig.keyType !== SUPPORTED_KEY_TYPE) return { ok: false, check: 'key-type', error: `unsupported key type ${sig.keyType}: only ${SUPPORTED_KEY_TYPE} signatures are verified` };
  if (sig.signatureType !== sig.keyType) return { ok: false, check: 'signature', error: `signature type ${sig.signatureType} does not match key type ${sig.keyType}` };
  const key = ed25519KeyOf(sig.publicKey);
  if (!key) return { ok: false, check: 'signature', error: 'malformed ssh-ed25519 public key' };
  if (sig.signature.length !== 64) return { ok: false, check: 'signature', error: 'an Ed25519 signature has 64 bytes' };
  let good = false;
  try {
    good = verify(null, signedDataOf(sig, message), key, sig.signature);
  } catch {
    good = false;
  }
  return good ? { ok: true } : { ok: false, check: 'signature', error: 'the signature does not match the manifest bytes' };
}

/** Node's key for an `ssh-ed25519` blob (`string "ssh-ed25519" ‖ string key(32)`), imported as a JWK. */
function ed25519KeyOf(blob: Buffer): KeyObject | undefined {
  try {
    const r = new WireReader(blob);
    if (r.text('key type') !== SUPPORTED_KEY_TYPE) return undefined;
    const raw = r.string('key');
    if (!r.done || raw.length !== 32) return undefined;
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });
  } catch {
    return undefined;
  }
}
