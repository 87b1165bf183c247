import path from 'node:path';
import { BlobReader, readBlobs, runGit } from './git-process.js';
import type { ProgressSink } from '../progress.js';
import { handled } from '../handled.js';

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

export interface ReadHistoryOptions {
  until?: string;
  pathspecs?: readonly string[];
  /**
   * Where blob ids go as the log streams: every new version's, and with `oldBlobs` every previous version's too;
   * with `wants`, only those of files it wants. `wants` must judge a path by its end (its name), as the first records
   * are read before rev-parse has told the root's place in the repository: their paths are the repository's.
   */
  blobs?: BlobReader;
  oldBlobs?: boolean;
  wants?: (path: string) => boolean;
  onCommit?: (commit: HistoryCommit) => void;
  /**
   * Called once, before the log ends, with the tree of the newest commit read (path → object id, among the
   * pathspecs; its blobs go to `blobs`): the state after the last commit of the history, which is also the state of
   * the configuration at its tip, as no later commit touches it. Not called when the history has no commit.
   */
  onTip?: (tree: ReadonlyMap<string, string>) => void;
  onProgress?: ProgressSink;
}

/**
 * Reads every first-parent commit that touches agent configuration with ONE `git log --raw -z` process (merges
 * shown against their first parent, renames followed), plus one `rev-parse` running beside it. With `blobs`, every
 * new blob id is handed to that reader while the log still streams, so contents are read alongside the walk;
 * `onCommit` sees each commit as soon as it is read (newest first).
 */
export async function readHistory(root: string, options: ReadHistoryOptions = {}): Promise<History> {
  const gaps: HistoryGaps = { shallow: false, noCommits: false, detached: false, notARepository: false };
  // Pathspecs relative to the root (git's cwd) mean the same as `:(top)<prefix>…`, so the log need not wait for rev-parse.
  const pathspecs = options.pathspecs ?? CONFIG_PATHSPECS;
  const { blobs, onProgress } = options;
  let carry = '';
  // Records are parsed as they come once rev-parse has told the prefix their paths are relative to.
  let prefix: string | undefined;
  const commits: HistoryCommit[] = [];
  const records: string[] = [];
  let tip: Promise<void> | undefined;
  const wants = options.wants ?? (() => true);
  const request = blobs
    ? (oldMode: string, newMode: string, oldBlob: string | null, newBlob: string | null, path: string, oldPath: string) => {
        if (newMode !== '160000' && newBlob !== null && wants(path)) blobs.request(newBlob);
        // The version before: a replay going back from the newest commit needs it now, not when its commit comes.
        if (options.oldBlobs && oldMode !== '160000' && oldBlob !== null && wants(oldPath)) blobs.request(oldBlob);
      }
    : undefined;
  const parseRecords = () => {
    if (prefix === undefined) return;
    for (let i = commits.length; i < records.length; i++) {
      const commit = parseRecord(records[i] as string, prefix, request);
      commits.push(commit);
      if (i === 0 && options.onTip) tip = handled(readTip(root, commit.sha, pathspecs, prefix, blobs, wants, options.onTip));
      options.onCommit?.(commit);
    }
  };
  const split = new RecordSplitter((record) => {
    if (record.trim() === '') return;
    records.push(record);
    onProgress?.({ task: 'reading git history', done: records.length, unit: 'commits' });
    parseRecords();
  });
  const onData = (chunk: Buffer) => {
    // Until rev-parse has told the prefix, records wait unparsed: their blob ids are taken from the raw entries of
    // each chunk instead, so that cat-file need not wait either. Raw entries look like `:100644 100644 <old> <new> M`
    // and their path (`wants` reads the end of a path, which the prefix does not change); a chunk may end inside one,
    // so its tail is kept (an entry cut before its path is asked for when its record is parsed). Afterwards each
    // record asks for its blobs as it is parsed.
    if (request && prefix === undefined) {
      const text = carry + chunk.toString('latin1');
      const cut = text.lastIndexOf('\0');
      carry = text.slice(cut + 1);
      for (const e of rawEntries(text.slice(0, cut + 1))) request(e.oldMode, e.newMode, e.oldBlob, e.newBlob, e.path, e.oldPath);
    }
    split.push(chunk);
  };
  const logArgs = [
    // Newest first, not --reverse: git prints as it walks, so blob ids reach cat-file (and contents reach us) during
    // the walk instead of after it (--reverse prints nothing until the whole history is walked).
    'log', '--first-parent', '--diff-merges=first-parent', '--raw', '--no-abbrev', '-z', '-M',
    '--format=%x1e%H%x1f%P%x1f%aI%x1f%an%x1f%ae%x1f%s', options.until ?? 'HEAD', '--', ...pathspecs,
  ];
  const revParse = runGit(root, ['rev-parse', '--show-toplevel', '--show-prefix', '--is-shallow-repository', '--abbrev-ref', 'HEAD']);
  void revParse.then(
    (info) => {
      if (info.code !== 0) return;
      prefix = info.stdout.toString('utf8').split('\n')[1] ?? '';
      parseRecords();
    },
    () => undefined,
  );
  const [infoResult, log] = await Promise.allSettled([revParse, runGit(root, logArgs, undefined, onData)]);
  if (infoResult.status === 'rejected') return { prefix: '', commits: [], gaps: { ...gaps, notARepository: true } };
  const info = infoResult.value;
  const lines = info.stdout.toString('utf8').split('\n');
  if (info.code !== 0) {
    // `rev-parse HEAD` fails in a repository without commits; the other answers still came first.
    if (/not a git repository/i.test(info.stderr)) return { prefix: '', commits: [], gaps: { ...gaps, notARepository: true } };
    return { ...(lines[0] ? { repoRoot: lines[0] } : {}), prefix: lines[1] ?? '', commits: [], gaps: { ...gaps, noCommits: true, shallow: lines[2] === 'true' } };
  }
  const [repoRoot = root, shown = '', shallow, head] = lines;
  gaps.shallow = shallow === 'true';
  gaps.detached = head === 'HEAD';
  if (log.status === 'rejected' || log.value.code !== 0) {
    const stderr = log.status === 'fulfilled' ? log.value.stderr : '';
    return { repoRoot, prefix: shown, commits: [], gaps: { ...gaps, noCommits: /does not have any commits|unknown revision/.test(stderr) } };
  }
  split.end();
  prefix = shown;
  parseRecords();
  await tip;
  return { repoRoot, prefix: shown, commits: commits.reverse(), gaps };
}

