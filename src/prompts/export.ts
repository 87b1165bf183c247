import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { lockOf } from '../lock/build-lock.js';
import { parseLock, serializeLock } from '../lock/lock-json.js';
import { readBlobs, runGit } from '../workspace/git-process.js';
import { LOCK_FILE_NAME } from '../workspace/prompts/build-prompt-set.js';
import { readTree } from '../workspace/prompts/file-source.js';
import { loadPromptSetAt, repositoryOf } from '../workspace/prompts/load-prompt-set.js';
import type { PromptSet } from '../workspace/prompts/types.js';

export class ExportError extends Error {
  override readonly name = 'ExportError';
}

export interface ExportOptions {
  root: string;
  home: string;
  managedDir: string;
  /** A git revision, or a prompt-set hash (`h1:…`) to look for in history. */
  at: string;
  dir: string;
  force?: boolean;
}

export interface ExportResult {
  commit: string;
  promptSetHash: string;
  /** Paths written, relative to `dir` (the repository's layout), the lock included. */
  written: string[];
}

/** Commits searched for a prompt-set hash when no committed lock file records it. */
const MAX_SEARCHED_COMMITS = 500;
const SYMLINK_MODE = '120000';

/**
 * `agentgov prompts export --at <ref|hash> <dir>`: writes every prompt file git has at that commit (skill folders
 * whole) into `dir`, in the repository's layout, with the lock of that prompt set, so a run can be reproduced with
 * exactly those prompts. A non-empty `dir` is refused unless `force`.
 */
export async function exportPromptSet(options: ExportOptions): Promise<ExportResult> {
  await refuseNonEmpty(options.dir, options.force ?? false);
  const { repoRoot, prefix } = await repositoryOf(options.root);
  const found = /^h1:/.test(options.at) ? await findByPromptSetHash(options, repoRoot, prefix) : await atRevision(options, repoRoot);
  const { commit, set, tree } = found;
  const rels = new Set<string>();
  const repoRel = (abs: string) => path.relative(repoRoot, abs).split(path.sep).join('/');
  for (const file of set.files.filter((f) => f.lockable)) {
    rels.add(repoRel(file.absPath));
    for (const b of file.bundle ?? []) rels.add(repoRel(path.join(path.dirname(file.absPath), b.name)));
  }
  const entries = [...rels].sort().flatMap((rel) => {
    const entry = tree.get(rel);
    return entry ? [{ rel, ...entry }] : [];
  });
  const blobs = await readBlobs(repoRoot, entries.map((e) => e.sha));
  const written: string[] = [];
  for (const e of entries) {
    const bytes = blobs.get(e.sha);
    if (bytes === undefined) continue;
    const target = path.join(options.dir, e.rel);
    await fsp.mkdir(path.dirname(target), { recursive: true });
    await fsp.rm(target, { force: true });
    if (e.mode === SYMLINK_MODE) await fsp.symlink(bytes.toString('utf8'), target);
    else await fsp.writeFile(target, bytes, { mode: e.mode === '100755' ? 0o755 : 0o644 });
    written.push(e.rel);
  }
  const lockRel = `${prefix}${LOCK_FILE_NAME}`;
  await fsp.mkdir(path.dirname(path.join(options.dir, lockRel)), { recursive: true });
  await fsp.writeFile(path.join(options.dir, lockRel), serializeLock(lockOf(set)));
  written.push(lockRel);
  return { commit, promptSetHash: lockOf(set).root, written };
}

async function refuseNonEmpty(dir: string, force: boolean): Promise<void> {
  const names = await fsp.readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    if (error.code === 'ENOTDIR') throw new ExportError(`${dir} is not a directory`);
    throw error;
  });
  if (names.length > 0 && !force) throw new ExportError(`${dir} is not empty; choose an empty directory or pass --force to write into it`);
}

type Found = { commit: string; set: PromptSet; tree: Awaited<ReturnType<typeof readTree>> };

async function atRevision(options: ExportOptions, repoRoot: string): Promise<Found> {
  const resolved = await runGit(repoRoot, ['rev-parse', '--verify', '--quiet', `${options.at}^{commit}`]);
  const commit = resolved.stdout.toString('utf8').trim();
  if (resolved.code !== 0 || !commit) throw new ExportError(`unknown revision: ${options.at}`);
  return setAt(options, repoRoot, commit);
}

async function setAt(options: ExportOptions, repoRoot: string, commit: string): Promise<Found> {
  const tree = await readTree(repoRoot, commit);
  const set = await loadPromptSetAt({ root: options.root, home: options.home, managedDir: options.managedDir, rev: commit }, tree);
  return { commit, set, tree };
}

/**
 * The newest commit whose prompt set has this hash. Commits whose committed lock records it are tried first (one
 * `git log` and one `git cat-file --batch`); then the newest commits one by one. Either way the hash is recomputed
 * from the commit's files, so a stale committed lock cannot mislead.
 */
async function findByPromptSetHash(options: ExportOptions, repoRoot: string, prefix: string): Promise<Found> {
  const tried = new Set<string>();
  const tryCommit = async (commit: string) => {
    if (tried.has(commit)) return undefined;
    tried.add(commit);
    const found = await setAt(options, repoRoot, commit);
    return lockOf(found.set).root === options.at ? found : undefined;
  };
  const lockLog = await runGit(repoRoot, ['log', '--format=%x1e%H', '--raw', '--no-abbrev', '-z', 'HEAD', '--', `:(top)${prefix}${LOCK_FILE_NAME}`]);
  const candidates: { commit: string; blob: string }[] = [];
  for (const record of lockLog.stdout.toString('utf8').split('\x1e')) {
    const commit = /^[0-9a-f]{40,64}/.exec(record)?.[0];
    const blob = / [0-9a-f]{40,64} ([0-9a-f]{40,64}) [AMRTC]/.exec(record)?.[1];
    if (commit && blob) candidates.push({ commit, blob });
  }
  const locks = await readBlobs(repoRoot, candidates.map((c) => c.blob));
  for (const c of candidates) {
    const parsed = parseLock(locks.get(c.blob)?.toString('utf8') ?? '');
    if (parsed.ok && parsed.lock.root === options.at) {
      const found = await tryCommit(c.commit);
      if (found) return found;
    }
  }
  const recent = await runGit(repoRoot, ['log', '--format=%H', `-n${MAX_SEARCHED_COMMITS}`, 'HEAD']);
  for (const commit of recent.stdout.toString('utf8').split('\n').filter(Boolean)) {
    const found = await tryCommit(commit);
    if (found) return found;
  }
  throw new ExportError(`no commit among the newest ${MAX_SEARCHED_COMMITS} has the prompt-set hash ${options.at}`);
}
