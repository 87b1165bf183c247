import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchPatternList, parseAllowedSigners, parseSshTime } from '../../src/signing/allowed-signers.js';
import { parseManifest } from '../../src/signing/manifest.js';
import { parseArmoredSignatures, parseSshsig, verifySshsig } from '../../src/signing/sshsig.js';
import { verifyManifest } from '../../src/signing/verify-manifest.js';

// A real ssh-ed25519 public key blob (base64), so that key parsing is exercised with valid and mutated keys.
const KEY = 'AAAAC3NzaC1lZDI1NTE5AAAAICsnmT/XWsavHo9JhsNxg29mBhN773bpcmbkQr1Bu3Dj';
// A real SSHSIG made by ssh-keygen over "hello\n" with namespace agentgov-manifest-v1.
const SIG = [
  '-----BEGIN SSH SIGNATURE-----',
  'U1NIU0lHAAAAAQAAADMAAAALc3NoLWVkMjU1MTkAAAAgKyeZP9daxq8ej0mGw3GDb2YGE3',
  'vvdulyZuRCvUG7cOMAAAAUYWdlbnRnb3YtbWFuaWZlc3QtdjEAAAAAAAAABnNoYTUxMgAA',
  'AFMAAAALc3NoLWVkMjU1MTkAAABAK585qVfPWND27QmswIzZ4eLtbern1XAB3nji+O/PUL',
  '4KVMCNh/nUwDPy1z4lqIfn7XaOrQqtfVTlJZMsq+tsBg==',
  '-----END SSH SIGNATURE-----',
  '',
].join('\n');

