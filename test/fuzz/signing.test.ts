import { generateKeyPairSync, sign } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllowedSigners } from '../../src/signing/allowed-signers.js';
import { buildManifest, MANIFEST_NAMESPACE, manifestRootOf, serializeManifest, type ManifestSubject } from '../../src/signing/manifest.js';
import { wireString } from '../../src/signing/ssh-wire.js';
import { MAGIC, parseArmoredSignatures, parseSshsig, signedDataOf, verifySshsig } from '../../src/signing/sshsig.js';
import { CHECKS, verifyManifest } from '../../src/signing/verify-manifest.js';
import { hostileBytes, hostileKey, hostileString, mutated } from './arbitraries.js';
import { fuzz, fuzzTimeout } from './fuzz.js';

// A key made here, so that signatures verify and the verifier goes past them: signers, namespaces, validity, versions.
const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const KEY_BLOB = Buffer.concat([wireString('ssh-ed25519'), wireString(Buffer.from(publicKey.export({ format: 'jwk' }).x as string, 'base64url'))]);
const KEY_LINE = `ssh-ed25519 ${KEY_BLOB.toString('base64')}`;

/** `ssh-keygen -Y sign` of `message`, armored (the SSHSIG wire format, made with node:crypto). */
function armored(message: Uint8Array, namespace = MANIFEST_NAMESPACE, hashAlgorithm = 'sha512'): string {
  // An unsupported hash name is written as is, over data hashed with sha512 (the verifier must refuse it by name).
  const hashed = hashAlgorithm === 'sha256' ? 'sha256' : 'sha512';
  const signature = sign(null, Buffer.concat([signedDataOf({ namespace, reserved: Buffer.alloc(0), hashAlgorithm: hashed }, message)]), privateKey);
  const version = Buffer.alloc(4);
  version.writeUInt32BE(1, 0);
  const blob = Buffer.concat([MAGIC, version, wireString(KEY_BLOB), wireString(namespace), wireString(Buffer.alloc(0)), wireString(hashAlgorithm), wireString(Buffer.concat([wireString('ssh-ed25519'), wireString(signature)]))]);
  return `-----BEGIN SSH SIGNATURE-----\n${blob.toString('base64').match(/.{1,70}/g)!.join('\n')}\n-----END SSH SIGNATURE-----\n`;
}

const SUBJECTS: Record<string, ManifestSubject> = {
  '.mcp.json#/mcpServers/github': { kind: 'mcp-server', integrity: `sha256-${'A'.repeat(43)}=` },
  '.claude/skills/deploy/SKILL.md': { kind: 'skill', integrity: `sha256-${'B'.repeat(43)}=`, bundle: 'h1:x' },
};
const SAMPLE = buildManifest({ name: 'project-tier', tier: 'project', version: 3, issuedAt: '2026-01-01T00:00:00Z', expiresAt: '2099-01-01T00:00:00Z', subjects: SUBJECTS });

/** A manifest (mutated, with a hostile name sometimes) whose root is recomputed so that it mostly parses. */
const manifestBytes = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(mutated(SAMPLE), fc.option(hostileKey)).map(([m, name]) => {
    const value = m as Record<string, unknown>;
    if (name !== null && typeof value === 'object' && value !== null) value.name = name;
    try {
      if (value && typeof value.subjects === 'object') value.root = manifestRootOf(value.subjects as Record<string, ManifestSubject>);
    } catch {
      // A subjects value canonical JSON cannot take: the root stays wrong.
    }
    return Buffer.from(value !== null && typeof value === 'object' ? serializeManifest(value as never) : JSON.stringify(value) ?? '');
  }) },
  { weight: 1, arbitrary: hostileBytes.map((b) => Buffer.from(b)) },
);

