import path from 'node:path';
import { minimatch } from 'minimatch';
import { parseFrontmatter } from '../frontmatter.js';
import { LineIndex } from '../positions.js';
import { decodeText } from '../read-file.js';
import type { Scope } from '../types.js';
import type { FileSource, RawFile } from './file-source.js';
import { findImports, MAX_IMPORT_HOPS, resolveImport } from './imports.js';
import { displayPathOf, type PathBases } from './paths.js';
import { isInside } from '../rel-inside.js';
import { findImportChainIssues, reachable } from './import-graph.js';
import type { PromptFile, PromptKind, PromptLoading, PromptSet } from './types.js';
import { compareText } from '../../text-order.js';

/** agentgov reads prompt files up to this size (hashes need every byte); Claude Code itself skips CLAUDE.md over 4 MiB. */
export const PROMPT_MAX_BYTES = 16 * 1024 * 1024;
export const LOCK_FILE_NAME = 'agentgov.lock.json';
/** A skill folder is hashed as a bundle of at most this many files. */
export const BUNDLE_MAX_FILES = 1000;

/** Kinds whose `@path` imports Claude Code expands (CLAUDE.md files, rules, and whatever they import). */
const EXPANDING: ReadonlySet<PromptKind> = new Set(['claude-md', 'claude-local-md', 'rule', 'agents-md', 'import']);

export interface PromptSeed {
  path: string;
  absPath: string;
  kind: PromptKind;
  scope: Scope;
  ancestor?: boolean;
}

export interface PromptSetInput extends PathBases {
  /** Candidate files in Claude Code's load order; candidates that do not exist are dropped. */
  seeds: PromptSeed[];
  source: FileSource;
  ignore?: readonly string[];
}

/** Reads the seeds, follows their imports (at most four hops), hashes nothing: builds the set the auditor and the lock read. */
export async function buildPromptSet(input: PromptSetInput): Promise<PromptSet> {
  const { source } = input;
  const home = input.repoRoot ?? input.root;
  const ignored = (p: string) => (input.ignore ?? []).some((glob) => minimatch(p, glob, { dot: true }));
  const seeds = input.seeds.filter((s) => !ignored(s.path));
  const reads = await source.readMany([...seeds.map((s) => s.absPath), path.join(input.root, LOCK_FILE_NAME)], PROMPT_MAX_BYTES);
  const byAbs = new Map<string, PromptFile>();
  seeds.forEach((seed, order) => {
    const read = reads.get(seed.absPath);
    if (!read || read.problems.some((p) => p.code === 'not-found') || byAbs.has(seed.absPath)) return;
    byAbs.set(seed.absPath, promptFileOf(seed, read, order, isInside(seed.absPath, home)));
  });

  // Targets looked for and not there (directories are not files, but not missing either).
  const absent = new Set<string>();
  const looked = new Set<string>();
  let frontier = [...byAbs.values()];
  for (let hop = 1; hop <= MAX_IMPORT_HOPS && frontier.length > 0; hop++) {
    const wanted = new Map<string, PromptFile>();
    for (const file of frontier) {
      if (!EXPANDING.has(file.kind) || file.text === undefined) continue;
      for (const mention of findImports(file.text, file.frontmatter?.bodyOffset ?? 0)) {
        const abs = resolveImport(mention.raw, file.absPath, { home: input.home });
        if (!byAbs.has(abs) && !wanted.has(abs)) wanted.set(abs, file);
      }
    }
    const targets = await source.readMany([...wanted.keys()], PROMPT_MAX_BYTES);
    frontier = [];
    for (const [abs, importer] of wanted) {
      const read = targets.get(abs);
      const display = displayPathOf(abs, input);
      looked.add(abs);
      if (!read || read.problems.some((p) => p.code === 'not-found')) absent.add(abs);
      if (!read || read.problems.some((p) => p.code === 'not-found' || p.code === 'is-directory') || ignored(display)) continue;
      const seed: PromptSeed = { path: display, absPath: abs, kind: 'import', scope: importer.scope };
      const file = promptFileOf(seed, read, importer.order + hop / 10, isInside(abs, home));
      byAbs.set(abs, file);
      frontier.push(file);
    }
  }

  const files = [...byAbs.values()].sort((a, b) => a.order - b.order || compareText(a.path, b.path));
  for (const file of files) linkImports(file, byAbs, { looked, absent }, input, home);
  propagateLoading(files);
  markLockable(files);
  await readBundles(files, source, input);
  const lockRead = reads.get(path.join(input.root, LOCK_FILE_NAME));
  const set: PromptSet = { root: input.root, files, importIssues: findImportChainIssues(files), ...lockFieldsOf(lockRead) };
  if (input.repoRoot) set.repoRoot = input.repoRoot;
  return set;
}

/** The lock's text, or why it could not be read; nothing when there is no lock. */
export function lockFieldsOf(lockRead: RawFile | undefined): Pick<PromptSet, 'lockText' | 'lockProblem'> {
  if (lockRead?.bytes) return { lockText: decodeText(lockRead.bytes).text ?? '' };
  if (lockRead && !lockRead.problems.some((p) => p.code === 'not-found') && lockRead.problems[0]) return { lockProblem: lockRead.problems[0] };
  return {};
}

