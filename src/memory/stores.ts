import path from 'node:path';
import { canonicalGitRoot } from '../workspace/last-commit-dates.js';
import { claudeDirOf } from '../workspace/claude-dir.js';
import { displayPath } from '../workspace/claude/discover.js';
import { transcriptDirIn } from '../workspace/transcripts.js';
import type { Workspace } from '../workspace/types.js';
import type { StoreKind } from './model.js';
import type { MemorySettings } from './settings.js';
import { sha256Hex } from '../workspace/hash.js';
import { listDir } from '../workspace/read-file.js';

/** A store to read: where it is and, for glob stores, which files in it are memories. */
export interface StoreSpec {
  kind: StoreKind;
  name: string;
  /** Absolute, as configured (not yet resolved through symlinks). */
  root: string;
  origin: string;
  /** For glob stores: the part of the glob below `root` (matched against paths relative to it). */
  pattern?: string;
  /** Whether `MEMORY.md` at the root is the store's index. */
  indexed: boolean;
}

export interface StoreDiscovery {
  specs: StoreSpec[];
  notices: string[];
  /** The project folder under `<home>/.claude/projects` whose transcripts hold recalls of the auto memory. */
  projectDir: string;
}

/** Every memory store of the workspace: Claude Code's auto memory, subagent memory, and the policy's globs. */
export async function discoverStores(ws: Workspace, settings: MemorySettings): Promise<StoreDiscovery> {
  const notices: string[] = [];
  const specs: StoreSpec[] = [];
  // When loading the workspace already found no repository (or no git), asking git again would only fail again.
  const noGit = ws.git.unavailableReason === 'not-a-repository' || ws.git.unavailableReason === 'git-not-found';
  const gitRoot = (noGit ? undefined : await canonicalGitRoot(ws.root)) ?? ws.root;
  const claudeDir = claudeDirOf(ws);
  const projectDir = transcriptDirIn(claudeDir, gitRoot);
  if (settings.autoMemory) {
    const configured = autoMemoryDirectory(ws, notices);
    specs.push(
      configured
        ? { kind: 'claude-auto', name: 'auto', root: configured.dir, origin: `autoMemoryDirectory in ${configured.file}`, indexed: true }
        : { kind: 'claude-auto', name: 'auto', root: path.join(projectDir, 'memory'), origin: `project slug of ${gitRoot}`, indexed: true },
    );
  }
  if (settings.agentMemory) {
    for (const [dir, shown] of [
      [path.join(ws.root, '.claude/agent-memory'), '.claude/agent-memory'],
      [path.join(ws.root, '.claude/agent-memory-local'), '.claude/agent-memory-local'],
      [path.join(claudeDir, 'agent-memory'), displayPath('claude', 'agent-memory', { home: ws.home, claude: claudeDir })],
    ] as const) {
      const listed = await listDir(dir);
      for (const entry of listed.entries) {
        if (entry.kind !== 'dir' || entry.name.startsWith('.')) continue;
        specs.push({ kind: 'claude-agent', name: `agent:${entry.name}`, root: path.join(dir, entry.name), origin: `subagent memory (${shown})`, indexed: true });
      }
    }
  }
  for (const glob of settings.stores) {
    const spec = globStore(ws, glob);
    if (spec) specs.push(spec);
    else notices.push(`memory: the store glob ${JSON.stringify(glob)} is not a relative path or ~/…; it was ignored.`);
  }
  return { specs, notices, projectDir };
}

/** `autoMemoryDirectory` from the highest settings scope that sets it; only absolute paths or `~/…` count. */
function autoMemoryDirectory(ws: Workspace, notices: string[]): { dir: string; file: string } | undefined {
  for (const file of ws.files) {
    if (file.kind !== 'settings') continue;
    const value = (file.json?.value as Record<string, unknown> | undefined)?.autoMemoryDirectory;
    if (value === undefined) continue;
    if (typeof value === 'string' && value.startsWith('~/')) return { dir: path.join(ws.home, value.slice(2)), file: file.path };
    if (typeof value === 'string' && path.isAbsolute(value)) return { dir: path.resolve(value), file: file.path };
    notices.push(`memory: autoMemoryDirectory in ${file.path} must be an absolute path or start with ~/; Claude Code ignores it, and so does agentgov.`);
  }
  return undefined;
}

function globStore(ws: Workspace, glob: string): StoreSpec | undefined {
  const home = glob.startsWith('~/');
  const rel = home ? glob.slice(2) : glob;
  if (rel === '' || path.isAbsolute(rel) || rel.split('/').includes('..')) return undefined;
  const parts = rel.split('/');
  const firstGlob = parts.findIndex((p) => /[*?[\]{}!]/.test(p));
  const fixed = firstGlob === -1 ? parts.slice(0, -1) : parts.slice(0, firstGlob);
  const pattern = parts.slice(fixed.length).join('/');
  return { kind: 'policy-glob', name: glob, root: path.join(home ? ws.home : ws.root, ...fixed), origin: 'memory.stores in the policy', pattern, indexed: true };
}

export function storeIdOf(canonicalRoot: string): string {
  return sha256Hex(canonicalRoot).slice(0, 12);
}

export function itemIdOf(storeId: string, relPath: string): string {
  return `mem:${sha256Hex(`${storeId}\0${relPath}`).slice(0, 16)}`;
}