/**
 * Cuts `git log` output into records at the \x1e each record starts with, as it streams. Each record is decoded on
 * its own, which reads the same as decoding the whole output: \x1e never occurs inside a UTF-8 sequence.
 */
class RecordSplitter {
  private pending: Buffer[] = [];

  constructor(private readonly onRecord: (text: string) => void) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (let at = chunk.indexOf(0x1e); at >= 0; at = chunk.indexOf(0x1e, start)) {
      this.pending.push(chunk.subarray(start, at));
      this.flush();
      start = at + 1;
    }
    if (start < chunk.length) this.pending.push(chunk.subarray(start));
  }

  end(): void {
    this.flush();
  }

  private flush(): void {
    const parts = this.pending;
    this.pending = [];
    this.onRecord(parts.length === 1 ? (parts[0] as Buffer).toString('utf8') : Buffer.concat(parts).toString('utf8'));
  }
}

// Groups: old mode, new mode, old id, new id, then the source and destination of a rename or copy, or the path
// (latin1-decoded: the end of a path, all `wants` looks at, reads the same).
const RAW_ENTRY = /:(\d{6}) (\d{6}) ([0-9a-f]{40,64}) ([0-9a-f]{40,64}) (?:[RC]\d*\0([^\0]*)\0([^\0]*)|[A-Z]\d*\0([^\0]*))\0/g;

/**
 * The raw entries of `git log --raw -z` output, found without parsing its records: blob ids as parsed records have
 * them (null for git's all-zero id), paths as the repository has them.
 */
export function* rawEntries(text: string): Generator<{ oldMode: string; newMode: string; oldBlob: string | null; newBlob: string | null; path: string; oldPath: string }> {
  for (const m of text.matchAll(RAW_ENTRY)) {
    const path = (m[6] ?? m[7]) as string;
    yield { oldMode: m[1] as string, newMode: m[2] as string, oldBlob: blobId(m[3] as string), newBlob: blobId(m[4] as string), path, oldPath: m[5] ?? path };
  }
}

export function parseLog(text: string, prefix = ''): HistoryCommit[] {
  const commits: HistoryCommit[] = [];
  for (const record of text.split('\x1e')) if (record.trim() !== '') commits.push(parseRecord(record, prefix));
  return commits;
}

/**
 * One record of `git log -z --raw` with our format: the header, then the raw entries. Fields are taken by index,
 * not by destructuring: two thousand records are parsed before V8 optimizes this, and destructuring runs the
 * iterator protocol until then.
 */
