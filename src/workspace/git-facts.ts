import path from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import type { GitFacts, GitInfo } from './types.js';

export interface GitFactsResult {
  info: GitInfo;
  /** Facts by absolute path, for the paths inside the work tree. */
  facts: Map<string, GitFacts>;
}

/**
 * A git call is done when its streams close. simple-git's default also waits 50 ms after exit for output that never
 * comes when git prints nothing (`check-ignore` with nothing ignored): two such waits were most of an audit's git time.
 */
const COMPLETION = { onClose: true, onExit: false } as const;

/**
 * Reads whether each file is tracked and whether any gitignore/exclude rule matches it, in three git calls whatever
 * the number of files: `rev-parse`, `ls-files` and `check-ignore --no-index` (so tracked files that are also ignored
 * are seen as ignored too).
 */
export async function readGitFacts(root: string, absPaths: readonly string[]): Promise<GitFactsResult> {
  const facts = new Map<string, GitFacts>();
  let git: SimpleGit;
  let repoRoot: string;
  try {
    git = simpleGit({ baseDir: root, maxConcurrentProcesses: 2, completion: COMPLETION });
    repoRoot = (await git.raw(['rev-parse', '--show-toplevel'])).trim();
    if (!repoRoot) return { info: { unavailableReason: 'not-a-repository' }, facts };
  } catch (error) {
    return { info: { unavailableReason: classify(error) }, facts };
  }
  const inside = new Map<string, string>();
  for (const abs of absPaths) {
    const rel = path.relative(repoRoot, abs);
    if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) inside.set(rel.split(path.sep).join('/'), abs);
  }
  if (inside.size === 0) return { info: { repoRoot }, facts };
  const rels = [...inside.keys()];
  try {
    const repo = simpleGit({ baseDir: repoRoot, completion: COMPLETION });
    const [tracked, ignored] = await Promise.all([listTracked(repo, rels), listIgnored(repo, rels)]);
    for (const [rel, abs] of inside) facts.set(abs, { tracked: tracked.has(rel), ignored: ignored.has(rel) });
    return { info: { repoRoot }, facts };
  } catch {
    return { info: { repoRoot, unavailableReason: 'git-error' }, facts: new Map() };
  }
}

async function listTracked(git: SimpleGit, rels: string[]): Promise<Set<string>> {
  const out = await git.raw(['-c', 'core.quotepath=off', 'ls-files', '-z', '--', ...rels.map(literalPathspec)]);
  return new Set(out.split('\0').filter(Boolean));
}

async function listIgnored(git: SimpleGit, rels: string[]): Promise<Set<string>> {
  // check-ignore exits 1 when nothing is ignored; simple-git then resolves with empty output or rejects without stderr.
  try {
    // `-z` needs --stdin, which simple-git cannot feed; the newline output quotes unusual names C-style instead.
    const out = await git.raw(['-c', 'core.quotepath=off', 'check-ignore', '--no-index', '--', ...rels]);
    return new Set(out.split('\n').filter(Boolean).map(unquoteGitPath));
  } catch (error) {
    if (isExitWithoutStderr(error)) return new Set();
    throw error;
  }
}

/** Undoes git's C-style quoting of paths with control characters, quotes or backslashes. */
export function unquoteGitPath(line: string): string {
  if (!line.startsWith('"') || !line.endsWith('"')) return line;
  const bytes: number[] = [];
  const body = line.slice(1, -1);
  const escapes: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '"': 34, '\\': 92 };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const next = body[i + 1] ?? '';
    const octal = /^[0-7]{3}/.exec(body.slice(i + 1));
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      i += 3;
    } else {
      bytes.push(escapes[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Pathspec magic so that file names with glob characters match only themselves. */
function literalPathspec(rel: string): string {
  return `:(literal)${rel}`;
}

function isExitWithoutStderr(error: unknown): boolean {
  const message = error instanceof Error ? error.message.trim() : String(error);
  return message === '' || /exited with code 1/.test(message);
}

function classify(error: unknown): NonNullable<GitInfo['unavailableReason']> {
  const message = error instanceof Error ? error.message : String(error);
  if (/ENOENT|not found|spawn git/i.test(message) && !/not a git repository/i.test(message)) return 'git-not-found';
  if (/not a git repository/i.test(message)) return 'not-a-repository';
  return 'git-error';
}
