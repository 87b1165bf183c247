import crypto from 'node:crypto';

// One-shot `crypto.hash` (Node ≥ 20.12) costs a fraction of createHash for the tens of thousands of small memory files
// a store may hold; older Node 20 releases fall back to createHash (same digest).
const oneShot = (crypto as { hash?: (algorithm: string, data: crypto.BinaryLike, encoding: crypto.BinaryToTextEncoding) => string }).hash;
const oneShotBuffer = oneShot as unknown as ((algorithm: string, data: crypto.BinaryLike, encoding: 'buffer') => Buffer) | undefined;

/** sha256 of the bytes (or of a string's UTF-8), as lowercase hex. */
export function sha256Hex(bytes: Uint8Array | string): string {
  return oneShot ? oneShot('sha256', bytes, 'hex') : crypto.createHash('sha256').update(bytes).digest('hex');
}

/** sha256 of the bytes (or of a string's UTF-8), as a Buffer. */
export function sha256Buffer(bytes: Uint8Array | string): Buffer {
  return oneShotBuffer ? oneShotBuffer('sha256', bytes, 'buffer') : crypto.createHash('sha256').update(bytes).digest();
}
