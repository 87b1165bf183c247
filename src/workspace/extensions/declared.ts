import path from 'node:path';
import { isObject, objectOr } from '../json-value.js';
import { toPointer, type JsonPath } from '../json-pointer.js';
import type { ConfigFile } from '../types.js';
import { hookScriptOf, type HookBases } from './hook-script.js';
import type { ExtensionOrigin, HookExtension, McpServerConfig, McpServerExtension } from './types.js';

/** Where a group of hooks or MCP servers is declared: the file, the path to the group in it, and whose they are. */
export interface Declaration {
  file: ConfigFile;
  at: JsonPath;
  origin: ExtensionOrigin;
  /** Prepended to each name (`plugin:`, `skill-name:`), empty for settings files. */
  prefix: string;
  bases: HookBases;
}

/** A skill is named after its folder, the others after their file (Claude Code's command and agent names). */
export function fileExtensionName(file: Pick<ConfigFile, 'kind' | 'path'>): string {
  return file.kind === 'skill' ? path.posix.basename(path.posix.dirname(file.path)) : path.posix.basename(file.path, '.md');
}

/** MCP servers of a `{ name: config }` map. */
export function mcpServersAt(d: Declaration, servers: Record<string, unknown>): McpServerExtension[] {
  return Object.entries(servers)
    .filter(([, entry]) => isObject(entry))
    .map(([name, entry]) => ({
      kind: 'mcp-server',
      name: `${d.prefix}${name}`,
      serverName: name,
      tier: d.origin.tier,
      origin: d.origin,
      file: d.file,
      pointer: toPointer([...d.at, name]),
      server: serverConfig(entry as Record<string, unknown>),
    }));
}

function serverConfig(entry: Record<string, unknown>): McpServerConfig {
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const config: McpServerConfig = {
    transport: str(entry.type) ?? 'stdio',
    args: Array.isArray(entry.args) ? entry.args.filter((a): a is string => typeof a === 'string') : [],
    env: objectOr(entry.env),
    headers: objectOr(entry.headers),
  };
  const command = str(entry.command);
  const url = str(entry.url);
  const helper = str(entry.headersHelper);
  if (command !== undefined) config.command = command;
  if (url !== undefined) config.url = url;
  if (helper !== undefined) config.headersHelper = helper;
  return config;
}

/** Hook handlers of a `{ <Event>: [{ matcher, hooks: [handler] }] }` map (settings, hooks.json, frontmatter). */
export function hooksAt(d: Declaration, value: unknown): HookExtension[] {
  const out: HookExtension[] = [];
  for (const [event, groups] of Object.entries(objectOr(value))) {
    if (!Array.isArray(groups)) continue;
    groups.forEach((group, g) => {
      const handlers = objectOr(group).hooks;
      if (!Array.isArray(handlers)) return;
      handlers.forEach((handler, h) => {
        if (!isObject(handler)) return;
        const hook: HookExtension = {
          kind: 'hook',
          name: `${d.prefix}${event}[${g}].hooks[${h}]`,
          tier: d.origin.tier,
          origin: d.origin,
          file: d.file,
          pointer: toPointer([...d.at, event, g, 'hooks', h]),
          event,
          handlerType: typeof handler.type === 'string' ? handler.type : 'command',
          headers: objectOr(handler.headers),
        };
        if (typeof handler.command === 'string') {
          hook.command = handler.command;
          const script = hookScriptOf(handler.command, d.file, d.bases);
          if (script) hook.script = script;
        }
        if (typeof handler.url === 'string') hook.url = handler.url;
        out.push(hook);
      });
    });
  }
  return out;
}

/**
 * A hooks or MCP file body: `{ "hooks": {…} }` / `{ "mcpServers": {…} }`, or (plugin manifests, inline marketplace
 * fields, some plugin `.mcp.json` files) the map itself. Returns the map and the key it was under.
 */
export function wrappedMap(value: unknown, key: 'hooks' | 'mcpServers'): { map: Record<string, unknown>; at: JsonPath } {
  const o = objectOr(value);
  return isObject(o[key]) ? { map: o[key], at: [key] } : { map: o, at: [] };
}
