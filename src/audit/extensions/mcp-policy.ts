import type { McpServerMatcher } from '../../policies/extensions-policy.js';
import { wildcardMatch } from '../../policies/permission-rules/glob.js';
import type { McpServerExtension } from '../../workspace/extensions/types.js';

export type McpVerdict = { verdict: 'blocked'; entry: number; by: MatchKind } | { verdict: 'not-allowed'; needs: MatchKind | 'any' };
type MatchKind = 'name' | 'command' | 'url';

/**
 * The policy's verdict on one server, the way managed `allowedMcpServers` / `deniedMcpServers` decide (reference §4.4):
 * a block entry wins; without an allow list everything else is allowed; with one (even empty) the server must match an
 * entry, and once the list has a `command` entry a stdio server must match a `command` entry (a `url` entry likewise
 * binds remote servers), so a name no longer admits it. Undefined when the server is allowed.
 */
export function mcpVerdictOf(ext: McpServerExtension, policy: { allow?: readonly McpServerMatcher[]; block: readonly McpServerMatcher[] }): McpVerdict | undefined {
  const blocked = policy.block.findIndex((m) => matchKind(m, ext) !== undefined);
  if (blocked >= 0) return { verdict: 'blocked', entry: blocked, by: matchKind(policy.block[blocked]!, ext)! };
  const allow = policy.allow;
  if (allow === undefined) return undefined;
  const remote = ext.server.url !== undefined;
  const binding: MatchKind | undefined = !remote && allow.some((m) => m.command) ? 'command' : remote && allow.some((m) => m.url) ? 'url' : undefined;
  const admits = allow.some((m) => {
    const kind = matchKind(m, ext);
    return kind !== undefined && (binding === undefined || kind === binding);
  });
  return admits ? undefined : { verdict: 'not-allowed', needs: binding ?? 'any' };
}

function matchKind(m: McpServerMatcher, ext: McpServerExtension): MatchKind | undefined {
  if (m.name !== undefined) return m.name === ext.serverName || m.name === ext.name ? 'name' : undefined;
  if (m.command !== undefined) {
    const actual = ext.server.command === undefined || ext.server.url !== undefined ? undefined : [ext.server.command, ...ext.server.args];
    return actual !== undefined && actual.length === m.command.length && actual.every((a, i) => a === m.command![i]) ? 'command' : undefined;
  }
  if (m.url !== undefined && ext.server.url !== undefined) return urlMatches(m.url, ext.server.url) ? 'url' : undefined;
  return undefined;
}

/** `*` matches anything anywhere; scheme and host compare without case; a pattern without a path matches any path. */
function urlMatches(pattern: string, url: string): boolean {
  const p = splitUrl(pattern.trim());
  const u = splitUrl(url.trim());
  if (!wildcardMatch(p.origin, u.origin, { caseInsensitive: true })) return false;
  return p.path === '' || (p.path === '/' && u.path === '') || wildcardMatch(p.path, u.path);
}

function splitUrl(text: string): { origin: string; path: string } {
  const scheme = text.indexOf('://');
  const start = scheme >= 0 ? scheme + 3 : 0;
  const slash = text.slice(start).search(/[/?#]/);
  return slash < 0 ? { origin: text, path: '' } : { origin: text.slice(0, start + slash), path: text.slice(start + slash) };
}
