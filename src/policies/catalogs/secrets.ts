/**
 * Literal secrets in configuration text (reference §11 item 36: tokens inline in `.mcp.json`, `~/.claude.json`,
 * settings `env`, hook headers).
 *
 * False positives are our users' top complaint about peer scanners, so vendor formats with a fixed prefix are
 * preferred, and the context-only kinds (URL passwords, bearer tokens, `password=` assignments) skip variable
 * references (`${VAR}`, `$VAR`, `%VAR%`, `{{ … }}`) and obvious placeholders. Hostile input is expected (files of
 * any size): every pattern has bounded repeats and no nested quantifiers, and each token pattern starts with a
 * look-behind that rejects its own alphabet, so a long run of token characters is scanned from its start only.
 */
export interface SecretHit { kind: string /* e.g. "github-token" */; label: string /* "GitHub token" */; start: number; end: number; }

interface Kind {
  kind: string;
  label: string;
  /** Global regex with `d` (indices); group 1, when present, is the secret and the rest is context. */
  re: RegExp;
  /** Extra test on the secret text; false drops the match. */
  accept?: (secret: string) => boolean;
}

const hasDigit = (s: string): boolean => /[0-9]/.test(s);
// Documentation writes `ghp_xxxx…`, `AKIA0000…` or `****`; a random token has no such run.
const filler = (s: string): boolean => /[xX]{8}|\*{4}|0{12}/.test(s);

const PLACEHOLDER_WORDS = ['changeme', 'change-me', 'change_me', 'example', 'dummy', 'placeholder', 'redacted', 'sample', 'fake', 'test', 'your', 'replace', '***', '...'];

