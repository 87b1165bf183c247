import { isObject } from '../json-value.js';
import path from 'node:path';
import { toPointer } from '../json-pointer.js';
import type { ConfigFile, Scope, Workspace } from '../types.js';
import { hookScriptOf } from './hook-script.js';
import type { Extension, ExtensionInventory, HookExtension, McpServerConfig, McpServerExtension, TrustTier } from './types.js';

/**
 * Local files (`settings.local.json`, `~/.claude.json` per-project servers) are written by the user for themselves,
 * so they share the user tier; project files are shared through the repository.
 */
const TIER_OF_SCOPE: Record<Scope, TrustTier> = { managed: 'managed', cli: 'user', user: 'user', local: 'user', project: 'project', plugin: 'plugin' };

function tierOf(file: Pick<ConfigFile, 'scope'>): TrustTier {
  return TIER_OF_SCOPE[file.scope];
}

const objectOr = (v: unknown): Record<string, unknown> => (isObject(v) ? v : {});

/** Every extension the loaded files declare, from the files' parsed JSON and frontmatter. Pure: no disk, no git. */
export function buildInventory(workspace: Pick<Workspace, 'files' | 'root' | 'home'>): ExtensionInventory {
  const extensions: Extension[] = [];
  for (const file of workspace.files) {
    const value = file.json?.value;
    switch (file.kind) {
      case 'mcp':
        extensions.push(...mcpServers(file, objectOr(objectOr(value).mcpServers), ['mcpServers']));
        break;
      case 'global-config': {
        extensions.push(...mcpServers(file, objectOr(objectOr(value).mcpServers), ['mcpServers']));
        const project = objectOr(objectOr(value).projects)[workspace.root];
        const local = mcpServers(file, objectOr(objectOr(project).mcpServers), ['projects', workspace.root, 'mcpServers']);
        extensions.push(...local);
        break;
      }
      case 'settings':
        extensions.push(...hooks(file, objectOr(value).hooks, workspace), ...plugins(file, objectOr(value)));
        break;
      case 'skill':
        extensions.push({ kind: 'skill', name: path.posix.basename(path.posix.dirname(file.path)), tier: tierOf(file), file, pointer: null });
        break;
      case 'subagent':
      case 'command':
      case 'output-style':
        extensions.push({ kind: file.kind, name: path.posix.basename(file.path, '.md'), tier: tierOf(file), file, pointer: null });
        break;
      default:
        break;
    }
  }
  return { extensions };
}

function mcpServers(file: ConfigFile, servers: Record<string, unknown>, at: (string | number)[]): McpServerExtension[] {
  return Object.entries(servers)
    .filter(([, entry]) => isObject(entry))
    .map(([name, entry]) => ({ kind: 'mcp-server', name, tier: tierOf(file), file, pointer: toPointer([...at, name]), server: serverConfig(entry as Record<string, unknown>) }));
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

function hooks(file: ConfigFile, value: unknown, bases: Pick<Workspace, 'root' | 'home'>): HookExtension[] {
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
          name: `${event}[${g}].hooks[${h}]`,
          tier: tierOf(file),
          file,
          pointer: toPointer(['hooks', event, g, 'hooks', h]),
          event,
          handlerType: typeof handler.type === 'string' ? handler.type : 'command',
          headers: objectOr(handler.headers),
        };
        if (typeof handler.command === 'string') {
          hook.command = handler.command;
          const script = hookScriptOf(handler.command, file, bases);
          if (script) hook.script = script;
        }
        if (typeof handler.url === 'string') hook.url = handler.url;
        out.push(hook);
      });
    });
  }
  return out;
}

function plugins(file: ConfigFile, settings: Record<string, unknown>): Extension[] {
  const out: Extension[] = [];
  for (const [name, enabled] of Object.entries(objectOr(settings.enabledPlugins))) {
    out.push({ kind: 'plugin', name, tier: tierOf(file), file, pointer: toPointer(['enabledPlugins', name]), ...(typeof enabled === 'boolean' ? { enabled } : {}) });
  }
  for (const key of ['extraKnownMarketplaces', 'additionalMarketplaces']) {
    for (const name of Object.keys(objectOr(settings[key]))) out.push({ kind: 'marketplace', name, tier: tierOf(file), file, pointer: toPointer([key, name]) });
  }
  return out;
}