function parseRecord(record: string, prefix: string, onBlobs?: (oldMode: string, newMode: string, oldBlob: string | null, newBlob: string | null, path: string, oldPath: string) => void): HistoryCommit {
  const headerEnd = record.indexOf('\0');
  const fields = (headerEnd < 0 ? record : record.slice(0, headerEnd)).split('\x1f');
  const changes: FileChange[] = [];
  if (headerEnd >= 0) {
    let body = record.slice(headerEnd + 1);
    if (body.charCodeAt(0) === 10) body = body.slice(1);
    const tokens = body.split('\0');
    for (let i = 0; i < tokens.length; i++) {
      const meta = tokens[i] as string;
      if (meta.charCodeAt(0) !== 58) continue; // ':'
      // `:<old mode> <new mode> <old id> <new id> <status>[score]`
      const parts = meta.slice(1).split(' ');
      const oldMode = parts[0] ?? '';
      const newMode = parts[1] ?? '';
      const oldBlob = blobId(parts[2] ?? '');
      const newBlob = blobId(parts[3] ?? '');
      const status = ((parts[4] ?? '')[0] ?? 'M') as FileChange['status'];
      const first = tokens[++i] ?? '';
      const second = status === 'R' || status === 'C' ? (tokens[++i] ?? '') : undefined;
      const change: FileChange = { status, path: relative(second ?? first, prefix), oldBlob, newBlob };
      if (second !== undefined) change.oldPath = relative(first, prefix);
      onBlobs?.(oldMode, newMode, oldBlob, newBlob, change.path, change.oldPath ?? change.path);
      changes.push(change);
    }
  }
  const parents = (fields[1] ?? '').split(' ');
  return {
    sha: fields[0] ?? '',
    parents: parents.includes('') ? parents.filter(Boolean) : parents,
    date: fields[2] ?? '',
    author: fields[3] ?? '',
    email: fields[4] ?? '',
    subject: fields[5] ?? '',
    changes,
  };
}

const ZERO_SHA1 = '0'.repeat(40);
const ZERO_SHA256 = '0'.repeat(64);

/** A blob id of a raw entry, or null for git's all-zero id (no blob on that side). */
function blobId(id: string): string | null {
  if (id === ZERO_SHA1 || id === ZERO_SHA256) return null;
  return id.length !== 40 && id.length !== 64 && ZERO.test(id) ? null : id;
}

/** `git ls-tree` of one commit among the pathspecs, handed to `onTip`; a tree git cannot list is not handed. */
async function readTip(root: string, sha: string, pathspecs: readonly string[], prefix: string, blobs: BlobReader | undefined, wants: (path: string) => boolean, onTip: (tree: ReadonlyMap<string, string>) => void): Promise<void> {
  const result = await runGit(root, ['ls-tree', '-r', '-z', '--full-name', sha, '--', ...pathspecs]).catch(() => undefined);
  if (!result || result.code !== 0) return;
  const tree = new Map<string, string>();
  for (const entry of result.stdout.toString('utf8').split('\0')) {
    // `<mode> <type> <id>\t<path>`
    const tab = entry.indexOf('\t');
    if (tab < 0) continue;
    const [mode, type, id] = entry.slice(0, tab).split(' ');
    if (!mode || !id) continue;
    const rel = relative(entry.slice(tab + 1), prefix);
    tree.set(rel, id);
    if (type === 'blob' && wants(rel)) blobs?.request(id);
  }
  onTip(tree);
}

function relative(repoPath: string, prefix: string): string {
  return prefix && repoPath.startsWith(prefix) ? repoPath.slice(prefix.length) : prefix ? path.posix.join('..', repoPath) : repoPath;
}

export { readBlobs };

/**
 * The author date of a commit object's contents (`git cat-file commit`), as `%aI` gives it; undefined when the
 * author line is not `author <name> <<email>> <seconds> <±hhmm>`.
 */
export function authorDateOf(commit: Buffer): Date | undefined {
  const text = commit.toString('utf8');
  const headerEnd = text.indexOf('\n\n');
  for (const line of (headerEnd < 0 ? text : text.slice(0, headerEnd)).split('\n')) {
    if (!line.startsWith('author ')) continue;
    const m = /> (\d{1,15}) [+-]\d{4}$/.exec(line);
    return m ? new Date(Number(m[1]) * 1000) : undefined;
  }
  return undefined;
}

/** The author date of a revision (for `--since <ref>`), or undefined when git does not know it. */
export async function revisionDate(root: string, ref: string): Promise<Date | undefined> {
  const result = await runGit(root, ['log', '-1', '--format=%aI', ref, '--']);
  const text = result.stdout.toString('utf8').trim();
  return result.code === 0 && text ? new Date(text) : undefined;
}
