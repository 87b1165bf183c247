import path from 'node:path';
import { relativeWithin } from './rel-inside.js';
import { runGit } from './git-process.js';

/**
 * The date of the last commit that touched each file under any of `dirs` (inside the repository at `repoRoot`), in
 * one `git log` process whatever the number of folders and files; no process when no folder is inside the repository.
 * Files git never saw are absent. Never throws: without git, or outside a repository, the map is empty.
 */
export async function lastCommitDates(repoRoot: string, dirs: readonly string[]): Promise<Map<string, string>> {
  const dates = new Map<string, string>();
  const pathspecs: string[] = [];
  for (const dir of dirs) {
    const rel = relativeWithin(repoRoot, dir);
    if (rel !== undefined) pathspecs.push(rel);
  }
  if (pathspecs.length === 0) return dates;
  try {
    const args = ['--literal-pathspecs', '-c', 'core.quotepath=off', 'log', '--format=%x01%cI', '--name-only', '-z', '--no-renames', '--'];
    const result = await runGit(repoRoot, [...args, ...new Set(pathspecs.map((rel) => (rel === '' ? '.' : rel)))]);
    if (result.code !== 0) return dates;
    let current: string | undefined;
    for (const token of result.stdout.toString('utf8').split('\0')) {
      const field = token.replace(/^\n+/, '');
      if (field.startsWith('\x01')) current = field.slice(1).trim();
      else if (field && current) {
        const abs = path.join(repoRoot, field);
        // git log lists newest first: the first date seen for a path is its last commit.
        if (!dates.has(abs)) dates.set(abs, current);
      }
    }
  } catch {
    return new Map();
  }
  return dates;
}

/** The folder whose name Claude Code derives the project slug from: the main work tree of the repository. */
export async function canonicalGitRoot(dir: string): Promise<string | undefined> {
  try {
    const result = await runGit(dir, ['rev-parse', '--path-format=absolute', '--git-common-dir']);
    if (result.code !== 0) return undefined;
    const common = result.stdout.toString('utf8').trim();
    if (!common) return undefined;
    return path.basename(common) === '.git' ? path.dirname(common) : undefined;
  } catch {
    return undefined;
  }
}
