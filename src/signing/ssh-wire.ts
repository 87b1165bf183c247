import { createHash } from 'node:crypto';

/** A failed read of SSH wire data: caught by the parsers, which return it as an error instead of throwing. */
export class WireError extends Error {
  override readonly name = 'WireError';
}

/** Reads the SSH wire encoding (RFC 4251 §5): `uint32` big-endian, and `string` = uint32 length + bytes. */
export class WireReader {
  private offset = 0;
  constructor(private readonly bytes: Buffer) {}

  get done(): boolean {
    return this.offset === this.bytes.length;
  }

  fixed(length: number, what: string): Buffer {
    if (this.offset + length > this.bytes.length) throw new WireError(`truncated ${what}`);
    const out = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  uint32(what: string): number {
    return this.fixed(4, what).readUInt32BE(0);
  }

  string(what: string): Buffer {
    return this.fixed(this.uint32(`${what} length`), what);
  }

  /** A `string` that must be printable ASCII (key types, namespaces, hash names): anything else is refused. */
  text(what: string): string {
    const bytes = this.string(what);
    if (!/^[\x20-\x7e]*$/.test(bytes.toString('latin1'))) throw new WireError(`${what} is not printable ASCII`);
    return bytes.toString('latin1');
  }
}

/** SSH `string` encoding of bytes or ASCII text. */
export function wireString(value: Buffer | string): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'latin1') : value;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length, 0);
  return Buffer.concat([length, bytes]);
}

/** The key type named inside a public key blob (`ssh-ed25519`, `ssh-rsa`, …), or undefined when the blob is not one. */
export function keyTypeOfBlob(blob: Buffer): string | undefined {
  try {
    return new WireReader(blob).text('key type');
  } catch {
    return undefined;
  }
}

/** `SHA256:<base64 without padding>` of a public key blob, as `ssh-keygen -l` prints it. */
export function fingerprintOf(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}
