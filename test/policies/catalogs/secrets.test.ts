import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findSecrets, redact } from '../../../src/policies/catalogs/secrets.js';

// Fake tokens are assembled at run time so that no secret-looking literal is committed.
const mix = (n: number, alphabet = 'aB3dE5gH7k'): string => Array.from({ length: n }, (_, i) => alphabet[i % alphabet.length]).join('');
const FAKE: Record<string, string> = {
  ghp: 'ghp_' + 'a'.repeat(36),
  gho: 'gho_' + mix(36),
  pat: 'github' + '_pat_' + mix(82, 'aB3_dE5'),
  glpat: 'gl' + 'pat-' + mix(20),
  slack: 'xo' + 'xb-' + '1234567890-' + mix(24),
  aws: 'AK' + 'IA' + 'ABCDEFGH23456789',
  openai: 'sk-' + 'proj-' + mix(48),
  openaiLegacy: 'sk-' + mix(48),
  anthropic: 'sk-' + 'ant-api03-' + mix(40),
  google: 'AI' + 'za' + mix(35),
  stripe: 'sk_' + 'live_' + mix(24),
  npm: 'npm_' + mix(36),
  pypi: 'py' + 'pi-' + mix(60),
  jwt: 'ey' + 'J' + mix(20) + '.ey' + 'J' + mix(30) + '.' + mix(43),
};
const webhook = 'https://hooks.slack.com/services/' + 'T0123ABCD/' + 'B0456EFGH/' + mix(24);
const pem = ['-----BEGIN RSA ' + 'PRIVATE KEY-----', mix(64), mix(64), '-----END RSA ' + 'PRIVATE KEY-----'].join('\n');

const kinds = (text: string): string[] => findSecrets(text).map((h) => h.kind);
const texts = (text: string): string[] => findSecrets(text).map((h) => text.slice(h.start, h.end));

describe('findSecrets: one true positive per kind', () => {
  it.each<[string, string, string]>([
    ['github-token', `GITHUB_TOKEN=${FAKE.ghp}`, FAKE.ghp as string],
    ['github-token', `"token": "${FAKE.gho}"`, FAKE.gho as string],
    ['github-token', `auth ${FAKE.pat}`, FAKE.pat as string],
    ['gitlab-token', `GITLAB=${FAKE.glpat}`, FAKE.glpat as string],
    ['slack-token', `SLACK_BOT=${FAKE.slack}`, FAKE.slack as string],
    ['slack-webhook', `url: ${webhook}`, webhook],
    ['aws-access-key-id', `aws_access_key_id = ${FAKE.aws}`, FAKE.aws as string],
    ['openai-key', `OPENAI_API_KEY=${FAKE.openai}`, FAKE.openai as string],
    ['openai-key', `key ${FAKE.openaiLegacy}`, FAKE.openaiLegacy as string],
    ['anthropic-key', `ANTHROPIC_API_KEY=${FAKE.anthropic}`, FAKE.anthropic as string],
    ['google-api-key', `"apiKey": "${FAKE.google}"`, FAKE.google as string],
    ['stripe-key', `STRIPE=${FAKE.stripe}`, FAKE.stripe as string],
    ['npm-token', `//registry.npmjs.org/:_authToken=${FAKE.npm}`, FAKE.npm as string],
    ['pypi-token', `password = ${FAKE.pypi}`, FAKE.pypi as string],
    ['private-key', `key:\n${pem}\ntrailer`, pem],
    ['jwt', `cookie ${FAKE.jwt}`, FAKE.jwt as string],
    ['url-credentials', 'DATABASE_URL=postgres://app:' + 'Sup3rS3cret' + '@db.internal:5432/app', 'Sup3rS3cret'],
    ['bearer-token', '"Authorization": "Bearer ' + mix(32) + '"', mix(32)],
    ['generic-secret', '"DB_PASSWORD": "' + 'h7Gk2pQx9' + '"', 'h7Gk2pQx9'],
    ['generic-secret', 'api_key: ' + 'a8f3b2c9d1e0', 'a8f3b2c9d1e0'],
  ])('%s in %s', (kind, text, secret) => {
    const hits = findSecrets(text);
    expect(hits.map((h) => h.kind)).toEqual([kind]);
    expect(text.slice(hits[0]?.start, hits[0]?.end)).toBe(secret);
    expect(hits[0]?.label.length).toBeGreaterThan(3);
  });

  it('keeps the vendor kind for a token inside Bearer, a URL or an assignment', () => {
    expect(kinds(`Authorization: Bearer ${FAKE.jwt}`)).toEqual(['jwt']);
    expect(kinds(`https://x-access-token:${FAKE.gho}@github.com/o/r.git`)).toEqual(['github-token']);
    expect(kinds(`token=${FAKE.ghp}`)).toEqual(['github-token']);
  });

  it('takes an unterminated private key through its base64 body', () => {
    const text = `-----BEGIN OPENSSH ${'PRIVATE KEY-----'}\\n${mix(70)}\\n${mix(20)} and more`;
    expect(texts(text)).toEqual([text.slice(0, text.indexOf(' and more'))]);
  });
});

