import { findSecrets, isLocalUrlCredential } from '../../policies/catalogs/secrets.js';
import type { Extension } from '../../workspace/extensions/types.js';
import type { JsonPath } from '../../workspace/json-pointer.js';

export interface ConfigSecret {
  /** Where, below the extension or the settings file (`['env', 'GITHUB_TOKEN']`, `['args', 2]`). */
  at: JsonPath;
  /** What kind of secret (a label, never the value). */
  label: string;
}

const SECRET_KEY = /token|secret|passw(or)?d|api[_-]?key|access[_-]?key|private[_-]?key|credential|auth/i;

/** Shannon entropy in bits per character. */
function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

/** A literal random-looking value under a secret-named key (a reference, a path or prose is not one). */
function highEntropy(value: string): boolean {
  const v = value.trim();
  if (v.length < 16 || v.length > 512 || /\$|%[A-Z_]+%|\{\{|\s/.test(v) || v.startsWith('/') || v.includes('://')) return false;
  return /[0-9]/.test(v) && /[A-Za-z]/.test(v) && entropy(v) >= 3.5;
}

/** Secrets in one named value: a known token format anywhere, or a random-looking value in a secret-named key. */
function secretsIn(key: string, value: unknown, at: JsonPath): ConfigSecret[] {
  if (typeof value !== 'string') return [];
  const hits = findSecrets(value).filter((h) => !isLocalUrlCredential(value, h));
  if (hits.length > 0) return [...new Set(hits.map((h) => h.label))].map((label) => ({ at, label }));
  return SECRET_KEY.test(key) && highEntropy(value) ? [{ at, label: `high-entropy value in a secret-named key` }] : [];
}

function inMap(map: Record<string, unknown>, prefix: string): ConfigSecret[] {
  return Object.entries(map).flatMap(([k, v]) => secretsIn(k, v, [prefix, k]));
}

/** Every literal secret in an MCP server's or hook's configuration. */
export function extensionSecrets(ext: Extension): ConfigSecret[] {
  if (ext.kind === 'mcp-server') {
    const s = ext.server;
    return [
      ...inMap(s.env, 'env'),
      ...inMap(s.headers, 'headers'),
      ...secretsIn('url', s.url, ['url']),
      ...secretsIn('command', s.command, ['command']),
      ...s.args.flatMap((a, i) => secretsIn(i > 0 ? (s.args[i - 1] ?? '') : '', a, ['args', i])),
      ...secretsIn('headersHelper', s.headersHelper, ['headersHelper']),
    ];
  }
  if (ext.kind === 'hook') return [...secretsIn('command', ext.command, ['command']), ...secretsIn('url', ext.url, ['url']), ...inMap(ext.headers, 'headers')];
  return [];
}

export function settingsEnvSecrets(env: Record<string, unknown>): ConfigSecret[] {
  return inMap(env, 'env');
}

/**
 * Settings keys that hold a shell command Claude Code runs itself (reference §1 and §8: helper commands, the status
 * line, file suggestions): a token written into one is as exposed as one in `env`.
 */
const SETTINGS_COMMANDS: readonly JsonPath[] = [
  ['apiKeyHelper'],
  ['otelHeadersHelper'],
  ['awsAuthRefresh'],
  ['awsCredentialExport'],
  ['statusLine', 'command'],
  ['subagentStatusLine', 'command'],
  ['fileSuggestion', 'command'],
];

export function settingsCommandSecrets(settings: Record<string, unknown>): ConfigSecret[] {
  return SETTINGS_COMMANDS.flatMap((at) => {
    let value: unknown = settings;
    for (const key of at) value = value !== null && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
    return secretsIn('command', value, at);
  });
}
