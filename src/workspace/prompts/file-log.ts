import path from 'node:path';
import { parseLog } from '../git-history.js';
import { readBlobs, runGit } from '../git-process.js';
import { WorkspaceError } from '../load-workspace.js';
import { repositoryOf } from './load-prompt-set.js';

export interface FileVersion {
  sha: string;
  date: string;
  author: string;
  subject: string;
  /** The file's path (relative to the root) in that commit: it moves with renames. */
  path: string;
  status: string;
  /** The blob, or null when the commit deleted the file. */
  blob: string | null;
  bytes?: Buffer;
}

/**
 * Every commit that changed one file, newest first, following renames, with the file's content in each: one
 * `git log --follow --raw` and one `git cat-file --batch`, whatever the number of commits.
 */
export async function readFileVersions(root: string, absFile: string): Promise<FileVersion[]> {
  const { prefix } = await repositoryOf(root);
  const log = await runGit(root, ['log', '--follow', '--raw', '--no-abbrev', '-z', '--format=%x1e%H%x1f%P%x1f%aI%x1f%an%x1f%ae%x1f%s', 'HEAD', '--', path.relative(root, absFile) || '.']);
  if (log.code !== 0) {
    if (/does not have any commits|unknown revision|bad default revision/.test(log.stderr)) return [];
    throw new WorkspaceError(`git log failed: ${log.stderr.trim().split('\n')[0] ?? ''}`);
  }
  const commits = parseLog(log.stdout.toString('utf8'), prefix);
  const versions: FileVersion[] = commits.map((c) => {
    const change = c.changes[0];
    return { sha: c.sha, date: c.date, author: c.author, subject: c.subject, path: change?.path ?? '', status: change?.status ?? 'M', blob: change?.newBlob ?? null };
  });
  const blobs = await readBlobs(root, versions.flatMap((v) => (v.blob ? [v.blob] : [])));
  for (const v of versions) {
    const bytes = v.blob ? blobs.get(v.blob) : undefined;
    if (bytes) v.bytes = bytes;
  }
  return versions;
}
