import { rmSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { gitInit, writeTree, type TreeSpec } from './tree.js';

export interface CommitSpec {
  files?: TreeSpec;
  remove?: string[];
  author: string;
  date: string;
  message: string;
}

/** A real repository with dated commits by different authors (author and committer date both set). */
export async function makeRepo(dir: string, commits: readonly CommitSpec[]): Promise<string[]> {
  await gitInit(dir);
  const shas: string[] = [];
  for (const c of commits) {
    if (c.files) writeTree(dir, c.files);
    for (const r of c.remove ?? []) rmSync(path.join(dir, r), { force: true });
    const env = {
      ...process.env,
      GIT_AUTHOR_NAME: c.author,
      GIT_AUTHOR_EMAIL: `${c.author.toLowerCase().replace(/\W+/g, '.')}@example.com`,
      GIT_AUTHOR_DATE: c.date,
      GIT_COMMITTER_NAME: c.author,
      GIT_COMMITTER_EMAIL: 'ci@example.com',
      GIT_COMMITTER_DATE: c.date,
    };
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8' });
    git('add', '-A', '-f', '.');
    git('commit', '-q', '--allow-empty', '-m', c.message);
    shas.push(git('rev-parse', 'HEAD').trim());
  }
  return shas;
}

/** A fast-import `data` command (the benches write their streams with it too). */
export { fastImportData } from '../../bench/bench-lib.mjs';

/**
 * Builds a repository at `dir` from one fast-import stream (its commits on `refs/heads/main`) and checks `main` out:
 * thousands of dated commits in well under a second, where `makeRepo` spends a process per step.
 */
export function repoFromStream(dir: string, stream: string): void {
  const git = (args: string[], input?: string) => execFileSync('git', args, { cwd: dir, input, maxBuffer: 1 << 28 });
  git(['init', '-q', '-b', 'main']);
  git(['fast-import', '--quiet'], `${stream}done\n`);
  git(['reset', '-q', '--hard', 'main']);
}
