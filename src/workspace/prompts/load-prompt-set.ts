import path from 'node:path';
import { specForRootPath } from '../claude/discover.js';
import { CLAUDE_SOURCES, maxBytesFor } from '../claude/sources.js';
import { extensionLockEntries, LOCKED_FILE_KINDS, planExtensionLock, readPlan, type ExtensionLockPlan } from '../extensions/extension-lock.js';
import { minimatch } from 'minimatch';
import { runGit } from '../git-process.js';
import { configFileFrom, WorkspaceError } from '../load-workspace.js';
import { decodeText } from '../read-file.js';
import { readGitFacts } from '../git-facts.js';
import { claudeDirOf } from '../claude-dir.js';
import { transcriptDirIn } from '../transcripts.js';
import type { ConfigFile, FileKind, GitFacts, Workspace } from '../types.js';
import { buildPromptSet, LOCK_FILE_NAME, lockFieldsOf, PROMPT_MAX_BYTES, type PromptSeed } from './build-prompt-set.js';
import { diskSource, gitSource, readTree, withContents, type FileSource, type RawFile, type TreeEntry } from './file-source.js';
import { displayPathOf, type PathBases } from './paths.js';
import { isInside } from '../rel-inside.js';
import type { PromptKind, PromptSet } from './types.js';

/** Project files that declare extensions the lock records (besides the manifests locked whole). */
const EXTENSION_CONFIG_KINDS: ReadonlySet<FileKind> = new Set(['settings', 'mcp']);

const PROMPT_KINDS: Partial<Record<FileKind, PromptKind>> = {
  'claude-md': 'claude-md',
  rule: 'rule',
  'agents-md': 'agents-md',
  skill: 'skill',
  subagent: 'subagent',
  command: 'command',
  'output-style': 'output-style',
};

export function promptKindOf(file: Pick<ConfigFile, 'kind' | 'path'>): PromptKind | undefined {
  const kind = PROMPT_KINDS[file.kind];
  return kind === 'claude-md' && path.posix.basename(file.path) === 'CLAUDE.local.md' ? 'claude-local-md' : kind;
}

/**
 * Claude Code's load order for start files (reference §7.1): managed, user CLAUDE.md then user rules, the folders
 * above the root (outermost first), the root's CLAUDE.md, `.claude/CLAUDE.md`, rules, CLAUDE.local.md, then auto memory.
 */
function rankOf(seed: PromptSeed): number {
  const name = seed.path.split('/').pop() ?? '';
  if (seed.scope === 'managed') return seed.kind === 'claude-md' ? 0 : 300;
  if (seed.scope === 'user') return seed.kind === 'claude-md' ? 10 : seed.kind === 'rule' ? 11 : seed.kind === 'memory-index' ? 120 : 310;
  if (seed.ancestor) return 20;
  const byKind: Partial<Record<PromptKind, number>> = { 'claude-md': name === 'CLAUDE.md' && !seed.path.includes('/') ? 100 : 101, rule: 102, 'claude-local-md': 103, 'agents-md': 104 };
  return byKind[seed.kind] ?? 200;
}

function sortSeeds(seeds: PromptSeed[]): PromptSeed[] {
  return seeds.map((seed, i) => ({ seed, i, rank: rankOf(seed) })).sort((a, b) => a.rank - b.rank || a.i - b.i).map((x) => x.seed);
}

/** CLAUDE.md, .claude/CLAUDE.md and CLAUDE.local.md of every folder above the root, outermost first (reference §7.1). */
function ancestorSeeds(bases: PathBases, stopAt?: string): PromptSeed[] {
  const dirs: string[] = [];
  for (let dir = path.dirname(bases.root); ; dir = path.dirname(dir)) {
    if (stopAt && !isInside(dir, stopAt)) break;
    dirs.unshift(dir);
    if (path.dirname(dir) === dir) break;
  }
  return dirs.flatMap((dir) => {
    const names: [string, PromptKind][] = [['CLAUDE.md', 'claude-md'], ['.claude/CLAUDE.md', 'claude-md'], ['CLAUDE.local.md', 'claude-local-md']];
    // In the home folder, .claude/CLAUDE.md is the user's own file, already loaded as such.
    return names
      .filter(([name]) => !(dir === bases.home && name === '.claude/CLAUDE.md'))
      .map(([name, kind]) => {
        const absPath = path.join(dir, name);
        return { path: displayPathOf(absPath, bases), absPath, kind, scope: kind === 'claude-local-md' ? 'local' : 'project', ancestor: true } as PromptSeed;
      });
  });
}

