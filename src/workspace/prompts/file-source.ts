import path from 'node:path';
import { WorkspaceError } from '../load-workspace.js';
import { readBlobs, runGit } from '../git-process.js';
import { bytesWithin, listDir, readBytes, realPath } from '../read-file.js';
import { relInside } from '../rel-inside.js';
import type { ReadProblem } from '../types.js';

export interface RawFile {
  bytes?: Buffer;
  size: number;
  problems: ReadProblem[];
  /** The path with symlinks resolved, when the source knows it. */
  realPath?: string;
}

/** Where prompt files are read from: the disk, or a git revision (without checking it out). */
export interface FileSource {
  /** Reads many files at once (for a revision: one `git cat-file --batch`). A missing file has a `not-found` problem. */
  readMany(absPaths: readonly string[], maxBytes: number): Promise<Map<string, RawFile>>;
  /** Every file below a folder, recursively (symlinked folders followed once, `.git` skipped), absolute, sorted; at most `limit`. */
  listFiles(absDir: string, limit: number): Promise<string[]>;
}

export const diskSource: FileSource = {
  async readMany(absPaths, maxBytes) {
    const unique = [...new Set(absPaths)];
    const reads = await Promise.all(
      unique.map(async (abs): Promise<[string, RawFile]> => {
        const read = await readBytes(abs, maxBytes);
        const real = read.bytes !== undefined ? await realPath(abs) : undefined;
        return [abs, { ...read, ...(real ? { realPath: real } : {}) }];
      }),
    );
    return new Map(reads);
  },
  async listFiles(absDir, limit) {
    const out: string[] = [];
    const seen = new Set<string>();
    const visit = async (dir: string): Promise<void> => {
      const real = await realPath(dir);
      if (!real || seen.has(real) || out.length >= limit) return;
      seen.add(real);
      const listed = await listDir(dir);
      for (const e of listed.entries) {
        if (out.length >= limit) return;
        const abs = path.join(dir, e.name);
        if (e.kind === 'dir') {
          if (e.name !== '.git') await visit(abs);
        } else if (e.kind === 'file') out.push(abs);
      }
    };
    await visit(absDir);
    return out.sort();
  },
};

/**
 * The disk with the given bytes (staged versions, by absolute path) served instead of the files' own. A served file
 * keeps its real path on disk (a CLAUDE.md symlinked to a staged AGENTS.md is still the same file).
 */
export function withContents(source: FileSource, contents: ReadonlyMap<string, Buffer>): FileSource {
  if (contents.size === 0) return source;
  return {
    async readMany(absPaths, maxBytes) {
      const read = await source.readMany(absPaths.filter((abs) => !contents.has(abs)), maxBytes);
      for (const abs of absPaths) {
        const bytes = contents.get(abs);
        if (!bytes) continue;
        const real = await realPath(abs);
        const served: RawFile = bytesWithin(bytes, maxBytes);
        read.set(abs, { ...served, ...(real && served.bytes ? { realPath: real } : {}) });
      }
      return read;
    },
    listFiles: (absDir, limit) => source.listFiles(absDir, limit),
  };
}

export interface TreeEntry {
  sha: string;
  mode: string;
}

/** Git's mode of a symbolic link (its blob is the link's target). */
export const SYMLINK_MODE = '120000';
const MAX_LINK_HOPS = 8;

/** The whole tree of a revision, path (relative to the repository's top) → blob, in git's order: one `git ls-tree` process. */
export async function readTree(repoRoot: string, rev: string): Promise<Map<string, TreeEntry>> {
  const result = await runGit(repoRoot, ['ls-tree', '-r', '-z', '--full-tree', rev]);
  if (result.code !== 0) throw new WorkspaceError(`cannot read revision ${rev}: ${result.stderr.trim().split('\n')[0] ?? 'git ls-tree failed'}`);
  const tree = new Map<string, TreeEntry>();
  for (const entry of result.stdout.toString('utf8').split('\0')) {
    const m = /^(\d+) blob ([0-9a-f]+)\t(.*)$/s.exec(entry);
    if (m) tree.set(m[3] as string, { mode: m[1] as string, sha: m[2] as string });
  }
  return tree;
}

/** Reads blobs by id: by default one `git cat-file --batch` per call; a walk over many commits passes a cached one. */
export type BlobRead = (shas: readonly string[]) => Promise<Map<string, Buffer>>;

/**
 * Files of a git revision. Paths inside the repository come from the tree (symbolic links resolved inside it); paths
 * outside it (the home folder) come from the disk, since git never holds them.
 */
