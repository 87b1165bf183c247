import { describe, expect, it } from 'vitest';
import { DEFAULT_REQUIRED_DENY, expandSample, SENSITIVE_TARGETS } from '../../../src/policies/catalogs/sensitive-paths.js';

const byId = (id: string) => SENSITIVE_TARGETS.find((t) => t.id === id);

describe('SENSITIVE_TARGETS', () => {
  it('has unique ids, labels and samples, 1–5 samples each, all with a placeholder', () => {
    const ids = SENSITIVE_TARGETS.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    const samples = SENSITIVE_TARGETS.flatMap((t) => t.samples);
    expect(new Set(samples).size).toBe(samples.length);
    for (const t of SENSITIVE_TARGETS) {
      expect(t.id).toMatch(/^[a-z][a-z-]*$/);
      expect(t.label.length).toBeGreaterThan(3);
      expect(t.samples.length).toBeGreaterThanOrEqual(1);
      expect(t.samples.length).toBeLessThanOrEqual(5);
      for (const s of t.samples) expect(s.startsWith('<root>/') || s.startsWith('~/')).toBe(true);
    }
  });

  it.each([
    ['dotenv', '<root>/.env'],
    ['dotenv', '<root>/.env.production'],
    ['dotenv', '<root>/config/.env'],
    ['ssh', '~/.ssh/id_rsa'],
    ['ssh', '~/.ssh/id_ed25519'],
    ['aws', '~/.aws/credentials'],
    ['gcloud', '~/.config/gcloud/application_default_credentials.json'],
    ['azure', '~/.azure/accessTokens.json'],
    ['kube', '~/.kube/config'],
    ['docker', '~/.docker/config.json'],
    ['npmrc', '<root>/.npmrc'],
    ['netrc', '~/.netrc'],
    ['pypirc', '~/.pypirc'],
    ['gnupg', '~/.gnupg/private-keys-v1.d/key.key'],
    ['gh', '~/.config/gh/hosts.yml'],
    ['git-credentials', '~/.git-credentials'],
    ['private-keys', '<root>/certs/server.key'],
    ['private-keys', '<root>/keystore.p12'],
    ['terraform-state', '<root>/terraform.tfstate'],
    ['claude-credentials', '~/.claude/.credentials.json'],
  ])('%s includes %s', (id, sample) => {
    expect(byId(id)?.samples).toContain(sample);
  });

  it.each(['<root>/.env.example', '<root>/.env.sample', '~/.ssh/id_rsa.pub', '~/.ssh/known_hosts', '~/.bash_history'])(
    'leaves out the committed or non-secret look-alike %s',
    (sample) => {
      expect(SENSITIVE_TARGETS.flatMap((t) => t.samples)).not.toContain(sample);
    },
  );
});

describe('expandSample', () => {
  it.each([
    ['<root>/.env', '/repo', '/home/a', '/repo/.env'],
    ['<root>/config/.env', '/repo/', '/home/a', '/repo/config/.env'],
    ['~/.ssh/id_rsa', '/repo', '/home/a', '/home/a/.ssh/id_rsa'],
    ['~/.aws/credentials', '/repo', '/home/a/', '/home/a/.aws/credentials'],
    ['<root>/.env', '/', '/root', '/.env'],
    ['<root>/.env', 'C:\\work\\repo', 'C:\\Users\\a', '/c/work/repo/.env'],
    ['~/.npmrc', 'C:\\work\\repo', 'C:\\Users\\a', '/c/Users/a/.npmrc'],
  ])('%s with root %s, home %s → %s', (sample, root, home, expected) => {
    expect(expandSample(sample, root, home)).toBe(expected);
  });

  it('always returns an absolute POSIX path', () => {
    for (const s of SENSITIVE_TARGETS.flatMap((t) => t.samples)) {
      const p = expandSample(s, '/work/project', '/Users/me');
      expect(p.startsWith('/')).toBe(true);
      expect(p).not.toMatch(/<root>|~|\/\//);
    }
  });
});

describe('DEFAULT_REQUIRED_DENY', () => {
  it('lists the recommended preset denies with reasons', () => {
    expect(DEFAULT_REQUIRED_DENY.map((d) => d.rule)).toEqual(['Read(./.env)', 'Read(./.env.*)', 'Read(~/.ssh/**)', 'Read(~/.aws/**)']);
    for (const d of DEFAULT_REQUIRED_DENY) expect(d.reason).toMatch(/^[A-Z].{10,100}\.$/);
  });
});
