import { toPointer } from '../json-pointer.js';
import type { ConfigFile, Scope, Workspace } from '../types.js';
import { objectOr } from '../json-value.js';
import { fileExtensionName, hooksAt, mcpServersAt, type Declaration } from './declared.js';
import { frontmatterExtensions } from './frontmatter-extensions.js';
import type { HookBases } from './hook-script.js';
import { pluginExtensions } from './plugin-inventory.js';
import type { LoadedPlugin } from './plugin-files.js';
import { applyTierPins } from './tier-pins.js';
import type { Extension, ExtensionInventory, ExtensionOrigin, FileExtension, TierPins, TrustTier } from './types.js';

/**
 * Local files (`settings.local.json`, `~/.claude.json` per-project servers) are written by the user for themselves,
 * so they share the user tier; project files are shared through the repository. Nothing on disk is `bundled` (bundled
 * skills live inside Claude Code itself) or `mcp` (what a server contributes is only known once it runs).
 */
const TIER_OF_SCOPE: Record<Scope, TrustTier> = { managed: 'managed', cli: 'user', user: 'user', local: 'user', project: 'project', plugin: 'plugin' };

function originOf(file: Pick<ConfigFile, 'scope'>): ExtensionOrigin {
  return { tier: TIER_OF_SCOPE[file.scope] };
}

/**
 * Every extension the loaded files and plugins declare, from their parsed JSON and frontmatter, with the tier the
 * policy's pins give it. Pure: no disk, no git.
 */
export function buildInventory(workspace: Pick<Workspace, 'files' | 'root' | 'home'>, plugins: readonly LoadedPlugin[] = [], pins: TierPins = new Map()): ExtensionInventory {
  const bases: HookBases = { root: workspace.root, home: workspace.home };
  const extensions: Extension[] = [];
  const declare = (file: ConfigFile, at: (string | number)[]): Declaration => ({ file, at, origin: originOf(file), prefix: '', bases });
  for (const file of workspace.files) {
    const value = file.json?.value;
    switch (file.kind) {
      case 'mcp':
        extensions.push(...mcpServersAt(declare(file, ['mcpServers']), objectOr(objectOr(value).mcpServers)));
        break;
      case 'global-config': {
        extensions.push(...mcpServersAt(declare(file, ['mcpServers']), objectOr(objectOr(value).mcpServers)));
        const project = objectOr(objectOr(value).projects)[workspace.root];
        extensions.push(...mcpServersAt(declare(file, ['projects', workspace.root, 'mcpServers']), objectOr(objectOr(project).mcpServers)));
        break;
      }
      case 'settings':
        extensions.push(...hooksAt(declare(file, ['hooks']), objectOr(value).hooks), ...settingsPlugins(file, objectOr(value)));
        break;
      case 'skill':
      case 'subagent':
      case 'command':
      case 'output-style': {
        const owner: FileExtension = { kind: file.kind, name: fileExtensionName(file), tier: originOf(file).tier, origin: originOf(file), file, pointer: null };
        extensions.push(owner, ...frontmatterExtensions(owner, bases));
        break;
      }
      case 'marketplace': {
        // The marketplace this repository publishes; the plugins it lists are read as plugins (plugin-roots.ts).
        const name = objectOr(value).name;
        extensions.push({ kind: 'marketplace', name: typeof name === 'string' ? name : 'marketplace', tier: originOf(file).tier, origin: originOf(file), file, pointer: null });
        break;
      }
      default:
        break;
    }
  }
  for (const plugin of plugins) extensions.push(...pluginExtensions(plugin, bases));
  return { extensions: applyTierPins(extensions, pins), notices: [] };
}

function settingsPlugins(file: ConfigFile, settings: Record<string, unknown>): Extension[] {
  const out: Extension[] = [];
  const origin = originOf(file);
  for (const [name, enabled] of Object.entries(objectOr(settings.enabledPlugins))) {
    out.push({ kind: 'plugin', name, tier: origin.tier, origin, file, pointer: toPointer(['enabledPlugins', name]), ...(typeof enabled === 'boolean' ? { enabled } : {}) });
  }
  for (const key of ['extraKnownMarketplaces', 'additionalMarketplaces']) {
    for (const name of Object.keys(objectOr(settings[key]))) out.push({ kind: 'marketplace', name, tier: origin.tier, origin, file, pointer: toPointer([key, name]) });
  }
  return out;
}
