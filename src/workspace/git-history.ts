import path from 'node:path';
import { readBlobs, runGit } from './git-process.js';

/** Paths (relative to the workspace root) whose history matters for agent configuration. */
export const CONFIG_PATHSPECS: readonly string[] = [
  '.claude', '.mcp.json', 'CLAUDE.md', 'CLAUDE.local.md', 'AGENTS.md', '.claude-plugin', '.claude.json',
  'agentgov.json', 'agentgov.lock.json', '.agentgov',
];

export interface FileChange {
  /** A added, M modified, D deleted, R renamed (from `oldPath`), T type change, C copied. */
  status: 'A' | 'M' | 'D' | 'R' | 'C' | 'T';
  /** Path relative to the workspace root. */
  path: string;
  oldPath?: string;
  oldBlob: string | null;
  newBlob: string | null;
}

export interface HistoryCommit {
  sha: string;
  parents: string[];
  /** Author date, ISO 8601. */
  date: string;
  author: string;
  email: string;
  subject: string;
  changes: FileChange[];
}

export interface HistoryGaps {
  /** The repository is a shallow clone: commits before its boundary are not visible. */
  shallow: boolean;
  /** The repository has no commits yet. */
  noCommits: boolean;
  /** HEAD is detached (CI checkouts often are); history is read from HEAD anyway. */
  detached: boolean;
  notARepository: boolean;
}

export interface History {
  repoRoot?: string;
  /** Path of the workspace root inside the repository ('' at the top), with a trailing slash when not empty. */
  prefix: string;
  /** Oldest first, first-parent line of HEAD (or of `until`). */
  commits: HistoryCommit[];
  gaps: HistoryGaps;
}

const ZERO = /^0+$/;

/**
 * Reads every first-parent commit that touches agent configuration with ONE `git log --raw -z` process (merges
 * shown against their first parent, renames followed), plus one `rev-parse`. Blob contents are read separately, in
 * one batch, by `readBlobs`.
 */
export async function readHistory(root: string, options: { until?: string; pathspecs?: readonly string[] } = {}): Promise<History> {
  const gaps: HistoryGaps = { shallow: false, noCommits: false, detached: false, notARepository: false };
  let info;
  try {
    info = await runGit(root, ['rev-parse', '--show-toplevel', '--show-prefix', '--is-shallow-repository', '--abbrev-ref', 'HEAD']);
  } catch {
    return { prefix: '', commits: [], gaps: { ...gaps, notARepository: true } };
  }
  const lines = info.stdout.toString('utf8').split('\n');
  if (info.code !== 0) {
    // `rev-parse HEAD` fails in a repository without commits; the other answers still came first.
    if (/not a git repository/i.test(info.stderr)) return { prefix: '', commits: [], gaps: { ...gaps, notARepository: true } };
    return { ...(lines[0] ? { repoRoot: lines[0] } : {}), prefix: lines[1] ?? '', commits: [], gaps: { ...gaps, noCommits: true, shallow: lines[2] === 'true' } };
  }
  const [repoRoot = root, prefix = '', shallow, head] = lines;
  gaps.shallow = shallow === 'true';
  gaps.detached = head === 'HEAD';
  const pathspecs = (options.pathspecs ?? CONFIG_PATHSPECS).map((p) => `:(top)${prefix}${p}`);
  const log = await runGit(root, [
    'log', '--first-parent', '--diff-merges=first-parent', '--raw', '--no-abbrev', '-z', '-M', '--reverse',
    '--format=%x1e%H%x1f%P%x1f%aI%x1f%an%x1f%ae%x1f%s', options.until ?? 'HEAD', '--', ...pathspecs,
  ]);
  if (log.code !== 0) return { repoRoot, prefix, commits: [], gaps: { ...gaps, noCommits: /does not have any commits|unknown revision/.test(log.stderr) } };
  return { repoRoot, prefix, commits: parseLog(log.stdout.toString('utf8'), prefix), gaps };
}

export function parseLog(text: string, prefix = ''): HistoryCommit[] {
  const commits: HistoryCommit[] = [];
  for (const record of text.split('\x1e')) {
    if (record.trim() === '') continue;
    const headerEnd = record.indexOf('\0');
    const header = headerEnd < 0 ? record : record.slice(0, headerEnd);
    const [sha = '', parents = '', date = '', author = '', email = '', subject = ''] = header.split('\x1f');
    const tokens = headerEnd < 0 ? [] : record.slice(headerEnd + 1).replace(/^\n/, '').split('\0');
    const changes: FileChange[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const meta = tokens[i] ?? '';
      if (!meta.startsWith(':')) continue;
      const [, , oldBlob = '', newBlob = '', statusText = ''] = meta.slice(1).split(' ');
      const status = (statusText[0] ?? 'M') as FileChange['status'];
      const first = tokens[++i] ?? '';
      const second = status === 'R' || status === 'C' ? (tokens[++i] ?? '') : undefined;
      const change: FileChange = {
        status,
        path: relative(second ?? first, prefix),
        oldBlob: ZERO.test(oldBlob) ? null : oldBlob,
        newBlob: ZERO.test(newBlob) ? null : newBlob,
      };
      if (second !== undefined) change.oldPath = relative(first, prefix);
      changes.push(change);
    }
    commits.push({ sha, parents: parents.split(' ').filter(Boolean), date, author, email, subject, changes });
  }
  return commits;
}

function relative(repoPath: string, prefix: string): string {
  return prefix && repoPath.startsWith(prefix) ? repoPath.slice(prefix.length) : prefix ? path.posix.join('..', repoPath) : repoPath;
}

export { readBlobs };

/** The author date of a revision (for `--since <ref>`), or undefined when git does not know it. */
export async function revisionDate(root: string, ref: string): Promise<Date | undefined> {
  const result = await runGit(root, ['log', '-1', '--format=%aI', ref, '--']);
  const text = result.stdout.toString('utf8').trim();
  return result.code === 0 && text ? new Date(text) : undefined;
}
