import path from 'node:path';
import { runGit } from './git-process.js';

/**
 * The date of the last commit that touched each file under `dir` (inside the repository at `repoRoot`), in one
 * `git log` process whatever the number of files. Files git never saw are absent. Never throws: without git, or
 * outside a repository, the map is empty.
 */
export async function lastCommitDates(repoRoot: string, dir: string): Promise<Map<string, string>> {
  const dates = new Map<string, string>();
  const rel = path.relative(repoRoot, dir);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return dates;
  try {
    const result = await runGit(repoRoot, ['-c', 'core.quotepath=off', 'log', '--format=%x01%cI', '--name-only', '-z', '--no-renames', '--', rel === '' ? '.' : rel]);
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