/** allowed_signers text: the key under hostile principals and options (namespace patterns, validity times), and junk. */
const signersText = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.tuple(fc.oneof(fc.constantFrom('sec@acme.example', '"a b"', '*'), hostileString.filter((s) => !/[\s"]/.test(s) && s !== '')), fc.array(fc.oneof(
        fc.constantFrom('namespaces="agentgov-manifest-v1"', 'namespaces="*"', 'namespaces="git,!agentgov-*"', `namespaces="${'*'.repeat(40)}x"`, 'valid-after="20200101"', 'valid-before="20991231235959Z"', 'valid-before="20200101Z"', 'cert-authority'),
        hostileString.map((s) => `namespaces="${s.replace(/"/g, '')}"`),
        hostileString.map((s) => `valid-after="${s.replace(/"/g, '')}"`),
      ), { maxLength: 3 })).map(([principal, options]) => `${principal}${options.length ? ` ${options.join(',')}` : ''} ${KEY_LINE}`) },
      hostileString,
      fc.constant('# comment'),
    ),
    { maxLength: 4 },
  )
  .map((lines) => lines.join('\n'));

/** The verifier's own state: versions accepted before, keyed by hostile names too (`__proto__`, `constructor`). */
const accepted = fc.array(fc.tuple(fc.oneof(fc.constant('project-tier'), hostileKey), fc.record({ version: fc.integer({ min: -1, max: 5 }), sha256: fc.string({ maxLength: 8 }) })), { maxLength: 3 }).map((entries) => Object.fromEntries(entries));

/** What a detail says when it read a value that is not there (zod's own `received undefined` aside). */
const MISSING_VALUE = /(?<!received )\bundefined\b|\bNaN\b|\[object Object\]|function /;

describe('signature parsing and verification never throw (fast-check)', () => {
  it(
    'armored signatures and SSHSIG blobs: parsed or refused, and checked against any message',
    async () => {
      await fuzz(
        'signing/sshsig',
        fc.property(fc.oneof(hostileString, hostileBytes.map((b) => armored(b)), fc.tuple(hostileBytes, hostileString, fc.constantFrom('sha256', 'sha512', 'md5', '')).map(([m, ns, h]) => armored(m, ns.replace(/[^\x20-\x7e]/g, ''), h))), hostileBytes, (text, message) => {
          const parsed = parseArmoredSignatures(text);
          if (!parsed.ok) return;
          for (const blob of parsed.value) {
            const sig = parseSshsig(blob);
            if (sig.ok) expect(typeof verifySshsig(sig.value, message).ok).toBe('boolean');
          }
        }),
        300,
      );
    },
    fuzzTimeout(30_000),
  );

  it(
    'allowed_signers and signed manifests: every check a known verdict, versions read as numbers, whatever the files and state',
    async () => {
      await fuzz(
        'signing/allowed_signers+verifyManifest',
        fc.property(manifestBytes, signersText, accepted, fc.boolean(), (bytes, signers, state, tamper) => {
          const parsedSigners = parseAllowedSigners(signers);
          const signature = armored(bytes);
          const outcome = verifyManifest({
            manifestBytes: tamper ? Buffer.concat([bytes, Buffer.from(' ')]) : bytes,
            signatureText: signature,
            signers: parsedSigners.ok ? parsedSigners.value : [],
            now: new Date('2026-06-01T00:00:00Z'),
            accepted: state,
            current: new Map(Object.entries(SUBJECTS)),
          });
          expect(outcome.ok).toBe(outcome.checks.every((c) => c.ok));
          for (const c of outcome.checks) {
            expect(CHECKS).toContain(c.check);
            // zod's own wording (`received undefined`) aside, a detail naming undefined or NaN read a value that is not there —
            // unless the files themselves hold that text (details quote principals and namespace patterns as given).
            const shown = c.detail.replace(new RegExp(MISSING_VALUE.source, 'g'), (word) => (signers.includes(word) || bytes.toString('latin1').includes(word) ? '' : word));
            expect(shown, `${c.check}: ${c.detail}`).not.toMatch(MISSING_VALUE);
          }
          // A rollback verdict quotes only versions, which are numbers: any undefined or NaN in it read a value that is not
          // there (a prototype read as a record gave "≥ undefined"), whatever the files hold.
          const rollback = outcome.checks.find((c) => c.check === 'rollback');
          if (rollback) expect(rollback.detail).not.toMatch(MISSING_VALUE);
        }),
        200,
      );
    },
    fuzzTimeout(30_000),
  );
});
