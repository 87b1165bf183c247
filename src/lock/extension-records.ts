import { canonicalJson, sameJson } from '../policies/canonical-json.js';
import type { McpServerConfig } from '../workspace/extensions/types.js';
import { isObject, objectOr } from '../workspace/json-value.js';
import { integrityOf } from './hashes.js';
import type { ExtensionLockEntry } from './lock-types.js';

/**
 * What the lock (and a signed manifest) records of an extension that lives inside a JSON file. Values that may hold a
 * secret (arguments, URLs, hook commands, env and header values) are never copied: env and headers by name only,
 * the rest as hashes, so that a change can be named ("args changed") without the lock repeating a token.
 */

/** SRI sha256 of a JSON value's canonical form (keys sorted). */
function jsonIntegrityOf(value: unknown): string {
  return integrityOf(Buffer.from(canonicalJson(value ?? null), 'utf8'));
}

const namesOf = (value: Record<string, unknown>): string[] => Object.keys(value).sort();

/**
 * An MCP server: `integrity` over the canonical JSON of transport, command, args, url, headersHelper and the names of
 * its env vars and headers; the command and the names readable, the other values as hashes.
 */
export function mcpServerEntry(server: McpServerConfig): ExtensionLockEntry {
  const env = namesOf(server.env);
  const headers = namesOf(server.headers);
  const record = { transport: server.transport, command: server.command, args: server.args, url: server.url, headersHelper: server.headersHelper, env, headers };
  const hashes: Record<string, string> = {};
  if (server.args.length > 0) hashes.args = jsonIntegrityOf(server.args);
  if (server.url !== undefined) hashes.url = jsonIntegrityOf(server.url);
  if (server.headersHelper !== undefined) hashes.headersHelper = jsonIntegrityOf(server.headersHelper);
  return { integrity: jsonIntegrityOf(record), transport: server.transport, ...(server.command !== undefined ? { command: server.command } : {}), env, headers, hashes };
}

export interface HookInput {
  event: string;
  /** The matcher group's `matcher`, as written (a tool-name pattern). */
  matcher: unknown;
  /** The handler object as written. */
  handler: Record<string, unknown>;
  /** The project script the command runs, and its bytes when they count (present and in the repository). */
  script?: { path: string; bytes?: Uint8Array };
}

/**
 * A hook handler: every field of the handler hashed (header values replaced by their names), the script's path and the
 * hash of its bytes; `integrity` over all of it.
 */
export function hookEntry(hook: HookInput): ExtensionLockEntry {
  const type = typeof hook.handler.type === 'string' ? hook.handler.type : 'command';
  const headers = isObject(hook.handler.headers) ? namesOf(hook.handler.headers) : [];
  const hashes: Record<string, string> = {};
  for (const [key, value] of Object.entries(hook.handler)) if (key !== 'type' && key !== 'headers' && value !== undefined) hashes[key] = jsonIntegrityOf(value);
  const entry: ExtensionLockEntry = { integrity: '', event: hook.event, type, hashes, headers };
  if (typeof hook.matcher === 'string') entry.matcher = hook.matcher;
  else if (hook.matcher !== undefined) hashes.matcher = jsonIntegrityOf(hook.matcher);
  if (hook.script) {
    entry.script = hook.script.path;
    if (hook.script.bytes) entry.scriptIntegrity = integrityOf(hook.script.bytes);
  }
  const { integrity: _, ...covered } = entry;
  entry.integrity = jsonIntegrityOf(covered);
  return entry;
}

/** Any other extension declared inside a JSON file (an `enabledPlugins` or `extraKnownMarketplaces` entry): its value. */
export function jsonValueEntry(value: unknown): ExtensionLockEntry {
  return { integrity: jsonIntegrityOf(value) };
}

/** A whole file locked by its bytes (a plugin or marketplace manifest). */
export function fileBytesEntry(bytes: Uint8Array, fileKind: string): ExtensionLockEntry {
  return { integrity: integrityOf(bytes), file: fileKind, bytes: bytes.length };
}

/**
 * What differs between two entries of the same extension, by name: fields (`command`, `transport`), hashed values
 * (`args`, `url`), `script content`, and env or header names added (`+NAME`) or removed (`-NAME`). Never a value.
 */
export function changedFieldsOf(now: ExtensionLockEntry, then: ExtensionLockEntry): string[] {
  const out: string[] = [];
  const keys = [...new Set([...Object.keys(now), ...Object.keys(then)])].filter((k) => k !== 'integrity').sort();
  for (const key of keys) {
    const a = now[key];
    const b = then[key];
    if (key === 'hashes') {
      const ha = objectOr(a);
      const hb = objectOr(b);
      for (const name of [...new Set([...Object.keys(ha), ...Object.keys(hb)])].sort()) if (ha[name] !== hb[name]) out.push(name);
    } else if ((key === 'env' || key === 'headers') && Array.isArray(a) && Array.isArray(b)) {
      const added = a.filter((x) => !b.includes(x)).map((x) => `+${String(x)}`);
      const removed = b.filter((x) => !a.includes(x)).map((x) => `-${String(x)}`);
      if (added.length + removed.length > 0) out.push(`${key} names ${[...added, ...removed].join(' ')}`);
    } else if (!sameJson(a ?? null, b ?? null)) out.push(key === 'scriptIntegrity' ? 'script content' : key);
  }
  // Entries recorded by another agentgov may differ only in `integrity`: still a change.
  return out.length > 0 || now.integrity === then.integrity ? out : ['content'];
}
