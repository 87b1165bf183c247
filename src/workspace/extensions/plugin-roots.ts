import path from 'node:path';
import { claudeDirOf } from '../claude-dir.js';
import { displayPath } from '../claude/discover.js';
import { isObject } from '../json-value.js';
import { parseJsonValue } from '../json-document.js';
import { listDir, readTextFile } from '../read-file.js';
import type { ConfigFile, Workspace } from '../types.js';
import type { PluginRef } from './types.js';
import { leavesBase } from '../rel-inside.js';
import { compareKeys } from '../../text-order.js';

/** Installed plugins read from the cache at most: a home with more is cut off (and says so). */
const MAX_CACHE_PLUGINS = 200;
const REGISTRY_MAX_BYTES = 16 * 1024 * 1024;

/** A plugin folder to read, before its files are. */
export interface PluginRoot {
  ref: PluginRef;
  /** Where its files are read from: `claude` (Claude Code's folder) for the cache, `root` for the repository. */
  base: 'claude' | 'root';
  /** The plugin folder relative to the base, with a trailing slash (`''` for the repository root). */
  prefix: string;
  /** The manifest when it is already loaded (the repository's own `.claude-plugin/plugin.json`). */
  manifest?: ConfigFile;
  /** The marketplace entry that lists this plugin (`marketplace.json` and the entry's pointer), for its inline fields. */
  entry?: { file: ConfigFile; pointer: string };
  /** Listed with a source outside the repository: there is no folder to read. */
  remote?: true;
}

export interface PluginRoots {
  roots: PluginRoot[];
  notices: string[];
}

/**
 * Plugins installed in Claude Code's `plugins/` folder (`~/.claude/plugins/`, or under `CLAUDE_CONFIG_DIR`; reference §6.2): the installations `installed_plugins.json` records
 * (user-wide ones, and project ones for this root), or, without a readable registry, the newest version folder of each
 * `cache/<marketplace>/<plugin>/<version>/`. Old version folders are orphans Claude Code no longer loads.
 */
export async function cachePluginRoots(workspace: Pick<Workspace, 'home' | 'root' | 'claudeDir'>): Promise<PluginRoots> {
  const claudeDir = claudeDirOf(workspace);
  const pluginsDir = path.join(claudeDir, 'plugins');
  const shown = (rel: string) => displayPath('claude', rel, { home: workspace.home, claude: claudeDir });
  const notices: string[] = [];
  const registry = await readTextFile(path.join(pluginsDir, 'installed_plugins.json'), REGISTRY_MAX_BYTES);
  let found: { id: string; abs: string; version?: string }[] | undefined;
  if (registry.text !== undefined) {
    found = installationsOf(parseJsonValue(registry.text), workspace, pluginsDir);
    if (!found) notices.push(`extensions: ${shown('plugins/installed_plugins.json')} is not a valid plugin registry; the newest version of each cached plugin is audited instead.`);
  } else if (registry.problems.some((p) => p.code !== 'not-found')) {
    notices.push(`extensions: ${shown('plugins/installed_plugins.json')} could not be read (${registry.problems.map((p) => p.code).join(', ')}); the newest version of each cached plugin is audited instead.`);
  }
  found ??= await newestCachedVersions(path.join(pluginsDir, 'cache'));
  const seen = new Set<string>();
  const roots: PluginRoot[] = [];
  for (const p of found) {
    if (seen.has(p.abs)) continue;
    seen.add(p.abs);
    if (roots.length === MAX_CACHE_PLUGINS) {
      notices.push(`extensions: more than ${MAX_CACHE_PLUGINS} installed plugins; only the first ${MAX_CACHE_PLUGINS} are audited.`);
      break;
    }
    const rel = path.relative(claudeDir, p.abs).split(path.sep).join('/');
    const name = p.id.split('@')[0] || p.id;
    roots.push({ ref: { id: p.id, name, source: 'cache', root: shown(rel), absRoot: p.abs, ...(p.version ? { version: p.version } : {}) }, base: 'claude', prefix: `${rel}/` });
  }
  return { roots, notices };
}

/** Installations of `installed_plugins.json` (v2: id → list; v1: id → one), kept inside the plugins folder; undefined when the shape is wrong. */
function installationsOf(value: unknown, workspace: Pick<Workspace, 'home' | 'root'>, pluginsDir: string): { id: string; abs: string; version?: string }[] | undefined {
  if (!isObject(value) || !isObject(value.plugins)) return undefined;
  const out: { id: string; abs: string; version?: string }[] = [];
  for (const [id, raw] of Object.entries(value.plugins).sort(compareKeys)) {
    for (const entry of Array.isArray(raw) ? raw : [raw]) {
      if (!isObject(entry) || typeof entry.installPath !== 'string') continue;
      const projectPath = typeof entry.projectPath === 'string' ? entry.projectPath : undefined;
      // A project or local installation belongs to that project only.
      if ((entry.scope === 'project' || entry.scope === 'local') && projectPath !== undefined && path.resolve(projectPath) !== workspace.root) continue;
      const abs = insidePluginsDir(entry.installPath, workspace.home, pluginsDir);
      if (abs) out.push({ id, abs, ...(typeof entry.version === 'string' ? { version: entry.version } : {}) });
    }
  }
  return out;
}

