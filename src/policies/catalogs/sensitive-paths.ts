/**
 * Files whose contents are credentials, as concrete sample paths. The permissions auditor asks its own path
 * matcher whether an allow rule matches any sample, instead of us guessing with glob-on-glob comparisons; so the
 * samples are the places these files really live (default locations of each tool), 2–5 per target and distinct,
 * and deliberately exclude look-alikes that are meant to be committed (`.env.example`, public keys, `known_hosts`).
 *
 * Placeholders: `<root>/…` is the project root, `~/…` the user's home.
 */
import path from 'node:path';

export interface SensitiveTarget { id: string /* e.g. "dotenv" */; label: string /* ".env files" */; samples: readonly string[]; }

export const SENSITIVE_TARGETS: readonly SensitiveTarget[] = [
  { id: 'dotenv', label: '.env files', samples: ['<root>/.env', '<root>/.env.local', '<root>/.env.production', '<root>/config/.env'] },
  { id: 'ssh', label: 'SSH private keys and config', samples: ['~/.ssh/id_rsa', '~/.ssh/id_ed25519', '~/.ssh/config'] },
  { id: 'aws', label: 'AWS credentials', samples: ['~/.aws/credentials', '~/.aws/config'] },
  {
    id: 'gcloud',
    label: 'Google Cloud credentials',
    samples: ['~/.config/gcloud/application_default_credentials.json', '~/.config/gcloud/credentials.db'],
  },
  { id: 'azure', label: 'Azure CLI tokens', samples: ['~/.azure/accessTokens.json', '~/.azure/msal_token_cache.json'] },
  { id: 'kube', label: 'Kubernetes config', samples: ['~/.kube/config'] },
  { id: 'docker', label: 'Docker registry credentials', samples: ['~/.docker/config.json'] },
  // A project .npmrc often carries `//registry/:_authToken=…` for a private registry.
  { id: 'npmrc', label: 'npm credentials (.npmrc)', samples: ['~/.npmrc', '<root>/.npmrc'] },
  { id: 'netrc', label: '.netrc credentials', samples: ['~/.netrc'] },
  { id: 'pypirc', label: 'PyPI credentials (.pypirc)', samples: ['~/.pypirc'] },
  { id: 'gnupg', label: 'GnuPG private keys', samples: ['~/.gnupg/private-keys-v1.d/key.key', '~/.gnupg/secring.gpg'] },
  { id: 'gh', label: 'GitHub CLI tokens', samples: ['~/.config/gh/hosts.yml'] },
  { id: 'git-credentials', label: 'Git credential store', samples: ['~/.git-credentials', '~/.config/git/credentials'] },
  {
    id: 'private-keys',
    label: 'Private keys and keystores in the project',
    samples: ['<root>/certs/server.key', '<root>/server.pem', '<root>/keystore.p12', '<root>/id_rsa'],
  },
  // State files hold every secret Terraform has read or generated, in plain text.
  { id: 'terraform-state', label: 'Terraform state', samples: ['<root>/terraform.tfstate', '<root>/infra/terraform.tfstate.backup'] },
  { id: 'claude-credentials', label: 'Claude Code credentials', samples: ['~/.claude/.credentials.json'] },
];

/** Absolute POSIX path of a sample for the given project root and home directory. */
export function expandSample(sample: string, root: string, home: string): string {
  if (sample.startsWith('<root>/')) return path.posix.resolve('/', toPosix(root), sample.slice('<root>/'.length));
  if (sample.startsWith('~/')) return path.posix.resolve('/', toPosix(home), sample.slice(2));
  return path.posix.resolve('/', sample);
}

// Windows roots arrive as `C:\Users\a`; the permission matcher compares `/c/Users/a` (reference §2.3).
function toPosix(dir: string): string {
  const slashed = dir.replaceAll('\\', '/');
  const drive = /^([A-Za-z]):\//.exec(slashed);
  return drive ? `/${(drive[1] as string).toLowerCase()}/${slashed.slice(3)}` : slashed;
}

/** The recommended preset's required denies (reference §11 item 17: they stop the Read tool, not a script). */
export const DEFAULT_REQUIRED_DENY: readonly { rule: string; reason: string }[] = [
  { rule: 'Read(./.env)', reason: 'The project .env usually holds API keys and database passwords.' },
  { rule: 'Read(./.env.*)', reason: 'Environment variants (.env.local, .env.production) hold the same secrets.' },
  { rule: 'Read(~/.ssh/**)', reason: 'SSH private keys grant access to servers and Git remotes.' },
  { rule: 'Read(~/.aws/**)', reason: 'AWS credentials grant access to cloud accounts.' },
];
