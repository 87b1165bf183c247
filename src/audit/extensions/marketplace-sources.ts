import { isObject } from '../../workspace/json-value.js';

/** Why a marketplace or plugin source does not fix what gets installed, or undefined when it does (or is local). */
export type UnpinnedReason = 'no-pin' | 'moving-ref' | 'version-range' | 'no-checksum' | 'command';

export interface SourcePin {
  /** `github owner/repo`, `git host`, `npm pkg`… — never a full URL (it may carry credentials). */
  target: string;
  reason?: UnpinnedReason;
  /** The `ref` (or `#ref` of a git URL) when there is one. */
  ref?: string;
  /** Pinned to an exact commit (`sha`): nothing left to update. */
  exact: boolean;
}

// Branch names every repository has: a `ref` naming one follows whatever is pushed there.
const MOVING_REFS = new Set(['main', 'master', 'develop', 'development', 'dev', 'trunk', 'head', 'latest']);
const EXACT_SEMVER = /^v?\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/;
const COMMIT_IN_URL = /(?:^|[/@#=])[0-9a-f]{40}(?:$|[/?#])/i;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/**
 * How a source object pins what it fetches (reference §6.3): `sha` is the effective pin when both `ref` and `sha` are
 * set; a `ref` pins unless it names a branch every repository has. Where the reference is silent on which pin keys a
 * marketplace source (in settings) accepts, `ref` and `sha` are taken as pins, so a pinned source is never reported.
 * Local sources (`file`, `directory`, relative paths) come with the repository and need no pin.
 */
export function pinOf(source: unknown): SourcePin | undefined {
  if (!isObject(source)) return undefined;
  const kind = str(source.source);
  const sha = str(source.sha);
  const ref = str(source.ref);
  switch (kind) {
    case 'github':
      return gitPin(`github ${str(source.repo) ?? '?'}`, sha, ref);
    case 'git':
    case 'url':
    case 'git-subdir': {
      const url = str(source.url) ?? '';
      const fragment = /#([^#]+)$/.exec(url)?.[1];
      if (!sha && !ref && COMMIT_IN_URL.test(url)) return { target: `${kind} ${hostOf(url)}`, exact: true };
      return gitPin(`${kind} ${hostOf(url)}`, sha, ref ?? fragment);
    }
    case 'npm': {
      const pkg = str(source.package) ?? '?';
      const version = str(source.version) ?? /^(@?[^@]+)@(.+)$/.exec(pkg)?.[2];
      const name = `npm ${pkg.replace(/(.)@.*$/, '$1')}`;
      if (version === undefined) return { target: name, reason: 'no-pin', exact: false };
      return EXACT_SEMVER.test(version) ? { target: name, exact: true } : { target: name, reason: 'version-range', exact: false };
    }
    case 'archive':
      return str(source.sha256) ? { target: `archive ${hostOf(str(source.url) ?? '')}`, exact: true } : { target: `archive ${hostOf(str(source.url) ?? '')}`, reason: 'no-checksum', exact: false };
    case 'command':
      return { target: 'command', reason: 'command', exact: false };
    default:
      return undefined;
  }
}

function gitPin(target: string, sha: string | undefined, ref: string | undefined): SourcePin {
  if (sha) return { target, exact: true };
  if (!ref) return { target, reason: 'no-pin', exact: false };
  return MOVING_REFS.has(ref.toLowerCase().replace(/^refs\/heads\//, '')) ? { target, ref, reason: 'moving-ref', exact: false } : { target, ref, exact: false };
}

/** The host of a URL or scp-style git address, without user, port or path. */
function hostOf(url: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?([^/:?#]+)/i.exec(url) ?? /^(?:[^@/]+@)?([^/:]+):/.exec(url);
  return m?.[1] ?? 'unknown host';
}

/** Names Claude Code reserves for Anthropic's own marketplaces (reference §6.3). */
const RESERVED = new Set(['claude-code-marketplace', 'claude-code-plugins', 'claude-plugins-official', 'claude-plugins-community', 'anthropic-marketplace', 'anthropic-plugins', 'agent-skills']);

export type MarketplaceOrigin = 'official' | 'impersonation' | 'third-party';

/**
 * Anthropic's marketplaces are kept current on purpose (they default to `autoUpdate: true`), so they are neither
 * pinned nor reported. A reserved or Anthropic-looking name served from anywhere else is an impersonation.
 */
export function originOf(name: string, source: unknown): MarketplaceOrigin {
  const repo = isObject(source) && source.source === 'github' ? str(source.repo) : undefined;
  const url = isObject(source) ? str(source.url) : undefined;
  const fromAnthropic = (repo !== undefined && /^anthropics\//i.test(repo)) || (url !== undefined && /^(?:https:\/\/|git@)github\.com[/:]anthropics\//i.test(url));
  if (fromAnthropic) return 'official';
  return RESERVED.has(name) || /anthropic/i.test(name) ? 'impersonation' : 'third-party';
}
