/** Where Claude Code keeps a project's session transcripts: `<home>/.claude/projects/<slug>`. */
import { closeSync, constants as fsConstants, openSync, readdirSync, readSync, statSync } from 'node:fs';
import path from 'node:path';

/** Longest project folder name Claude Code writes before truncating and appending a hash. */
const SLUG_MAX_LENGTH = 200;

/**
 * Claude Code's folder name for a project path: every UTF-16 code unit outside [A-Za-z0-9] becomes `-` (so
 * `/home/user/work/my-repo` → `-home-user-work-my-repo`). Different paths can share a slug (`/a/b-c`, `/a/b/c`).
 */
export function projectSlug(projectRoot: string): string {
  return projectRoot.replace(/[^A-Za-z0-9]/g, '-');
}

/**
 * Claude Code's per-project transcript folder, `<claude dir>/projects/<slug>` (reference claude-code-config §7.3): the
 * claude dir is `<home>/.claude`, or `CLAUDE_CONFIG_DIR`.
 * The path is taken as given (resolved, not realpath'd).
 *
 * Slugs over 200 characters are written as the first 200 characters + `-` + a short hash. The hash function is NOT
 * documented (it has differed between the Bun and Node builds), so we never compute it: for a long slug we look for an
 * existing folder named `<first 200>-…`; with several candidates we prefer one whose transcripts record our path as
 * `cwd`. When none exists we return `<projects>/<first 200>-`, a name Claude Code never writes, so a scan finds nothing.
 * Only the short form is matched exactly.
 */
export function transcriptDirIn(claudeDir: string, projectRoot: string): string {
  const projects = path.join(claudeDir, 'projects');
  const root = path.resolve(projectRoot);
  const slug = projectSlug(root);
  if (slug.length <= SLUG_MAX_LENGTH) return path.join(projects, slug);
  const prefix = `${slug.slice(0, SLUG_MAX_LENGTH)}-`;
  let candidates: string[] = [];
  try {
    candidates = readdirSync(projects)
      .filter((name) => name.startsWith(prefix) && name.length > prefix.length && isDirSync(path.join(projects, name)))
      .sort();
  } catch {
    candidates = [];
  }
  const only = candidates.length === 1 ? candidates[0] : candidates.find((name) => recordsCwd(path.join(projects, name), root));
  return path.join(projects, only ?? candidates[0] ?? prefix);
}

function isDirSync(abs: string): boolean {
  try {
    return statSync(abs).isDirectory();
  } catch {
    return false;
  }
}

// ignoreBOM: false strips a leading BOM, which JSON.parse would reject.
const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

/** Whether the first 64 KiB of one of the folder's first few transcripts has a record with `cwd === root`. */
function recordsCwd(folder: string, root: string): boolean {
  let names: string[];
  try {
    names = readdirSync(folder).filter((n) => n.endsWith('.jsonl')).sort().slice(0, 3);
  } catch {
    return false;
  }
  for (const name of names) {
    let fd: number | undefined;
    try {
      const abs = path.join(folder, name);
      if (!statSync(abs).isFile()) continue;
      fd = openSync(abs, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
      const buf = Buffer.alloc(64 * 1024);
      const n = readSync(fd, buf, 0, buf.length, 0);
      for (const line of decoder.decode(buf.subarray(0, n)).split('\n')) {
        try {
          // Any JSON value: only an object can have `cwd` equal to a string.
          const value = JSON.parse(line) as { cwd?: unknown } | null;
          if (value?.cwd === root) return true;
        } catch {
          // Not a complete JSON line (or the 64 KiB cut): ignore.
        }
      }
    } catch {
      // Unreadable: not evidence either way.
    } finally {
      if (fd !== undefined) {
        try {
          closeSync(fd);
        } catch {
          // ignore
        }
      }
    }
  }
  return false;
}
