import { readBlobs, readHistory, type History } from './git-history.js';
import { outsideGit, projectFilesFromTree } from './revision-workspace.js';
import type { ConfigFile, Workspace } from './types.js';

/** The configuration's history: every commit touching it, and the workspace as it was after each one. */
export interface ConfigHistory {
  history: History;
  /** The working tree as it is now. */
  current: Workspace;
  /** The project files after commit `i` (-1: before the first commit), with today's user and managed files. */
  workspaceAfter(i: number): Workspace;
  /** Every path git held (among the configuration paths) after commit `i`, including files agentgov does not parse. */
  pathsAfter(i: number): string[];
}

/**
 * Reads history with a constant number of git processes (rev-parse, log, cat-file) and replays it: each state is the
 * previous one with the commit's changes applied, so no commit needs a process of its own.
 */
export async function loadConfigHistory(current: Workspace, options: { until?: string; ignore?: readonly string[] } = {}): Promise<ConfigHistory> {
  const history = await readHistory(current.root, options.until ? { until: options.until } : {});
  const shas = history.commits.flatMap((c) => c.changes.map((ch) => ch.newBlob).filter((b): b is string => b !== null));
  const blobs = history.repoRoot ? await readBlobs(current.root, shas) : new Map<string, Buffer>();
  const trees: Map<string, string>[] = [];
  let tree = new Map<string, string>();
  for (const commit of history.commits) {
    tree = new Map(tree);
    for (const change of commit.changes) {
      if (change.oldPath) tree.delete(change.oldPath);
      if (change.newBlob === null) tree.delete(change.path);
      else tree.set(change.path, change.newBlob);
    }
    trees.push(tree);
  }
  const outside = outsideGit(current.files);
  const cache = new Map<number, Workspace>();
  const files = new Map<string, ConfigFile>();
  return {
    history,
    current,
    workspaceAfter(i) {
      let ws = cache.get(i);
      if (!ws) {
        const state = i < 0 ? new Map<string, string>() : (trees[i] ?? new Map<string, string>());
        ws = { ...current, files: [...outside, ...projectFilesFromTree(current.root, state, blobs, options.ignore, files)] };
        cache.set(i, ws);
      }
      return ws;
    },
    pathsAfter(i) {
      return [...(i < 0 ? [] : (trees[i]?.keys() ?? []))];
    },
  };
}
