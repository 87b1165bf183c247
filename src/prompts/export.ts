import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { lockOf } from '../lock/build-lock.js';
import { serializeLock } from '../lock/lock-json.js';
import { readBlobs, runGit } from '../workspace/git-process.js';
import { LOCK_FILE_NAME } from '../workspace/prompts/build-prompt-set.js';
import { readTree, SYMLINK_MODE } from '../workspace/prompts/file-source.js';
import { loadPromptSetAt, repositoryOf } from '../workspace/prompts/load-prompt-set.js';
import { findByPromptSetHash, MAX_SEARCHED_COMMITS, type Found, type Repository } from './find-by-hash.js';

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

/**
 * `agentgov prompts export --at <ref|hash> <dir>`: writes every prompt file git has at that commit (skill folders
 * whole) into `dir`, in the repository's layout, with the lock of that prompt set, so a run can be reproduced with
 * exactly those prompts. A non-empty `dir` is refused unless `force`.
 */
export async function exportPromptSet(options: ExportOptions): Promise<ExportResult> {
  await refuseNonEmpty(options.dir, options.force ?? false);
  const { repoRoot, prefix } = await repositoryOf(options.root);
  const { commit, set, tree } = /^h1:/.test(options.at) ? await byHash(options, { repoRoot, prefix }) : await atRevision(options, { repoRoot, prefix });
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

async function atRevision(options: ExportOptions, repo: Repository): Promise<Found> {
  const resolved = await runGit(repo.repoRoot, ['rev-parse', '--verify', '--quiet', `${options.at}^{commit}`]);
  const commit = resolved.stdout.toString('utf8').trim();
  if (resolved.code !== 0 || !commit) throw new ExportError(`unknown revision: ${options.at}`);
  const tree = await readTree(repo.repoRoot, commit);
  const set = await loadPromptSetAt({ ...bases(options), rev: commit }, { ...repo, tree });
  return { commit, set, tree };
}

async function byHash(options: ExportOptions, repo: Repository): Promise<Found> {
  const found = await findByPromptSetHash(bases(options), repo, options.at);
  if (!found) throw new ExportError(`no commit among the newest ${MAX_SEARCHED_COMMITS} has the prompt-set hash ${options.at}`);
  return found;
}

const bases = (options: ExportOptions) => ({ root: options.root, home: options.home, managedDir: options.managedDir });
