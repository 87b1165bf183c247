import path from 'node:path';
import { minimatch } from 'minimatch';
import { discoverClaudeFiles, displayPath } from '../claude/discover.js';
import type { SourceSpec } from '../claude/sources.js';
import { readBlobs } from '../git-process.js';
import { isObject } from '../json-value.js';
import { loadCandidate } from '../load-workspace.js';
import { claudeDirOf } from '../claude-dir.js';
import { listTreeAt, projectFilesFromTree } from '../revision-workspace.js';
import type { ConfigFile, FileKind, Workspace } from '../types.js';
import type { PluginRoot } from './plugin-roots.js';
import { leavesBase } from '../rel-inside.js';

/** Files read from one plugin at most; a bigger plugin is cut off (and says so). */
const MAX_PLUGIN_FILES = 1000;

export interface LoadedPlugin extends PluginRoot {
  /** Skills, agents, commands, output styles, hook files and MCP files (the manifest is `manifest`). */
  files: ConfigFile[];
}

type ComponentField = 'skills' | 'agents' | 'commands' | 'outputStyles' | 'hooks' | 'mcpServers';

/** Default layout (reference §6.1) and what a custom path of each manifest field holds. */
const COMPONENTS: Record<ComponentField, { kind: FileKind; dirPattern: string; defaults: string[]; fileExt: string }> = {
  skills: { kind: 'skill', dirPattern: '*/SKILL.md', defaults: ['skills'], fileExt: '.md' },
  agents: { kind: 'subagent', dirPattern: '**/*.md', defaults: ['agents'], fileExt: '.md' },
  commands: { kind: 'command', dirPattern: '**/*.md', defaults: ['commands'], fileExt: '.md' },
  outputStyles: { kind: 'output-style', dirPattern: '*.md', defaults: ['output-styles'], fileExt: '.md' },
  hooks: { kind: 'plugin-hooks', dirPattern: 'hooks.json', defaults: ['hooks/hooks.json'], fileExt: '.json' },
  mcpServers: { kind: 'mcp', dirPattern: '.mcp.json', defaults: ['.mcp.json'], fileExt: '.json' },
};

/**
 * Reads each plugin's manifest, then its components: the default folders plus the paths the manifest names. Files of
 * the repository come from the revision being audited when there is one; cache files always come from disk.
 */
export async function loadPluginFiles(roots: readonly PluginRoot[], workspace: Workspace, ignore: readonly string[], notices: string[]): Promise<LoadedPlugin[]> {
  const reader = (specs: SourceSpec[]) => readSpecs(workspace, specs, ignore);
  const manifests = await reader(roots.filter((r) => !r.manifest && !r.remote).map((r) => spec(r, '.claude-plugin/plugin.json', 'plugin-manifest')));
  const manifestAt = new Map(manifests.map((m) => [m.path, m]));
  const out: LoadedPlugin[] = [];
  const perRoot = await Promise.all(
    roots.map(async (root) => {
      const manifest = root.remote ? undefined : root.manifest ?? manifestAt.get(displayOf(root, '.claude-plugin/plugin.json', workspace));
      const named = withManifestName(root, manifest);
      const specs = root.remote ? [] : componentSpecs(named, manifest?.json?.value);
      return { root: named, manifest, files: await reader(specs) };
    }),
  );
  for (const { root, manifest, files } of perRoot) {
    const unique = [...new Map(files.map((f) => [f.path, f])).values()];
    if (unique.length > MAX_PLUGIN_FILES) notices.push(`extensions: plugin ${root.ref.id} has ${unique.length} component files; only the first ${MAX_PLUGIN_FILES} are audited.`);
    out.push({ ...root, ...(manifest ? { manifest } : {}), files: unique.slice(0, MAX_PLUGIN_FILES) });
  }
  return out;
}

function withManifestName(root: PluginRoot, manifest: ConfigFile | undefined): PluginRoot {
  const value = manifest?.json?.value;
  if (root.ref.source !== 'repository' || !isObject(value) || typeof value.name !== 'string' || value.name === '') return root;
  return { ...root, ref: { ...root.ref, id: value.name, name: value.name } };
}

function spec(root: PluginRoot, rel: string, kind: FileKind): SourceSpec {
  return { base: root.base, pattern: `${root.prefix}${rel}`, scope: 'plugin', kind };
}

function displayOf(root: PluginRoot, rel: string, workspace: Pick<Workspace, 'home' | 'claudeDir'>): string {
  return displayPath(root.base, `${root.prefix}${rel}`, { home: workspace.home, claude: claudeDirOf(workspace) });
}

/** Specs for every component folder and file of one plugin. The repository root's `.mcp.json` is already its project file. */
function componentSpecs(root: PluginRoot, manifest: unknown): SourceSpec[] {
  const specs: SourceSpec[] = [];
  for (const [field, c] of Object.entries(COMPONENTS) as [ComponentField, (typeof COMPONENTS)[ComponentField]][]) {
    const custom = isObject(manifest) ? manifest[field] : undefined;
    const paths = [...c.defaults, ...(typeof custom === 'string' ? [custom] : Array.isArray(custom) ? custom.filter((p): p is string => typeof p === 'string') : [])];
    for (const raw of paths) {
      const rel = path.posix.normalize(raw.replace(/^\.\//, ''));
      // Component paths are relative to the plugin root and stay inside it.
      if (leavesBase(rel) || path.posix.isAbsolute(rel) || rel === '.' || rel.startsWith('.claude-plugin/')) continue;
      if (field === 'mcpServers' && rel === '.mcp.json' && root.base === 'root' && root.prefix === '') continue;
      const isFile = rel.endsWith(c.fileExt);
      specs.push(spec(root, isFile ? rel : `${rel.replace(/\/+$/, '')}/${c.dirPattern}`, c.kind));
    }
  }
  return specs;
}

/** Reads the files the specs match, from disk or (for the repository at a revision) from git, honouring `ignore`. */
async function readSpecs(workspace: Workspace, specs: readonly SourceSpec[], ignore: readonly string[]): Promise<ConfigFile[]> {
  if (specs.length === 0) return [];
  const keep = (p: string) => !ignore.some((glob) => minimatch(p, glob, { dot: true }));
  const fromDisk = workspace.revision === undefined ? specs : specs.filter((s) => s.base !== 'root');
  const candidates = (await discoverClaudeFiles({ root: workspace.root, home: workspace.home, claude: claudeDirOf(workspace), managed: workspace.managedDir }, fromDisk)).filter((c) => keep(c.path));
  const files = await Promise.all(candidates.map((c) => loadCandidate(c)));
  const fromGit = workspace.revision === undefined ? [] : specs.filter((s) => s.base === 'root');
  if (fromGit.length > 0 && workspace.revision !== undefined) {
    const pathspecs = [...new Set(fromGit.map((s) => s.pattern.split('*')[0]!.replace(/\/$/, '') || '.'))];
    const tree = await listTreeAt(workspace.root, workspace.revision, pathspecs);
    const blobs = await readBlobs(workspace.root, [...tree.values()]);
    files.push(...projectFilesFromTree(workspace.root, tree, blobs, ignore, fromGit));
  }
  return files;
}