/**
 * An install path as a folder of our plugins folder: the registry holds absolute paths of the machine that wrote it,
 * so anything after `/<Claude folder's name>/plugins/` (`/.claude/plugins/` unless `CLAUDE_CONFIG_DIR` renames it) is
 * taken relative to ours. Paths elsewhere are not read.
 */
function insidePluginsDir(installPath: string, home: string, pluginsDir: string): string | undefined {
  const expanded = installPath.startsWith('~/') ? path.join(home, installPath.slice(2)) : installPath;
  const posix = expanded.split(path.sep).join('/');
  const marker = `/${path.basename(path.dirname(pluginsDir))}/plugins/`;
  const at = posix.lastIndexOf(marker);
  const rel = at >= 0 ? posix.slice(at + marker.length) : path.isAbsolute(expanded) ? undefined : posix;
  if (rel === undefined) return undefined;
  const abs = path.resolve(pluginsDir, rel);
  return abs.startsWith(pluginsDir + path.sep) ? abs : undefined;
}

async function newestCachedVersions(cacheDir: string): Promise<{ id: string; abs: string; version?: string }[]> {
  const out: { id: string; abs: string; version?: string }[] = [];
  for (const marketplace of (await listDir(cacheDir)).entries) {
    if (marketplace.kind !== 'dir' || marketplace.name.startsWith('.')) continue;
    for (const plugin of (await listDir(path.join(cacheDir, marketplace.name))).entries) {
      if (plugin.kind !== 'dir' || plugin.name.startsWith('.')) continue;
      const versions = (await listDir(path.join(cacheDir, marketplace.name, plugin.name))).entries.filter((e) => e.kind === 'dir' && !e.name.startsWith('.'));
      const newest = versions.map((v) => v.name).sort(compareVersionNames).at(-1);
      if (newest !== undefined) out.push({ id: `${plugin.name}@${marketplace.name}`, abs: path.join(cacheDir, marketplace.name, plugin.name, newest), version: newest });
      if (out.length > MAX_CACHE_PLUGINS) return out;
    }
  }
  return out;
}

/** Numeric parts compared as numbers (`1.10.0` after `1.9.2`), anything else as text. */
function compareVersionNames(a: string, b: string): number {
  const pa = a.split(/[.-]/);
  const pb = b.split(/[.-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    if (x === y) continue;
    if (/^\d+$/.test(x) && /^\d+$/.test(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * The repository as a plugin (reference §6.1, §6.3): its own `.claude-plugin/plugin.json`, and every plugin its
 * `.claude-plugin/marketplace.json` lists with a relative source (`./plugins/x`, or a name under `metadata.pluginRoot`).
 * Sources outside the repository are not followed.
 */
export function repositoryPluginRoots(files: readonly ConfigFile[], root: string): PluginRoot[] {
  const roots = new Map<string, PluginRoot>();
  const manifest = files.find((f) => f.kind === 'plugin-manifest' && f.path === '.claude-plugin/plugin.json');
  if (manifest) roots.set('', { ...repoRoot(root, '', manifest.json?.value), manifest });
  const marketplace = files.find((f) => f.kind === 'marketplace' && f.path === '.claude-plugin/marketplace.json');
  const value = marketplace?.json?.value;
  if (!marketplace || !isObject(value) || !Array.isArray(value.plugins)) return [...roots.values()];
  const pluginRoot = isObject(value.metadata) && typeof value.metadata.pluginRoot === 'string' ? value.metadata.pluginRoot : '.';
  value.plugins.forEach((entry, i) => {
    if (!isObject(entry)) return;
    const fromEntry = typeof entry.name === 'string' && entry.name !== '' ? entry.name : `plugins[${i}]`;
    const at = { file: marketplace, pointer: `/plugins/${i}` };
    if (typeof entry.source !== 'string') {
      // Fetched from elsewhere: only what the entry itself declares (inline hooks and MCP servers) is here to read.
      roots.set(`remote:${i}`, { ref: { id: fromEntry, name: fromEntry, source: 'repository', root: `${marketplace.path}#/plugins/${i}`, absRoot: '' }, base: 'root', prefix: '', remote: true, entry: at });
      return;
    }
    const source = entry.source;
    const rel = path.posix.normalize(source.startsWith('./') || source.startsWith('../') ? source : path.posix.join(pluginRoot, source));
    if (leavesBase(rel) || path.posix.isAbsolute(rel)) return;
    const prefix = rel === '.' ? '' : `${rel.replace(/\/+$/, '')}/`;
    const known = roots.get(prefix);
    roots.set(prefix, { ...(known ?? repoRoot(root, prefix, undefined, fromEntry)), entry: at });
  });
  return [...roots.values()];
}

function repoRoot(root: string, prefix: string, manifestValue: unknown, entryName?: string): PluginRoot {
  const folder = prefix === '' ? '.' : prefix.slice(0, -1);
  const manifestName = isObject(manifestValue) && typeof manifestValue.name === 'string' ? manifestValue.name : undefined;
  const name = manifestName ?? entryName ?? path.posix.basename(folder === '.' ? 'plugin' : folder);
  return { ref: { id: name, name, source: 'repository', root: folder, absRoot: path.join(root, folder) }, base: 'root', prefix };
}