/** Every prompt file of a workspace on disk: its files of prompt kinds, the ancestors' CLAUDE.md files, auto memory's index, and imports. */
export interface PromptSetOptions {
  /** Bytes to read instead of the disk's (staged versions), by absolute path. */
  contents?: ReadonlyMap<string, Buffer>;
  /**
   * Ask git which files it ignores, to keep them out of the lock (default). `check` skips it: it reports only on
   * staged files, which git tracks, and leaves the prompt-set hash to `lock --check`.
   */
  gitIgnored?: boolean;
}

export async function loadPromptSet(workspace: Workspace, ignore: readonly string[] = [], options: PromptSetOptions = {}): Promise<PromptSet> {
  const bases: PathBases = { root: workspace.root, home: workspace.home, managedDir: workspace.managedDir, ...(workspace.git.repoRoot ? { repoRoot: workspace.git.repoRoot } : {}) };
  const seeds: PromptSeed[] = [];
  for (const file of workspace.files) {
    const kind = promptKindOf(file);
    if (kind) seeds.push({ path: file.path, absPath: file.absPath, kind, scope: file.scope });
  }
  seeds.push(...ancestorSeeds(bases));
  const memory = path.join(transcriptDirIn(claudeDirOf(workspace), bases.repoRoot ?? workspace.root), 'memory', 'MEMORY.md');
  seeds.push({ path: displayPathOf(memory, bases), absPath: memory, kind: 'memory-index', scope: 'user' });
  const source = withContents(diskSource, options.contents ?? new Map());
  const set = await buildPromptSet({ ...bases, seeds: sortSeeds(seeds), source, ignore });
  const { plan, raw } = await readExtensionPlan(workspace, source);
  const counted = bases.repoRoot && options.gitIgnored !== false ? await dropGitIgnored(set, plan.reads, bases.repoRoot, workspace) : () => true;
  set.extensions = extensionLockEntries(plan, raw, counted);
  return set;
}

/**
 * Only what extensions/integrity-mismatch compares: the lock's text and the extension entries of the workspace's MCP
 * servers, hooks and manifests; undefined when there is no lock. No prompt file is read, so `files` is empty: for
 * `check` when no prompt file is checked (the prompts auditor, which needs the files, does not run then).
 */
export async function loadLockedExtensions(workspace: Workspace, options: Pick<PromptSetOptions, 'contents'> = {}): Promise<PromptSet | undefined> {
  const source = withContents(diskSource, options.contents ?? new Map());
  const lockPath = path.join(workspace.root, LOCK_FILE_NAME);
  const lock = lockFieldsOf((await source.readMany([lockPath], PROMPT_MAX_BYTES)).get(lockPath));
  if (lock.lockText === undefined && lock.lockProblem === undefined) return undefined;
  const { plan, raw } = await readExtensionPlan(workspace, source);
  const set: PromptSet = { root: workspace.root, files: [], importIssues: [], ...lock, extensions: extensionLockEntries(plan, raw) };
  if (workspace.git.repoRoot) set.repoRoot = workspace.git.repoRoot;
  return set;
}

async function readExtensionPlan(workspace: Workspace, source: FileSource): Promise<{ plan: ExtensionLockPlan; raw: Map<string, RawFile> }> {
  // Project config files git ignores and does not track are not in a clone: they stay out of the lock.
  const plan = planExtensionLock(workspace.files.filter((f) => !(f.git?.ignored && !f.git.tracked)), workspace);
  return { plan, raw: await readPlan(plan, source) };
}

/**
 * Files git ignores and does not track are not in a clone, so they stay out of the lock (and out of skill bundles):
 * otherwise a lock written on one machine could never check clean on another. Two git calls for the whole set.
 */
async function dropGitIgnored(set: PromptSet, others: readonly string[], repoRoot: string, workspace: Workspace): Promise<(absPath: string) => boolean> {
  // The workspace already asked git about its own files: only the others (bundled files, plan reads) are asked now.
  const known = new Map(workspace.files.flatMap((f) => (f.git ? [[f.absPath, f.git] as const] : [])));
  const bundled = set.files.flatMap((f) => (f.bundle ?? []).map((b) => path.join(path.dirname(f.absPath), b.name)));
  const asked = [...new Set([...set.files.filter((f) => f.lockable).map((f) => f.absPath), ...bundled, ...others])].filter((abs) => !known.has(abs));
  const { facts } = asked.length > 0 ? await readGitFacts(set.root, asked, repoRoot) : { facts: new Map<string, GitFacts>() };
  const factOf = (abs: string) => known.get(abs) ?? facts.get(abs);
  const ignored = (abs: string) => factOf(abs)?.ignored === true && factOf(abs)?.tracked === false;
  for (const file of set.files) {
    if (file.lockable && ignored(file.absPath)) file.lockable = false;
    if (file.bundle) file.bundle = file.bundle.filter((b) => !ignored(path.join(path.dirname(file.absPath), b.name)));
  }
  return (abs) => !ignored(abs);
}