export function gitSource(repoRoot: string, tree: ReadonlyMap<string, TreeEntry>, read: BlobRead = (shas) => readBlobs(repoRoot, shas)): FileSource {
  const relOf = (abs: string): string | undefined => relInside(repoRoot, abs);
  const follow = (rel: string, blobs: Map<string, Buffer>): string | undefined => {
    let current = rel;
    for (let hop = 0; hop < MAX_LINK_HOPS; hop++) {
      const entry = tree.get(current);
      if (!entry) return undefined;
      if (entry.mode !== SYMLINK_MODE) return current;
      const target = blobs.get(entry.sha)?.toString('utf8');
      if (target === undefined) return undefined;
      current = path.posix.normalize(path.posix.join(path.posix.dirname(current), target));
    }
    return undefined;
  };
  // Link targets are tiny: every link of the tree is read once, in one batch, the first time a file is read.
  let links: Promise<Map<string, Buffer>> | undefined;
  const linkTargets = () => {
    const shas = [...tree.values()].filter((e) => e.mode === SYMLINK_MODE).map((e) => e.sha);
    links ??= shas.length > 0 ? read(shas) : Promise.resolve(new Map<string, Buffer>());
    return links;
  };
  return {
    async readMany(absPaths, maxBytes) {
      const out = new Map<string, RawFile>();
      const inside = [...new Set(absPaths)].map((abs) => ({ abs, rel: relOf(abs) }));
      const external = inside.filter((x) => x.rel === undefined).map((x) => x.abs);
      for (const [abs, raw] of await diskSource.readMany(external, maxBytes)) out.set(abs, raw);
      const links = await linkTargets();
      const resolved = inside.filter((x) => x.rel !== undefined).map((x) => ({ ...x, real: follow(x.rel as string, links) }));
      const shas = resolved.flatMap((x) => (x.real ? [tree.get(x.real)?.sha ?? ''] : []));
      const blobs = shas.length > 0 ? await read(shas) : new Map<string, Buffer>();
      for (const { abs, real } of resolved) {
        const bytes = real ? blobs.get(tree.get(real)?.sha ?? '') : undefined;
        if (!real || bytes === undefined) out.set(abs, { size: 0, problems: [{ code: 'not-found' }] });
        else {
          const within = bytesWithin(bytes, maxBytes);
          out.set(abs, within.bytes ? { ...within, realPath: path.join(repoRoot, real) } : within);
        }
      }
      return out;
    },
    async listFiles(absDir, limit) {
      const rel = relOf(absDir);
      if (rel === undefined) return diskSource.listFiles(absDir, limit);
      const prefix = `${rel}/`;
      return [...tree.keys()]
        .filter((p) => p.startsWith(prefix) && !p.split('/').includes('.git'))
        .sort()
        .slice(0, limit)
        .map((p) => path.join(repoRoot, p));
    },
  };
}

/** One path of a tree changed between two commits: its entry after the change, none when it is gone. */
export interface TreeChange {
  rel: string;
  entry?: TreeEntry;
  /** A symbolic link before or after: where other paths resolve to may have changed. */
  symlink: boolean;
}

/**
 * The changes from each commit of a list to the next one (`[i]`: from `commits[i - 1]` to `commits[i]`; `[0]` is
 * empty), whether or not one is the other's parent: one `git diff-tree --stdin` for the whole list, so a walk over
 * many commits replays one tree instead of listing every commit's.
 */
export async function readTreeChanges(repoRoot: string, commits: readonly string[]): Promise<TreeChange[][]> {
  // `<a> <b>` on stdin compares b (as the parent) with a; the output names a, then lists its raw changes.
  const input = commits.slice(1).map((commit, i) => `${commit} ${commits[i] ?? ''}\n`).join('');
  const result = await runGit(repoRoot, ['diff-tree', '--stdin', '-r', '-z', '--no-abbrev', '--no-renames'], input);
  if (result.code !== 0) throw new WorkspaceError(`git diff-tree failed: ${result.stderr.trim().split('\n')[0] ?? ''}`);
  const byCommit = new Map<string, TreeChange[]>();
  let current: TreeChange[] = [];
  const tokens = result.stdout.toString('utf8').split('\0');
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    if (!token.startsWith(':')) {
      const commit = token.trim().split(' ')[0];
      if (commit) byCommit.set(commit, (current = []));
      continue;
    }
    const [oldMode = '', newMode = '', , sha = ''] = token.slice(1).split(' ');
    const rel = tokens[++i] ?? '';
    // Gone, or now a submodule (not a blob): no entry, as `readTree` lists none.
    const entry = newMode === '000000' || newMode === '160000' ? undefined : { mode: newMode, sha };
    current.push({ rel, symlink: oldMode === SYMLINK_MODE || newMode === SYMLINK_MODE, ...(entry ? { entry } : {}) });
  }
  return commits.map((commit, i) => (i === 0 ? [] : (byCommit.get(commit) ?? [])));
}
