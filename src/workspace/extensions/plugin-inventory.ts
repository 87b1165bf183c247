import path from 'node:path';
import { isObject, valueAtPath } from '../json-value.js';
import { fromPointer } from '../json-pointer.js';
import type { ConfigFile } from '../types.js';
import { fileExtensionName, hooksAt, mcpServersAt, wrappedMap, type Declaration } from './declared.js';
import { frontmatterExtensions } from './frontmatter-extensions.js';
import type { HookBases } from './hook-script.js';
import type { LoadedPlugin } from './plugin-files.js';
import type { Extension, ExtensionOrigin, FileExtension } from './types.js';

/**
 * One plugin and everything it contributes, all in the plugin tier: the plugin itself (at its manifest, its marketplace
 * entry, or where its manifest would be), inline `hooks` and `mcpServers` of the manifest and of the marketplace entry,
 * and its component files. Component names are namespaced `<plugin>:<name>`, as Claude Code shows them.
 */
export function pluginExtensions(plugin: LoadedPlugin, bases: HookBases): Extension[] {
  const origin: ExtensionOrigin = { tier: 'plugin', plugin: plugin.ref };
  const pluginBases: HookBases = { ...bases, plugin: plugin.ref };
  const prefix = `${plugin.ref.name}:`;
  const declare = (file: ConfigFile, at: (string | number)[]): Declaration => ({ file, at, origin, prefix, bases: pluginBases });
  const home = plugin.manifest ? { file: plugin.manifest, pointer: null } : plugin.entry ? { file: plugin.entry.file, pointer: plugin.entry.pointer } : { file: missingManifest(plugin), pointer: null };
  const out: Extension[] = [{ kind: 'plugin', name: plugin.ref.id, tier: 'plugin', origin, ...home }];
  const inline = (file: ConfigFile, at: string[], value: unknown) => {
    if (!isObject(value)) return;
    if (isObject(value.hooks)) {
      const h = wrappedMap(value.hooks, 'hooks');
      out.push(...hooksAt(declare(file, [...at, 'hooks', ...h.at]), h.map));
    }
    if (isObject(value.mcpServers)) {
      const m = wrappedMap(value.mcpServers, 'mcpServers');
      out.push(...mcpServersAt(declare(file, [...at, 'mcpServers', ...m.at]), m.map));
    }
  };
  if (plugin.manifest) inline(plugin.manifest, [], plugin.manifest.json?.value);
  if (plugin.entry) {
    const at = fromPointer(plugin.entry.pointer);
    inline(plugin.entry.file, at, valueAtPath(plugin.entry.file.json?.value, at));
  }
  for (const file of plugin.files) {
    const value = file.json?.value;
    if (file.kind === 'mcp') {
      const m = wrappedMap(value, 'mcpServers');
      out.push(...mcpServersAt(declare(file, m.at as string[]), m.map));
    } else if (file.kind === 'plugin-hooks') {
      const h = wrappedMap(value, 'hooks');
      out.push(...hooksAt(declare(file, h.at as string[]), h.map));
    } else if (file.kind === 'skill' || file.kind === 'subagent' || file.kind === 'command' || file.kind === 'output-style') {
      const owner: FileExtension = { kind: file.kind, name: `${prefix}${fileExtensionName(file)}`, tier: 'plugin', origin, file, pointer: null };
      out.push(owner, ...frontmatterExtensions(owner, pluginBases));
    }
  }
  return out;
}

/** A plugin without a manifest (it is optional) is located where its manifest would be. */
function missingManifest(plugin: LoadedPlugin): ConfigFile {
  const rel = '.claude-plugin/plugin.json';
  return {
    path: plugin.ref.root === '.' ? rel : `${plugin.ref.root}/${rel}`,
    absPath: path.join(plugin.ref.absRoot, rel),
    scope: 'plugin',
    kind: 'plugin-manifest',
    size: 0,
    readProblems: [{ code: 'not-found' }],
  };
}
