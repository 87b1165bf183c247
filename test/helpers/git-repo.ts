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
