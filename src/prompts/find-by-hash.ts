import path from 'node:path';
import { lockOf } from '../lock/build-lock.js';
import { parseLock } from '../lock/lock-json.js';
import { specForRootPath } from '../workspace/claude/discover.js';
import { readBlobs, runGit } from '../workspace/git-process.js';
import { LOCK_FILE_NAME } from '../workspace/prompts/build-prompt-set.js';
import { gitSource, readTree, readTreeChanges, type BlobRead, type FileSource, type TreeChange, type TreeEntry } from '../workspace/prompts/file-source.js';
import { loadPromptSetAt, type RevisionOptions } from '../workspace/prompts/load-prompt-set.js';
import { isInside } from '../workspace/rel-inside.js';
import type { PromptSet } from '../workspace/prompts/types.js';
import { compareKeys } from '../text-order.js';

/** Commits searched for a prompt-set hash when no committed lock file records it. */
export const MAX_SEARCHED_COMMITS = 500;

export interface Found {
  commit: string;
  set: PromptSet;
  tree: ReadonlyMap<string, TreeEntry>;
}

export interface Repository {
  repoRoot: string;
  prefix: string;
}

/**
 * The newest commit whose prompt set has this hash, or undefined. Commits whose committed lock records it are tried
 * first (one `git log` and one `git cat-file --batch`); then the newest commits, replayed from one `git ls-tree` and
 * one `git diff-tree`, recomputing the set only where a change touches what the last computation read. Either way the
 * hash is recomputed from the commit's files, so a stale committed lock cannot mislead. Blobs are read once for the
 * whole search.
 */
export async function findByPromptSetHash(options: Omit<RevisionOptions, 'rev'>, repo: Repository, hash: string): Promise<Found | undefined> {
  const read = cachedBlobs(repo.repoRoot);
  const setAt = (commit: string, tree: ReadonlyMap<string, TreeEntry>, source: FileSource) => loadPromptSetAt({ ...options, rev: commit }, { ...repo, tree, source });
  for (const commit of await commitsLockingHash(repo, hash, read)) {
    const tree = await readTree(repo.repoRoot, commit);
    const set = await setAt(commit, tree, gitSource(repo.repoRoot, tree, read));
    if (lockOf(set).root === hash) return { commit, set, tree };
  }

  const recent = await runGit(repo.repoRoot, ['log', '--format=%H', `-n${MAX_SEARCHED_COMMITS}`, 'HEAD']);
  const commits = recent.code === 0 ? recent.stdout.toString('utf8').split('\n').filter(Boolean) : [];
  if (commits.length === 0) return undefined;
  const [tree, changes] = await Promise.all([readTree(repo.repoRoot, commits[0] as string), readTreeChanges(repo.repoRoot, commits)]);
  let reads: Reads | undefined;
  for (const [i, commit] of commits.entries()) {
    const changed = changes[i] ?? [];
    for (const change of changed) {
      if (change.entry) tree.set(change.rel, change.entry);
      else tree.delete(change.rel);
    }
    // Nothing the last computation read (or could have found) changed: same prompt set, and it was not the one.
    if (reads && !changed.some((c) => touches(c, reads as Reads, repo))) continue;
    // Sorted by path as `readTree` lists it (the replay appends new paths at the end), so seeds keep their order.
    const snapshot = new Map([...tree].sort(compareKeys));
    reads = { paths: new Set(), dirs: [] };
    const set = await setAt(commit, snapshot, recording(gitSource(repo.repoRoot, snapshot, read), reads));
    if (lockOf(set).root === hash) return { commit, set, tree: snapshot };
  }
  return undefined;
}

/** Commits whose committed lock file records this hash as its root, newest first. */
async function commitsLockingHash(repo: Repository, hash: string, read: BlobRead): Promise<string[]> {
  const log = await runGit(repo.repoRoot, ['log', '--format=%x1e%H', '--raw', '--no-abbrev', '-z', 'HEAD', '--', `:(top)${repo.prefix}${LOCK_FILE_NAME}`]);
  const candidates: { commit: string; blob: string }[] = [];
  for (const record of log.stdout.toString('utf8').split('\x1e')) {
    const commit = /^[0-9a-f]{40,64}/.exec(record)?.[0];
    const blob = / [0-9a-f]{40,64} ([0-9a-f]{40,64}) [AMRTC]/.exec(record)?.[1];
    if (commit && blob) candidates.push({ commit, blob });
  }
  const locks = await read(candidates.map((c) => c.blob));
  return candidates.filter((c) => {
    const parsed = parseLock(locks.get(c.blob)?.toString('utf8') ?? '');
    return parsed.ok && parsed.lock.root === hash;
  }).map((c) => c.commit);
}

/** What one prompt-set computation asked its source: every path read (found or not) and every folder listed. */
interface Reads {
  paths: Set<string>;
  dirs: string[];
}

function recording(source: FileSource, reads: Reads): FileSource {
  return {
    async readMany(absPaths, maxBytes) {
      const out = await source.readMany(absPaths, maxBytes);
      for (const [abs, raw] of out) {
        reads.paths.add(abs);
        if (raw.realPath) reads.paths.add(raw.realPath);
      }
      return out;
    },
    listFiles(absDir, limit) {
      reads.dirs.push(absDir);
      return source.listFiles(absDir, limit);
    },
  };
}

/**
 * Whether a change can alter the prompt set: a path that was read, a file in a folder that was listed, a symbolic link
 * (what paths resolve to), or a path Claude Code finds by itself (a new or removed prompt file).
 */
function touches(change: TreeChange, reads: Reads, repo: Repository): boolean {
  const abs = path.join(repo.repoRoot, change.rel);
  if (change.symlink || reads.paths.has(abs) || reads.dirs.some((dir) => isInside(abs, dir))) return true;
  return change.rel.startsWith(repo.prefix) && specForRootPath(change.rel.slice(repo.prefix.length)) !== undefined;
}

/** Every blob read once over the whole search: most prompt files are the same in most commits. */
function cachedBlobs(repoRoot: string): BlobRead {
  const cache = new Map<string, Buffer>();
  return async (shas) => {
    const missing = [...new Set(shas)].filter((sha) => !cache.has(sha));
    if (missing.length > 0) for (const [sha, bytes] of await readBlobs(repoRoot, missing)) cache.set(sha, bytes);
    const out = new Map<string, Buffer>();
    for (const sha of shas) {
      const bytes = cache.get(sha);
      if (bytes) out.set(sha, bytes);
    }
    return out;
  };
}