function promptFileOf(seed: PromptSeed, read: RawFile, order: number, inRepository: boolean): PromptFile {
  const file: PromptFile = {
    path: seed.path,
    absPath: seed.absPath,
    kind: seed.kind,
    scope: seed.scope,
    size: read.size,
    problems: read.problems,
    loading: initialLoading(seed.kind),
    imports: [],
    importedBy: [],
    inRepository,
    lockable: false,
    order,
  };
  if (seed.ancestor) file.ancestor = true;
  if (read.realPath) file.realPath = read.realPath;
  if (read.bytes) {
    file.bytes = read.bytes;
    const decoded = decodeText(read.bytes);
    file.problems = [...file.problems, ...decoded.problems];
    if (decoded.text !== undefined) {
      file.text = decoded.text;
      const fm = parseFrontmatter(decoded.text, new LineIndex(decoded.text));
      if (fm) file.frontmatter = fm;
    }
  }
  if (file.kind === 'rule' && file.frontmatter?.data?.paths !== undefined) file.loading = 'on-demand';
  return file;
}

function initialLoading(kind: PromptKind): PromptLoading {
  if (kind === 'claude-md' || kind === 'claude-local-md' || kind === 'rule' || kind === 'memory-index') return 'start';
  if (kind === 'agents-md' || kind === 'import') return 'not-loaded';
  return 'on-demand';
}

/** Resolves each import of a file against the files read; a path that does not look like a file and is absent is not an import. */
function linkImports(file: PromptFile, byAbs: ReadonlyMap<string, PromptFile>, { looked, absent }: { looked: ReadonlySet<string>; absent: ReadonlySet<string> }, bases: PathBases, home: string): void {
  if (!EXPANDING.has(file.kind) || file.text === undefined) return;
  const lines = new LineIndex(file.text);
  for (const mention of findImports(file.text, file.frontmatter?.bodyOffset ?? 0)) {
    const abs = resolveImport(mention.raw, file.absPath, bases);
    const target = byAbs.get(abs);
    const span = lines.span(mention.offset, mention.length);
    const link: PromptFile['imports'][number] = { raw: mention.raw, span, target: displayPathOf(abs, bases), absTarget: abs };
    if (!target) {
      // Looked for and found but not a file (a folder, an ignored path): not an import. Never looked for (beyond the
      // fourth hop): the chain issue `too-deep` reports it, not `missing`.
      if (!looksLikeFile(mention.raw) || looked.has(abs) !== absent.has(abs)) continue;
      if (absent.has(abs)) link.problem = 'missing';
    } else if (target.bytes === undefined) link.problem = 'unreadable';
    else if (file.inRepository && (file.scope === 'project' || file.scope === 'local') && !isInside(abs, home)) link.problem = 'outside-repository';
    file.imports.push(link);
    if (target && !target.importedBy.includes(file.path)) target.importedBy.push(file.path);
  }
}

/** `@username` or `@types/node` in prose is not a file reference; `@AGENTS.md` and `@docs/x.txt` are. */
function looksLikeFile(raw: string): boolean {
  return /[^./]\.[A-Za-z0-9]+$/.test(path.posix.basename(raw));
}

const RANK: Record<PromptLoading, number> = { 'not-loaded': 0, 'on-demand': 1, start: 2 };

/** Imports load when their importer loads, within four hops: at start from a start file, on demand from an on-demand one. */
function propagateLoading(files: PromptFile[]): void {
  for (const level of ['start', 'on-demand'] as const) {
    const seeds = files.filter((f) => f.loading === level && f.kind !== 'import');
    for (const file of reachable(files, seeds, MAX_IMPORT_HOPS).keys()) if (RANK[level] > RANK[file.loading]) file.loading = level;
  }
}

/** In the lock: project files in the repository (not CLAUDE.local.md), and what they import from inside it. */
function markLockable(files: PromptFile[]): void {
  const seeds = files.filter((f) => f.kind !== 'import' && f.scope === 'project' && f.inRepository);
  for (const file of reachable(files, seeds, MAX_IMPORT_HOPS, (f) => f.inRepository).keys()) file.lockable = true;
}

async function readBundles(files: PromptFile[], source: FileSource, bases: PathBases): Promise<void> {
  const skills = files.filter((f) => f.kind === 'skill');
  await Promise.all(
    skills.map(async (skill) => {
      const dir = path.dirname(skill.absPath);
      const listed = await source.listFiles(dir, BUNDLE_MAX_FILES);
      const reads = await source.readMany(listed, PROMPT_MAX_BYTES);
      skill.bundle = listed.map((abs) => {
        const bytes = reads.get(abs)?.bytes;
        const name = path.relative(dir, abs).split(path.sep).join('/');
        return { name, path: displayPathOf(abs, bases), ...(bytes ? { bytes } : {}) };
      });
    }),
  );
}