describe('SSHSIG parsing', () => {
  it('reads a real signature and verifies it over its message only', () => {
    const armored = parseArmoredSignatures(SIG);
    expect(armored.ok).toBe(true);
    if (!armored.ok) return;
    const sig = parseSshsig(armored.value[0] as Buffer);
    expect(sig.ok && { ns: sig.value.namespace, hash: sig.value.hashAlgorithm, type: sig.value.keyType }).toEqual({ ns: 'agentgov-manifest-v1', hash: 'sha512', type: 'ssh-ed25519' });
    if (!sig.ok) return;
    expect(verifySshsig(sig.value, Buffer.from('hello\n'))).toEqual({ ok: true });
    expect(verifySshsig(sig.value, Buffer.from('hello!\n'))).toMatchObject({ ok: false, check: 'signature' });
    expect(verifySshsig({ ...sig.value, namespace: 'other' }, Buffer.from('hello\n'))).toMatchObject({ ok: false, check: 'signature' });
    expect(verifySshsig({ ...sig.value, hashAlgorithm: 'md5' }, Buffer.from('hello\n'))).toMatchObject({ ok: false, check: 'hash-algorithm' });
  });

  it('refuses truncated, trailing and mis-armored data with an error', () => {
    const blob = (parseArmoredSignatures(SIG) as { value: Buffer[] }).value[0] as Buffer;
    for (let cut = 0; cut < blob.length; cut += 7) expect(parseSshsig(blob.subarray(0, cut)).ok).toBe(false);
    expect(parseSshsig(Buffer.concat([blob, Buffer.from([0])]))).toMatchObject({ ok: false, error: expect.stringMatching(/trailing/) });
    expect(parseArmoredSignatures('hello')).toMatchObject({ ok: false });
    expect(parseArmoredSignatures(SIG.replace('-----END SSH SIGNATURE-----', ''))).toMatchObject({ ok: false });
    expect(parseArmoredSignatures(`${SIG}${SIG}`)).toMatchObject({ ok: true, value: [expect.any(Buffer), expect.any(Buffer)] });
  });

  it('never throws on arbitrary input (property)', () => {
    const blob = (parseArmoredSignatures(SIG) as { value: Buffer[] }).value[0] as Buffer;
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.nat(blob.length), fc.uint8Array({ maxLength: 8 }), (bytes, at, patch) => {
        const mutated = Buffer.from(blob);
        Buffer.from(patch).copy(mutated, Math.min(at, mutated.length));
        for (const input of [Buffer.from(bytes), mutated]) {
          const parsed = parseSshsig(input);
          expect(typeof parsed.ok).toBe('boolean');
          if (parsed.ok) expect(typeof verifySshsig(parsed.value, bytes).ok).toBe('boolean');
        }
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 40 }), (text, noise) => {
        expect(typeof parseArmoredSignatures(text).ok).toBe('boolean');
        expect(typeof parseArmoredSignatures(SIG.replace('U1NI', noise)).ok).toBe('boolean');
        const outcome = verifyManifest({ manifestBytes: Buffer.from(text), signatureText: noise + text, signers: [], now: new Date(), accepted: {}, current: new Map() });
        expect(outcome.ok).toBe(false);
        expect(typeof parseManifest(Buffer.from(text)).ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });
});

describe('allowed_signers parsing', () => {
  it('reads principals, quoted principals, options and comments', () => {
    const parsed = parseAllowedSigners(
      [
        '# the team',
        `alice@x ssh-ed25519 ${KEY} alice's laptop`,
        `"bob@x,carol@x" namespaces="agentgov-manifest-v1,git",valid-after="20260101",valid-before="20301231235959Z" ssh-ed25519 ${KEY}`,
        '',
        `ops@x NAMESPACES="*" ssh-ed25519 ${KEY}`,
      ].join('\r\n'),
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.map((s) => [s.line, s.principals, s.keyType, s.namespaces ?? null])).toEqual([
      [2, 'alice@x', 'ssh-ed25519', null],
      [3, 'bob@x,carol@x', 'ssh-ed25519', 'agentgov-manifest-v1,git'],
      [5, 'ops@x', 'ssh-ed25519', '*'],
    ]);
    expect(parsed.value[1]?.validBefore?.toISOString()).toBe('2030-12-31T23:59:59.000Z');
    expect(parsed.value[1]?.validAfter?.getFullYear()).toBe(2026);
  });

  it('refuses cert-authority, unknown options, unquoted values, bad times and bad keys, naming the line', () => {
    const bad = [
      `ca@x cert-authority ssh-ed25519 ${KEY}`,
      `a@x restrict ssh-ed25519 ${KEY}`,
      `a@x namespaces=git ssh-ed25519 ${KEY}`,
      `a@x valid-before="20261341" ssh-ed25519 ${KEY}`,
      `a@x ssh-ed25519 ${KEY.slice(0, -8)}`,
      `a@x ssh-rsa ${KEY}`,
      'a@x',
      `"a@x ssh-ed25519 ${KEY}`,
    ];
    for (const line of bad) expect(parseAllowedSigners(`# c\n${line}\n`), line).toMatchObject({ ok: false, error: expect.stringMatching(/^line 2: /) });
    expect(parseAllowedSigners(`ca@x cert-authority ssh-ed25519 ${KEY}`)).toMatchObject({ ok: false, error: expect.stringMatching(/cert-authority.*not supported/) });
  });

  it('parses ssh-keygen times and pattern lists as OpenSSH does', () => {
    expect(parseSshTime('20260131Z')?.toISOString()).toBe('2026-01-31T00:00:00.000Z');
    expect(parseSshTime('202601311230Z')?.toISOString()).toBe('2026-01-31T12:30:00.000Z');
    expect(parseSshTime('20260230Z')).toBeUndefined();
    expect(parseSshTime('2026013')).toBeUndefined();
    expect(matchPatternList('agentgov-manifest-v1', 'git,agentgov-*')).toBe(true);
    expect(matchPatternList('agentgov-manifest-v1', 'git,file')).toBe(false);
    expect(matchPatternList('agentgov-manifest-v1', '*,!agentgov-manifest-v?')).toBe(false);
    expect(matchPatternList('a.b', 'a?b')).toBe(true);
    expect(matchPatternList('axxb', 'a.b')).toBe(false);
  });

  it('never throws on arbitrary input (property)', () => {
    const token = fc.constantFrom('a@x', '"a b"', 'namespaces="x"', 'valid-after="20260101"', 'cert-authority', 'ssh-ed25519', KEY, '#', ',', '"', '=', ' ', '\t', '\n');
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.array(token, { maxLength: 30 }).map((t) => t.join(''))), (text) => {
        const parsed = parseAllowedSigners(text);
        expect(typeof parsed.ok).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
  });
});
