import { lstatSync } from 'node:fs';
import path from 'node:path';
import { runGit } from './git-process.js';
import { relInside } from './rel-inside.js';
import type { GitFacts, GitInfo } from './types.js';

export interface GitFactsResult {
  info: GitInfo;
  /** Facts by absolute path, for the paths inside the work tree. */
  facts: Map<string, GitFacts>;
}

/**
 * Reads whether each file is tracked and whether any gitignore/exclude rule matches it, in three git calls whatever
 * the number of files: `rev-parse` (unless the caller knows the work tree's top), `ls-files` and
 * `check-ignore --no-index` (so tracked files that are also ignored are seen as ignored too).
 */
export async function readGitFacts(root: string, absPaths: readonly string[], knownRepoRoot?: string): Promise<GitFactsResult> {
  const facts = new Map<string, GitFacts>();
  const top = knownRepoRoot !== undefined ? { repoRoot: knownRepoRoot } : await workTreeTop(root);
  if (!('repoRoot' in top)) return { info: top, facts };
  const { repoRoot } = top;
  const inside = new Map<string, string>();
  for (const abs of absPaths) {
    const rel = relInside(repoRoot, abs);
    if (rel !== undefined) inside.set(rel, abs);
  }
  if (inside.size === 0) return { info: { repoRoot }, facts };
  const rels = [...inside.keys()];
  try {
    const [tracked, ignored] = await Promise.all([listTracked(repoRoot, rels), listIgnored(repoRoot, rels)]);
    for (const [rel, abs] of inside) facts.set(abs, { tracked: tracked.has(rel), ignored: ignored.has(rel) });
    return { info: { repoRoot }, facts };
  } catch {
    return { info: { repoRoot, unavailableReason: 'git-error' }, facts: new Map() };
  }
}

/** The top of the work tree holding `root` (`root` itself when {@link topLevelAt} says so, else one `rev-parse`), or why there is none. */
export async function workTreeTop(root: string): Promise<{ repoRoot: string } | Required<Pick<GitInfo, 'unavailableReason'>>> {
  const known = topLevelAt(root);
  if (known !== undefined) return { repoRoot: known };
  try {
    const top = await runGit(root, ['rev-parse', '--show-toplevel']);
    if (top.code !== 0) return { unavailableReason: classify(top.stderr) };
    const repoRoot = top.stdout.toString('utf8').trim();
    return repoRoot ? { repoRoot } : { unavailableReason: 'not-a-repository' };
  } catch (error) {
    return { unavailableReason: classify(error instanceof Error ? error.message : String(error)) };
  }
}

async function listTracked(repoRoot: string, rels: string[]): Promise<Set<string>> {
  const out = await runGit(repoRoot, ['-c', 'core.quotepath=off', 'ls-files', '-z', '--', ...rels.map(literalPathspec)]);
  if (out.code !== 0) throw new Error(`git ls-files: ${out.stderr}`);
  return new Set(out.stdout.toString('utf8').split('\0').filter(Boolean));
}

async function listIgnored(repoRoot: string, rels: string[]): Promise<Set<string>> {
  // Names on stdin, NUL-separated both ways: no argument-length limit, no C-style quoting of unusual names.
  const out = await runGit(repoRoot, ['check-ignore', '--no-index', '--stdin', '-z'], `${rels.join('\0')}\0`);
  // Exit 1: nothing is ignored.
  if (out.code !== 0 && out.code !== 1) throw new Error(`git check-ignore: ${out.stderr}`);
  return new Set(out.stdout.toString('utf8').split('\0').filter(Boolean));
}

/** Pathspec magic so that file names with glob characters match only themselves. */
function literalPathspec(rel: string): string {
  return `:(literal)${rel}`;
}

function classify(message: string): NonNullable<GitInfo['unavailableReason']> {
  if (/not a git repository/i.test(message)) return 'not-a-repository';
  if (/ENOENT|not found|spawn git/i.test(message)) return 'git-not-found';
  return 'git-error';
}

/**
 * `root` when it is the top of its work tree as git would find it: it holds `.git` (a folder, or a file naming one)
 * and no environment variable sends git elsewhere. A hook runs there (githooks(5)), and so do most audits: no
 * `rev-parse` is needed to find it. Otherwise undefined, and `rev-parse` says where the top is.
 */
function topLevelAt(root: string): string | undefined {
  if (process.env.GIT_DIR !== undefined || process.env.GIT_WORK_TREE !== undefined) return undefined;
  try {
    const dotGit = lstatSync(path.join(root, '.git'));
    return dotGit.isDirectory() || dotGit.isFile() ? root : undefined;
  } catch {
    return undefined;
  }
}
