import crypto from 'node:crypto';

// One-shot `crypto.hash` (Node ≥ 20.12) costs a fraction of createHash for the tens of thousands of small memory files
// a store may hold; older Node 20 releases fall back to createHash (same digest).
const oneShot = (crypto as { hash?: (algorithm: string, data: crypto.BinaryLike, encoding: crypto.BinaryToTextEncoding) => string }).hash;

/** sha256 of the bytes (or of a string's UTF-8), as lowercase hex. */
export function sha256Hex(bytes: Uint8Array | string): string {
  return oneShot ? oneShot('sha256', bytes, 'hex') : crypto.createHash('sha256').update(bytes).digest('hex');
}

/** Git's blob id: sha1 of `blob <length>\0` and the bytes, as `git hash-object` gives for a file without filters. */
export function gitBlobOf(bytes: Uint8Array): string {
  return crypto.createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}