describe('findSecrets: negatives', () => {
  it.each([
    'GITHUB_TOKEN=${GITHUB_TOKEN}',
    'token: $TOKEN',
    'Authorization: Bearer ${API_KEY}',
    'Authorization: Bearer $API_KEY',
    'password=changeme',
    'password: changeme123',
    'api_key = "your-api-key-here1"',
    'secret: <paste-secret-here>',
    'token: ${{ secrets.GITHUB_TOKEN }}',
    'password = %DB_PASSWORD%',
    'apiKey: process.env.API_KEY',
    'password: ***',
    'password=xxxxxxxx1',
    'the token is in your settings',
    'max_tokens=4096',
    'secretName: prod-db-secret-v2',
    'tokens: 12345678abc',
    'Bearer authentication is configured per server',
    'Use a bearer token from the dashboard',
    'sk-learn-and-scikit-style-names-here',
    'sk-ant-your-key-goes-here-please',
    'xoxb-your-slack-bot-token-here',
    'task-runner-configuration-value-12345',
    'ghp_' + 'x'.repeat(36),
    'AK' + 'IA' + '0'.repeat(16),
    'https://hooks.slack.com/services/' + 'T00000000/B00000000/' + 'X'.repeat(24),
    'ghp_' + 'a'.repeat(35),
    'postgres://user:password@localhost/db',
    'postgres://user:${DB_PASSWORD}@localhost/db',
    'redis://:***@cache:6379',
    'https://user@github.com/org/repo',
    'http://localhost:8080/path',
    'git@github.com:org/repo.git',
    'token_file: ./secrets/token1.txt',
    'password: /run/secrets/db_password1',
    '-----BEGIN PUBLIC KEY-----',
  ])('%s', (text) => {
    expect(findSecrets(text)).toEqual([]);
  });
});

describe('redact', () => {
  it('replaces each hit with its kind', () => {
    expect(redact(`A=${FAKE.ghp} B=${FAKE.aws}`)).toBe('A=[REDACTED:github-token] B=[REDACTED:aws-access-key-id]');
    expect(redact('postgres://app:' + 'Sup3rS3cret' + '@db/app')).toBe('postgres://app:[REDACTED:url-credentials]@db/app');
    expect(redact('plain text')).toBe('plain text');
  });
});

describe('properties and hostile input', () => {
  const tokens = [...Object.values(FAKE), webhook, pem];

  /** The hits are sorted, disjoint and in range, and redact is exactly the text with each hit replaced. */
  const wellFormed = (text: string): void => {
    const hits = findSecrets(text);
    let at = 0;
    let expected = '';
    for (const h of hits) {
      expect(h.start).toBeGreaterThanOrEqual(at);
      expect(h.end).toBeGreaterThan(h.start);
      expect(h.end).toBeLessThanOrEqual(text.length);
      expected += text.slice(at, h.start) + `[REDACTED:${h.kind}]`;
      at = h.end;
    }
    expect(redact(text)).toBe(expected + text.slice(at));
  };

  it('never throws on random text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), wellFormed), { numRuns: 300 });
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'ghp_sk-ant:/@=eyJ.Bearer xoAKIA0123456789'), maxLength: 300 }), wellFormed), { numRuns: 300 });
  });

  it('finds and removes a fake token embedded in random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.constantFrom(...tokens), fc.string({ maxLength: 200 }), (before, token, after) => {
        const text = `${before} ${token} ${after}`;
        const start = before.length + 1;
        wellFormed(text);
        const hits = findSecrets(text);
        expect(hits.some((h) => h.start <= start && h.end >= start + token.length)).toBe(true);
        const out = redact(text);
        for (const h of hits) if (h.end - h.start >= 20) expect(out).not.toContain(text.slice(h.start, h.end));
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ['ghp_ repeated', 'ghp_'.repeat(25_000)],
    ['a: repeated', 'a:'.repeat(50_000)],
    ['one long token-alphabet run', 'a'.repeat(100_000)],
    ['eyJ repeated', 'eyJ'.repeat(33_334)],
    ['eyJ segments without a signature dot', ('eyJ' + 'a'.repeat(20) + '.').repeat(4_000)],
    ['BEGIN headers without END', '-----BEGIN RSA PRIVATE KEY-----'.repeat(3_300)],
    ['URL prefixes', 'a://b:'.repeat(16_000)],
    ['keywords', 'password=password='.repeat(5_500)],
    ['bearer', 'Bearer '.repeat(14_000)],
    ['sk- runs', ('sk-' + 'a'.repeat(19)).repeat(4_500)],
  ])('returns on 100,000 characters of %s', (_name, text) => {
    expect(text.length).toBeGreaterThanOrEqual(90_000);
    expect(Array.isArray(findSecrets(text))).toBe(true);
    expect(typeof redact(text)).toBe('string');
  });
});
