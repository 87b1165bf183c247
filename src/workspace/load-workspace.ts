import path from 'node:path';
import { minimatch } from 'minimatch';
import { discoverClaudeFiles, specForRootPath, type Candidate } from './claude/discover.js';
import { CLAUDE_SOURCES, JSON_KINDS, maxBytesFor } from './claude/sources.js';
import { claudeDirOf } from './claude-dir.js';
import { parseFrontmatter } from './frontmatter.js';
import { readGitFacts, type GitFactsResult } from './git-facts.js';
import { parseJsonDocument } from './json-document.js';
import { linesOf } from './file-lines.js';
import { relInside } from './rel-inside.js';
import { decodeWithin, pathKind, readTextFile, realPath, type ReadTextResult } from './read-file.js';
import type { ConfigFile, Workspace } from './types.js';

export interface LoadWorkspaceOptions {
  root: string;
  home: string;
  /** `CLAUDE_CONFIG_DIR`: Claude Code's folder when it is not `<home>/.claude`. */
  claudeDir?: string | undefined;
  managedDir: string;
  /** Globs (matched against display paths) of files not to load at all. */
  ignore?: readonly string[];
  /** Only the user and managed scopes (for a workspace whose project files come from a git revision). */
  outsideProjectOnly?: boolean;
  /**
   * Bytes to audit instead of the disk's, by absolute path: the staged version of a file that `check` audits as it
   * will be committed. A project file here that is no longer on disk is still loaded. It may still be arriving: the
   * files are read from disk meanwhile (check's git processes then run while the workspace loads).
   */
  contents?: ReadonlyMap<string, Buffer> | Promise<ReadonlyMap<string, Buffer>>;
  /** Git facts already known (`check` knows what is staged): no git call is made for them. May still be arriving. */
  git?: GitFactsResult | Promise<GitFactsResult>;
}

export class WorkspaceError extends Error {
  override readonly name = 'WorkspaceError';
}

/** Finds and reads every Claude Code configuration file of every scope. Throws only when the root itself is unusable. */
export async function loadWorkspace(options: LoadWorkspaceOptions): Promise<Workspace> {
  const root = await resolveRoot(options.root);
  const home = path.resolve(options.home);
  const claudeDir = options.claudeDir ? path.resolve(options.claudeDir) : claudeDirOf({ home });
  const managedDir = path.resolve(options.managedDir);
  const ignore = options.ignore ?? [];
  const sources = options.outsideProjectOnly ? CLAUDE_SOURCES.filter((spec) => spec.base !== 'root') : CLAUDE_SOURCES;
  const candidates = (await discoverClaudeFiles({ root, home, claude: claudeDir, managed: managedDir }, sources)).filter(
    (c) => !ignore.some((glob) => minimatch(c.path, glob, { dot: true })),
  );
  // The disk is read while git may still be saying which files are staged; each file is parsed once, from its staged
  // bytes when it has them.
  const [reads, contents] = await Promise.all([Promise.all(candidates.map(readCandidate)), options.contents ?? new Map<string, Buffer>()]);
  const files = candidates.map((c, i) => {
    const staged = contents.get(c.absPath);
    return configFileFrom(baseOf(c), staged ? decodeWithin(staged, maxBytesFor(c.spec.kind)) : (reads[i] as ReadTextResult));
  });
  files.push(...onlyInContents(root, contents, new Set(files.map((f) => f.absPath)), ignore));
  const { info, facts } = await (options.git ?? readGitFacts(root, files.map((f) => f.absPath)));
  for (const file of files) {
    const git = facts.get(file.absPath);
    if (git) file.git = git;
  }
  return { root, home, claudeDir, managedDir, files, git: info };
}

/** The root as an existing directory's real path (how every file of the workspace is keyed). */
export async function resolveRoot(root: string): Promise<string> {
  const abs = path.resolve(root);
  const kind = await pathKind(abs);
  if (kind === 'missing') throw new WorkspaceError(`root directory not found: ${root}`);
  if (kind !== 'dir') throw new WorkspaceError(`root is not a directory: ${root}`);
  return (await realPath(abs)) ?? abs;
}

/** Reads and parses one discovered file (a folder that could not be listed becomes a file with that problem). */
export async function loadCandidate(candidate: Candidate): Promise<ConfigFile> {
  return configFileFrom(baseOf(candidate), await readCandidate(candidate));
}

function readCandidate(candidate: Candidate): Promise<ReadTextResult> {
  if (candidate.listProblem) return Promise.resolve({ size: 0, problems: [candidate.listProblem] });
  return readTextFile(candidate.absPath, maxBytesFor(candidate.spec.kind));
}

function baseOf(candidate: Candidate): Pick<ConfigFile, 'path' | 'absPath' | 'scope' | 'kind'> {
  return { path: candidate.path, absPath: candidate.absPath, scope: candidate.spec.scope, kind: candidate.spec.kind };
}

/** Project files given as contents that discovery did not find on disk (staged, then deleted from the work tree). */
function onlyInContents(root: string, contents: ReadonlyMap<string, Buffer>, found: ReadonlySet<string>, ignore: readonly string[]): ConfigFile[] {
  const files: ConfigFile[] = [];
  for (const [absPath, bytes] of contents) {
    const rel = relInside(root, absPath);
    const spec = rel === undefined ? undefined : specForRootPath(rel);
    if (rel === undefined || found.has(absPath) || !spec || ignore.some((glob) => minimatch(rel, glob, { dot: true }))) continue;
    files.push(configFileFrom({ path: rel, absPath, scope: spec.scope, kind: spec.kind }, decodeWithin(bytes, maxBytesFor(spec.kind))));
  }
  return files;
}

/** A loaded file from what was read (from disk or from a git blob): parsed as JSON or frontmatter by its kind. */
export function configFileFrom(base: Pick<ConfigFile, 'path' | 'absPath' | 'scope' | 'kind'>, read: ReadTextResult): ConfigFile {
  const file: ConfigFile = { ...base, size: read.size, readProblems: read.problems };
  if (read.text === undefined) return file;
  file.text = read.text;
  if (JSON_KINDS.has(base.kind)) file.json = parseJsonDocument(read.text);
  else {
    const fm = parseFrontmatter(read.text, linesOf(file));
    if (fm) file.frontmatter = fm;
  }
  return file;
}
