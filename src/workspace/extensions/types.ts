import type { ConfigFile, GitFacts } from '../types.js';

/** Trust tiers, most trusted first (the default order; the policy's `extensions.tierOrder` may reorder them). */
export const TRUST_TIERS = ['managed', 'bundled', 'user', 'project', 'plugin', 'mcp'] as const;
export type TrustTier = (typeof TRUST_TIERS)[number];

const EXTENSION_KINDS = ['mcp-server', 'hook', 'skill', 'subagent', 'command', 'output-style', 'plugin', 'marketplace'] as const;
export type ExtensionKind = (typeof EXTENSION_KINDS)[number];

/** A plugin an extension belongs to: installed in the plugin cache, or this repository (or a folder of it) being one. */
export interface PluginRef {
  /** `name@marketplace` for installed plugins, the manifest `name` (or folder name) for the repository's own. */
  id: string;
  /** The name components are namespaced with (`/name:skill`). */
  name: string;
  source: 'cache' | 'repository';
  /** Display path of the plugin root (`~/.claude/plugins/cache/m/p/1.0.0`, `.`, `plugins/p`). */
  root: string;
  absRoot: string;
  version?: string;
}

/** Where an extension comes from: what its default tier is derived from. */
export interface ExtensionOrigin {
  /** The tier its source gives it, before any policy pin. */
  tier: TrustTier;
  /** Set for plugin components (and the plugin itself). */
  plugin?: PluginRef;
  /** `kind:name` of the extension that declares this one (a skill's frontmatter hook, a subagent's inline MCP server). */
  declaredBy?: string;
}

export interface ExtensionBase {
  /**
   * The server key, hook `<Event>[i].hooks[j]`, skill folder, file name, `plugin@marketplace` or marketplace name;
   * plugin components are namespaced `<plugin>:<name>` and declared ones `<declarer>:<name>`, as Claude Code shows them.
   */
  name: string;
  /** The effective tier: the origin's, unless the policy pins this extension (or the one declaring it) elsewhere. */
  tier: TrustTier;
  origin: ExtensionOrigin;
  /** The file that defines the extension. */
  file: ConfigFile;
  /** JSON pointer inside `file` (for Markdown files: inside the frontmatter), or null when the whole file is the extension. */
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
  /** The key the server is configured under (its name without any plugin or declarer prefix). */
  serverName: string;
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
  /** The project, plugin or home script the command runs, when one can be read off the command. */
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
  /** What could not be read completely (a plugin over the file cap, an unreadable plugin registry), for the report. */
  notices: string[];
}

/** Policy pins (`extensions.tiers`): `kind:name` or `name` → tier. */
export type TierPins = ReadonlyMap<string, TrustTier>;
