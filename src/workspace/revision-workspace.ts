import path from 'node:path';
import { minimatch } from 'minimatch';
import { specForRootPath } from './claude/discover.js';
import { CLAUDE_SOURCES, maxBytesFor, type SourceSpec } from './claude/sources.js';
import { CONFIG_PATHSPECS } from './git-history.js';
import { readBlobs, runGit } from './git-process.js';
import { configFileFrom, loadWorkspace, WorkspaceError, type LoadWorkspaceOptions } from './load-workspace.js';
import { decodeText, decodeWithin } from './read-file.js';
import type { ConfigFile, Workspace } from './types.js';
import { compareKeys } from '../text-order.js';

/** Files of the project scope at a revision: root-relative path → blob id. One `git ls-tree` process. */
export async function listTreeAt(root: string, rev: string, pathspecs: readonly string[] = CONFIG_PATHSPECS): Promise<Map<string, string>> {
  const result = await runGit(root, ['ls-tree', '-r', '-z', rev, '--', ...pathspecs]);
  if (result.code !== 0) throw new WorkspaceError(`cannot read revision ${rev}: ${result.stderr.trim().split('\n')[0] ?? 'git ls-tree failed'}`);
  const tree = new Map<string, string>();
  for (const entry of result.stdout.toString('utf8').split('\0')) {
    const m = /^\d+ blob ([0-9a-f]+)\t(.*)$/s.exec(entry);
    if (m) tree.set(m[2] as string, m[1] as string);
  }
  return tree;
}

/** Project-scope files built from blobs (a git revision), parsed like files on disk. */
export function projectFilesFromTree(root: string, tree: ReadonlyMap<string, string>, blobs: ReadonlyMap<string, Buffer>, ignore: readonly string[] = [], sources: readonly SourceSpec[] = CLAUDE_SOURCES): ConfigFile[] {
  const files: ConfigFile[] = [];
  for (const [rel, sha] of [...tree].sort(compareKeys)) {
    const spec = specForRootPath(rel, sources);
    if (!spec || ignore.some((glob) => minimatch(rel, glob, { dot: true }))) continue;
    const bytes = blobs.get(sha);
    const base = { path: rel, absPath: path.join(root, rel), scope: spec.scope, kind: spec.kind };
    const read = bytes === undefined ? { size: 0, problems: [{ code: 'io-error' as const, detail: `blob ${sha} missing` }] } : decodeWithin(bytes, maxBytesFor(spec.kind));
    const file = configFileFrom(base, read);
    file.git = { tracked: true, ignored: false };
    files.push(file);
  }
  return files;
}

/**
 * The workspace as it was at a git revision, without checking it out: project files from the revision's tree,
 * user and managed files from disk (git never holds them). Lets every auditor run on the base of a pull request.
 */
export async function loadWorkspaceAt(options: LoadWorkspaceOptions & { rev: string }): Promise<Workspace> {
  // Project files come from the revision, so only the user and managed scopes are read from disk.
  const outside = await loadWorkspace({ ...options, outsideProjectOnly: true });
  const tree = await listTreeAt(outside.root, options.rev);
  const blobs = await readBlobs(outside.root, [...tree.values()]);
  const project = projectFilesFromTree(outside.root, tree, blobs, options.ignore);
  return { ...outside, files: [...outsideGit(outside.files), ...project], revision: options.rev };
}

/** User and managed files: the same for every revision, since git never holds them. */
export function outsideGit(files: readonly ConfigFile[]): ConfigFile[] {
  return files.filter((f) => f.scope === 'user' || f.scope === 'managed');
}

/** One file's text at a revision (root-relative path), or undefined when the revision does not have it. */
export async function readFileAt(root: string, rev: string, rel: string): Promise<string | undefined> {
  const tree = await listTreeAt(root, rev, [rel]);
  const sha = tree.get(rel);
  if (!sha) return undefined;
  const blob = (await readBlobs(root, [sha])).get(sha);
  return blob === undefined ? undefined : decodeText(blob).text;
}
