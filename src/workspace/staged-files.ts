import path from 'node:path';
import { specForRootPath } from './claude/discover.js';
import { CONFIG_PATHSPECS } from './git-history.js';
import { workTreeTop, type GitFactsResult } from './git-facts.js';
import { readBlobs, runGit } from './git-process.js';
import { gitBlobOf } from './hash.js';
import { WorkspaceError } from './load-workspace.js';
import { readBytes } from './read-file.js';

/** The files `check` reports on, and the bytes to audit for those whose staged version is not what is on disk. */
export interface CheckTargets {
  /** The work tree holding the root (if any), and whether each checked file is tracked or ignored. */
  git: GitFactsResult;
  /** Root-relative paths (forward slashes) of the agent-config files checked, sorted. */
  checked: string[];
  /**
   * Staged bytes of the files whose working-tree bytes differ from the index (partially staged, or changed after
   * `git add`), by absolute path. The others are read from disk like any file: they are byte-identical.
   */
  contents: Map<string, Buffer>;
}

const STAGED_MAX_BYTES = 16 * 1024 * 1024;

/**
 * The staged agent-config files under `root`: `diff --cached`, beside it the top of the work tree (a `rev-parse` unless
 * `root` is evidently the top, see workTreeTop), then a `cat-file` only when some staged file differs from the working
 * tree. Deleted files are left out: nothing is left in them to check.
 */
export async function readStagedFiles(root: string): Promise<CheckTargets> {
  const gitMissing = (error: unknown) => {
    throw new WorkspaceError(`check: cannot run git to list staged files (${error instanceof Error ? error.message : String(error)}); name the files to check instead`);
  };
  const [top, diff] = await Promise.all([
    workTreeTop(root),
    runGit(root, ['diff', '--cached', '--raw', '-z', '--no-abbrev', '--no-renames', '--no-ext-diff', '--diff-filter=d', '--relative']).catch(gitMissing),
  ]);
  if (!('repoRoot' in top)) throw new WorkspaceError(`check: ${root} is not in a git repository, so nothing is staged (name the files to check: agentgov check <files…>)`);
  if (diff.code !== 0) throw new WorkspaceError(`check: cannot list staged files: ${diff.stderr.trim().split('\n')[0] ?? 'git diff failed'}`);
  const staged = new Map<string, string>();
  const fields = diff.stdout.toString('utf8').split('\0');
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const meta = /^:\d+ (\d+) [0-9a-f]+ ([0-9a-f]+) [A-Z]/.exec(fields[i] as string);
    const rel = fields[i + 1] as string;
    // Mode 160000 is a submodule and 120000 a symlink: neither has file bytes in the index worth parsing.
    if (meta && meta[1]?.startsWith('100') && isAgentConfigPath(rel)) staged.set(rel, meta[2] as string);
  }
  const checked = [...staged.keys()].sort();
  // A staged file is about to be tracked: `history/local-file-committed` must see it so. Facts about the other files
  // could only change findings that check does not report, so git is not asked about them.
  const facts = new Map(checked.map((rel) => [path.join(root, rel), { tracked: true, ignored: false }]));
  return { git: { info: { repoRoot: top.repoRoot }, facts }, checked, contents: await differingFromDisk(root, staged) };
}

/** Whether agentgov reads a root-relative path as agent configuration (a prompt, settings, MCP, policy or lock file). */
export function isAgentConfigPath(rel: string): boolean {
  return specForRootPath(rel) !== undefined || CONFIG_PATHSPECS.some((p) => rel === p || rel.startsWith(`${p}/`) || rel.endsWith(`/${p}`));
}

async function differingFromDisk(root: string, staged: ReadonlyMap<string, string>): Promise<Map<string, Buffer>> {
  const differing: [string, string][] = [];
  await Promise.all(
    [...staged].map(async ([rel, sha]) => {
      const abs = path.join(root, rel);
      const read = await readBytes(abs, STAGED_MAX_BYTES);
      if (read.bytes === undefined || gitBlobOf(read.bytes) !== sha) differing.push([abs, sha]);
    }),
  );
  if (differing.length === 0) return new Map();
  const blobs = await readBlobs(root, differing.map(([, sha]) => sha));
  const overrides = new Map<string, Buffer>();
  for (const [abs, sha] of differing) {
    const bytes = blobs.get(sha);
    if (bytes) overrides.set(abs, bytes);
  }
  return overrides;
}
