import type { ConfigFile, GitFacts } from '../types.js';

/** Trust tiers, most trusted first (the default order of the issue; policy reordering is not implemented yet). */
export const TRUST_TIERS = ['managed', 'bundled', 'user', 'project', 'plugin', 'mcp'] as const;
export type TrustTier = (typeof TRUST_TIERS)[number];

export type ExtensionKind = 'mcp-server' | 'hook' | 'skill' | 'subagent' | 'command' | 'output-style' | 'plugin' | 'marketplace';

export interface ExtensionBase {
  /** The server key, hook `<Event>[i].hooks[j]`, skill folder, file name, `plugin@marketplace` or marketplace name. */
  name: string;
  tier: TrustTier;
  /** The file that defines the extension. */
  file: ConfigFile;
  /** JSON pointer inside `file`, or null when the whole file is the extension. */
  pointer: string | null;
}

export interface McpServerConfig {
  /** `stdio` when omitted. */
  transport: string;
  command?: string;
  args: string[];
  url?: string;
  /** Raw values: rules must never print them. */
  env: Record<string, unknown>;
  headers: Record<string, unknown>;
  headersHelper?: string;
}

export interface McpServerExtension extends ExtensionBase {
  kind: 'mcp-server';
  server: McpServerConfig;
}

export interface HookScript {
  /** Display path (like ConfigFile.path). */
  path: string;
  absPath: string;
  /** Run through an interpreter (`bash x.sh`), so the executable bit does not matter. */
  viaInterpreter: boolean;
  /** Filled in by `loadExtensions`: absent until then. */
  state?: { exists: boolean; executable: boolean; git?: GitFacts };
}

export interface HookExtension extends ExtensionBase {
  kind: 'hook';
  event: string;
  /** `command`, `http`, `mcp_tool`, `prompt` or `agent`. */
  handlerType: string;
  command?: string;
  url?: string;
  headers: Record<string, unknown>;
  /** The project or home script the command runs, when one can be read off the command. */
  script?: HookScript;
}

export interface FileExtension extends ExtensionBase {
  kind: 'skill' | 'subagent' | 'command' | 'output-style';
}

export interface PluginExtension extends ExtensionBase {
  kind: 'plugin' | 'marketplace';
  enabled?: boolean;
}

export type Extension = McpServerExtension | HookExtension | FileExtension | PluginExtension;

export interface ExtensionInventory {
  extensions: Extension[];
}