/** A literal value that is a real-looking secret: not a reference, not a placeholder, not prose. */
function literal(value: string): boolean {
  const v = value.toLowerCase();
  if (/^[$%{<*]/.test(v) || v.includes('${') || v.startsWith('xxx')) return false;
  if (PLACEHOLDER_WORDS.some((w) => v.includes(w))) return false;
  return !/^[x*.0_-]+$/.test(v);
}

// Characters a bare token can contain; used for look-behinds and look-aheads so tokens are whole words.
const B62 = 'A-Za-z0-9';
const B64URL = 'A-Za-z0-9_-';

const KINDS: readonly Kind[] = [
  { kind: 'private-key', label: 'Private key', re: /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY-----/dg },
  { kind: 'github-token', label: 'GitHub token', re: new RegExp(`(?<![${B62}_])gh[pousr]_[${B62}]{36,251}(?![${B62}_])`, 'dg') },
  { kind: 'github-token', label: 'GitHub token', re: new RegExp(`(?<![${B62}_])github_pat_[${B62}_]{82,255}(?![${B62}_])`, 'dg') },
  { kind: 'gitlab-token', label: 'GitLab token', re: new RegExp(`(?<![${B64URL}])glpat-[${B64URL}]{20,255}(?![${B64URL}])`, 'dg') },
  { kind: 'slack-webhook', label: 'Slack webhook URL', re: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{6,20}\/B[A-Z0-9]{6,20}\/[A-Za-z0-9]{20,64}/dg },
  { kind: 'slack-token', label: 'Slack token', re: new RegExp(`(?<![${B62}-])xox[abprs]-[0-9]{1,20}-[${B62}-]{8,255}`, 'dg') },
  { kind: 'aws-access-key-id', label: 'AWS access key ID', re: /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/dg },
  { kind: 'anthropic-key', label: 'Anthropic API key', re: new RegExp(`(?<![${B64URL}])sk-ant-[${B64URL}]{20,512}`, 'dg'), accept: hasDigit },
  { kind: 'openai-key', label: 'OpenAI API key', re: new RegExp(`(?<![${B64URL}])sk-(?!ant-)[${B64URL}]{20,512}`, 'dg'), accept: hasDigit },
  { kind: 'google-api-key', label: 'Google API key', re: new RegExp(`(?<![${B64URL}])AIza[${B64URL}]{35}(?![${B64URL}])`, 'dg') },
  { kind: 'stripe-key', label: 'Stripe live key', re: new RegExp(`(?<![${B62}_])[sr]k_live_[${B62}]{16,247}`, 'dg') },
  { kind: 'npm-token', label: 'npm token', re: new RegExp(`(?<![${B62}_])npm_[${B62}]{36}(?![${B62}_])`, 'dg') },
  { kind: 'pypi-token', label: 'PyPI token', re: new RegExp(`(?<![${B64URL}])pypi-[${B64URL}]{50,512}`, 'dg') },
  {
    kind: 'jwt',
    label: 'JSON Web Token',
    re: new RegExp(`(?<![${B64URL}])eyJ[${B64URL}]{8,4096}\\.eyJ[${B64URL}]{8,4096}\\.[${B64URL}]{0,4096}`, 'dg'),
  },
  {
    kind: 'url-credentials',
    label: 'Password in a URL',
    re: /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,30}:\/\/[^\s:/?#@'"<>]{0,256}:([^\s/?#@'"<>]{3,256})@(?=[A-Za-z0-9[])/dg,
    accept: (s) => literal(s) && !['password', 'pass', 'passwd', 'pwd', 'secret'].includes(s.toLowerCase()),
  },
  {
    kind: 'bearer-token',
    label: 'Bearer token',
    re: /(?<![A-Za-z0-9])[Bb]earer[ \t]{1,16}([A-Za-z0-9._~+/=-]{20,2048})/dg,
    accept: (s) => hasDigit(s) && /[A-Za-z]/.test(s) && literal(s),
  },
  {
    kind: 'generic-secret',
    label: 'Hard-coded secret',
    // The keyword must end the key (`DB_PASSWORD=`, `"apiKey":`), so `tokens:`, `secretName:` and `max_tokens=` do not match.
    re: /(?:password|passwd|secret|token|api[_-]?key)["']?[ \t]{0,16}[=:][ \t]{0,16}["']?([^\s'"`,;&<>(){}[\]]{8,512})/dgi,
    accept: (s) => hasDigit(s) && /[A-Za-z]/.test(s) && literal(s) && !/^(?:\.{0,2}\/|~\/)/.test(s),
  },
];

// The key body after a BEGIN line: base64 lines, also JSON-escaped (`\n`) as in service-account files.
const KEY_BODY = /[A-Za-z0-9+/=\r\n\\]{0,16384}/y;
const KEY_SPAN = 65536;

/**
 * Every kind's pattern in one alternation per flag set: a text none of them matches has no hit, and one test of it
 * is much cheaper than running each kind (history redacts thousands of distinct rule texts).
 */
const ANY_KIND: readonly RegExp[] = [...new Set(KINDS.map((k) => k.re.flags.replace(/[dg]/g, '')))].map(
  (flags) => new RegExp(KINDS.filter((k) => k.re.flags.replace(/[dg]/g, '') === flags).map((k) => `(?:${k.re.source})`).join('|'), flags),
);

export function findSecrets(text: string): SecretHit[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  if (!ANY_KIND.some((re) => re.test(text))) return [];
  // Kinds are tried in priority order and a later candidate overlapping an accepted hit is dropped, so a vendor
  // token inside `Bearer …` or `token=…` keeps its specific kind.
  const taken = new Uint8Array(text.length);
  const hits: SecretHit[] = [];
  let endSearch = -1;
  let nextEnd = -1;
  for (const k of KINDS) {
    for (const m of text.matchAll(k.re)) {
      const span = m.indices?.[1] ?? m.indices?.[0];
      if (!span) continue;
      let [start, end] = span;
      if (k.kind === 'private-key') {
        if (endSearch < end) {
          nextEnd = text.indexOf('-----END ', end);
          endSearch = nextEnd < 0 ? text.length : nextEnd;
        }
        end = blockEnd(text, end, nextEnd);
      } else {
        const secret = text.slice(start, end);
        if (filler(secret) || (k.accept && !k.accept(secret))) continue;
      }
      if (overlaps(taken, start, end)) continue;
      taken.fill(1, start, end);
      hits.push({ kind: k.kind, label: k.label, start, end });
    }
  }
  return hits.sort((a, b) => a.start - b.start);
}

/** End of a private-key block: through its END line when close enough, else through the base64 body that follows. */
function blockEnd(text: string, headerEnd: number, nextEnd: number): number {
  if (nextEnd >= 0 && nextEnd - headerEnd <= KEY_SPAN) {
    const close = text.indexOf('-----', nextEnd + 9);
    if (close >= 0 && close - nextEnd < 64) return close + 5;
  }
  KEY_BODY.lastIndex = headerEnd;
  const body = KEY_BODY.exec(text);
  return headerEnd + (body ? body[0].length : 0);
}

function overlaps(taken: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (taken[i]) return true;
  return false;
}

/** A password in a URL to a local database (`postgres:postgres@localhost`): a development default, not a credential. */
export function isLocalUrlCredential(text: string, hit: SecretHit): boolean {
  return hit.kind === 'url-credentials' && /^@(?:localhost|127\.\d+\.\d+\.\d+|\[::1\])(?:[:/]|$)/i.test(text.slice(hit.end));
}

const redacted = new Map<string, string>();

/** `redact` memoised: reports redact the same rule texts many times (history: once per commit). */
export function redact(text: string): string {
  let out = redacted.get(text);
  if (out === undefined) {
    out = redactNow(text);
    if (redacted.size > 50_000) redacted.clear();
    redacted.set(text, out);
  }
  return out;
}

function redactNow(text: string): string {
  let out = '';
  let at = 0;
  for (const hit of findSecrets(text)) {
    out += `${text.slice(at, hit.start)}[REDACTED:${hit.kind}]`;
    at = hit.end;
  }
  return out + text.slice(at);
}
