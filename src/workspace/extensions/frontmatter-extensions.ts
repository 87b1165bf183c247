import { isObject } from '../json-value.js';
import type { Extension, FileExtension } from './types.js';
import { hooksAt, mcpServersAt, type Declaration } from './declared.js';
import type { HookBases } from './hook-script.js';

/** Frontmatter fields Claude Code ignores in plugin agents (reference §5.3: "for security reasons"). */
export const PLUGIN_AGENT_IGNORED_FIELDS = ['permissionMode', 'hooks', 'mcpServers'] as const;

/** Whether Claude Code ignores `hooks`, `mcpServers` and `permissionMode` in this file: a subagent shipped by a plugin. */
export function isPluginAgent(ext: Pick<FileExtension, 'kind' | 'origin'>): boolean {
  return ext.kind === 'subagent' && ext.origin.plugin !== undefined;
}

/**
 * Hooks a skill's or subagent's frontmatter declares (reference §3.1), and a subagent's inline MCP servers (§4.1:
 * `mcpServers` items are server names, which add nothing, or `{ name: config }` maps). They share the declaring file's
 * origin; plugin agents declare none, since Claude Code ignores those fields there.
 */
export function frontmatterExtensions(owner: FileExtension, bases: HookBases): Extension[] {
  const data = owner.file.frontmatter?.data;
  if (!data || (owner.kind !== 'skill' && owner.kind !== 'subagent') || isPluginAgent(owner)) return [];
  const declaration = (at: (string | number)[]): Declaration => ({
    file: owner.file,
    at,
    origin: { ...owner.origin, declaredBy: `${owner.kind}:${owner.name}` },
    prefix: `${owner.name}:`,
    bases,
  });
  const out: Extension[] = [...hooksAt(declaration(['hooks']), data.hooks)];
  if (owner.kind !== 'subagent') return out;
  const servers = data.mcpServers;
  if (isObject(servers)) out.push(...mcpServersAt(declaration(['mcpServers']), servers));
  else if (Array.isArray(servers)) {
    servers.forEach((item, i) => {
      if (isObject(item)) out.push(...mcpServersAt(declaration(['mcpServers', i]), item));
    });
  }
  return out;
}