export interface RevisionOptions {
  root: string;
  home: string;
  managedDir: string;
  rev: string;
  ignore?: readonly string[];
}

/** The repository's top folder and the root's path inside it, or a WorkspaceError outside git. */
export async function repositoryOf(root: string): Promise<{ repoRoot: string; prefix: string }> {
  const info = await runGit(root, ['rev-parse', '--show-toplevel', '--show-prefix']).catch(() => undefined);
  const [repoRoot = '', prefix = ''] = info?.stdout.toString('utf8').split('\n') ?? [];
  if (!info || info.code !== 0 || !repoRoot) throw new WorkspaceError(`not a git repository: ${root}`);
  return { repoRoot, prefix };
}

/** A revision already read: the repository, and the tree (and a source over it, when the caller caches blobs). */
export interface Revision {
  repoRoot: string;
  prefix: string;
  tree: ReadonlyMap<string, TreeEntry>;
  source?: FileSource;
}

/**
 * The prompt set of the repository at a revision, without checking it out: the project files Claude Code would find
 * at the root, the CLAUDE.md files of the repository's folders above it, and their imports. Only what git holds, so
 * the set is the lockable one (the home and managed folders are not part of a revision).
 */
export async function loadPromptSetAt(options: RevisionOptions, revision?: Revision): Promise<PromptSet> {
  const { repoRoot, prefix } = revision ?? (await repositoryOf(options.root));
  const root = path.join(repoRoot, prefix);
  const entries = revision?.tree ?? (await readTree(repoRoot, options.rev));
  const bases: PathBases = { root, repoRoot, home: options.home, managedDir: options.managedDir };
  const seeds: PromptSeed[] = [];
  const configSeeds: ConfigSeed[] = [];
  for (const repoPath of entries.keys()) {
    if (!repoPath.startsWith(prefix)) continue;
    const rel = repoPath.slice(prefix.length);
    const spec = specForRootPath(rel, CLAUDE_SOURCES);
    const kind = spec ? promptKindOf({ kind: spec.kind, path: rel }) : undefined;
    if (spec && kind) seeds.push({ path: rel, absPath: path.join(root, rel), kind, scope: spec.scope });
    if (spec?.scope === 'project' && (EXTENSION_CONFIG_KINDS.has(spec.kind) || LOCKED_FILE_KINDS.has(spec.kind))) configSeeds.push({ path: rel, absPath: path.join(root, rel), kind: spec.kind, scope: spec.scope });
  }
  seeds.push(...ancestorSeeds(bases, repoRoot));
  const source = revision?.source ?? gitSource(repoRoot, entries);
  const set = await buildPromptSet({ ...bases, seeds: sortSeeds(seeds), source, ignore: options.ignore ?? [] });
  const plan = await extensionPlanAt(configSeeds, source, bases, options.ignore ?? []);
  set.extensions = extensionLockEntries(plan, await readPlan(plan, source));
  return set;
}

/** The revision's project config files (settings, `.mcp.json`, plugin manifests), read and parsed as on disk. */
type ConfigSeed = Pick<ConfigFile, 'path' | 'absPath' | 'kind' | 'scope'>;

async function extensionPlanAt(seeds: readonly ConfigSeed[], source: FileSource, bases: PathBases, ignore: readonly string[]): Promise<ExtensionLockPlan> {
  const wanted = seeds.filter((s) => !ignore.some((glob) => minimatch(s.path, glob, { dot: true })));
  const reads = await source.readMany(wanted.map((s) => s.absPath), Math.max(0, ...wanted.map((s) => maxBytesFor(s.kind))));
  const files = wanted.flatMap((seed) => {
    const bytes = reads.get(seed.absPath)?.bytes;
    // Too large for Claude Code to read it is too large to count, as on disk.
    return bytes && bytes.length <= maxBytesFor(seed.kind) ? [configFileFrom(seed, decodeText(bytes))] : [];
  });
  return planExtensionLock(files, bases);
}
