import { minimatch } from 'minimatch';
import { specForRootPath } from './claude/discover.js';
import { JSON_KINDS, maxBytesFor, type SourceSpec } from './claude/sources.js';
import type { History } from './git-history.js';
import { readConfigHistory, type ConfigHistoryRead, type ParsedBlob } from './history-read.js';
import { jsonValueOf } from './blob-json.js';
import type { FileKind, Scope, Workspace } from './types.js';
import { compareKeys } from '../text-order.js';

/** The configuration's history: every commit touching it, and the workspace as it was after each one. */
export { readConfigHistory, type ConfigHistoryRead };

export interface ConfigHistory {
  history: History;
  /** The working tree as it is now. */
  current: Workspace;
  /** Every path git held (among the configuration paths) after commit `i`, including files agentgov does not parse. */
  pathsAfter(i: number): string[];
  /** Project files agentgov reads after commit `i` (ignored paths left out): path → blob id, sorted by path. */
  treeAfter(i: number): ReadonlyMap<string, string>;
  /**
   * A JSON file of that tree as Claude Code reads it — the value only, no positions — memoised per blob: what
   * replaying thousands of states needs. Undefined for files that are not JSON kinds or not agent configuration.
   */
  jsonAt(path: string, blob: string): JsonBlob | undefined;
}

export interface JsonBlob {
  path: string;
  scope: Scope;
  kind: FileKind;
  /** The parsed value; undefined when the blob is not strict JSON, too large, binary or missing. */
  value: unknown;
}

/** Whether agentgov reads a path of the tree (a file it knows, not ignored), memoised: the same few paths recur in every state. */
export function readablePaths(ignore: readonly string[]): (rel: string) => boolean {
  const known = new Map<string, boolean>();
  return (rel) => {
    let yes = known.get(rel);
    if (yes === undefined) known.set(rel, (yes = specForRootPath(rel) !== undefined && !ignore.some((glob) => minimatch(rel, glob, { dot: true }))));
    return yes;
  };
}

/** The source spec of a path of the tree when it is a JSON kind of agent configuration (specForRootPath is memoised). */
function jsonSpecOf(rel: string): SourceSpec | undefined {
  const spec = specForRootPath(rel);
  return spec !== undefined && JSON_KINDS.has(spec.kind) ? spec : undefined;
}

/** Whether a path of the tree is a JSON kind of agent configuration (cheap: one lookup). */
export function isJsonPath(rel: string): boolean {
  return jsonSpecOf(rel) !== undefined;
}

/** A JSON file of a tree as Claude Code reads it, from the values parsed ahead and git's objects; undefined for other files. */
export function jsonBlobOf(rel: string, blob: string, blobs: ReadonlyMap<string, Buffer>, values: ReadonlyMap<string, ParsedBlob>): JsonBlob | undefined {
  const spec = jsonSpecOf(rel);
  if (!spec) return undefined;
  const file = { path: rel, scope: spec.scope, kind: spec.kind };
  const max = maxBytesFor(spec.kind);
  const parsed = values.get(blob);
  if (parsed) return { ...file, value: parsed.size > max ? undefined : parsed.value };
  const bytes = blobs.get(blob);
  return { ...file, value: bytes === undefined || bytes.length > max ? undefined : jsonValueOf(bytes) };
}

/** The readable entries of a tree (path → blob id), sorted by path. */
export function readableTree(tree: Iterable<[string, string]>, isReadable: (rel: string) => boolean): ReadonlyMap<string, string> {
  const entries: [string, string][] = [];
  for (const entry of tree) if (isReadable(entry[0])) entries.push(entry);
  return new Map(entries.sort(compareKeys));
}

/** Parsed JSON blobs kept at once: a few states' worth of files (values are large; history has thousands). */
const JSON_CACHE_SIZE = 32;

/**
 * `jsonBlobOf`, memoised per path and blob: the files parsed ahead (whose values are kept anyway) for good, the rest
 * in a small LRU (a replay moves through versions, so old ones fall out and their values can be collected).
 */
export function jsonFiles(blobs: ReadonlyMap<string, Buffer>, values: ReadonlyMap<string, ParsedBlob>): (rel: string, blob: string) => JsonBlob | undefined {
  const parsedAhead = new Map<string, Map<string, JsonBlob | undefined>>();
  const recent = new Map<string, JsonBlob | undefined>();
  return (rel, blob) => {
    // CLAUDE.md is in every state and never JSON: not worth a key and a turn through the LRU each time.
    if (!isJsonPath(rel)) return undefined;
    if (values.has(blob)) {
      let byBlob = parsedAhead.get(rel);
      if (!byBlob) parsedAhead.set(rel, (byBlob = new Map()));
      let out = byBlob.get(blob);
      if (out === undefined && !byBlob.has(blob)) byBlob.set(blob, (out = jsonBlobOf(rel, blob, blobs, values)));
      return out;
    }
    const key = `${rel}\0${blob}`;
    if (recent.has(key)) {
      // Most recently used last.
      const hit = recent.get(key);
      recent.delete(key);
      recent.set(key, hit);
      return hit;
    }
    if (recent.size >= JSON_CACHE_SIZE) recent.delete(recent.keys().next().value as string);
    const out = jsonBlobOf(rel, blob, blobs, values);
    recent.set(key, out);
    return out;
  };
}

/** How many states before the last are worked out one by one before all of them are kept. */
const STATES_ALONE = 8;

/**
 * Replays what git gave: each state is the previous one with the commit's changes applied, so no commit needs a
 * process of its own.
 */
export async function loadConfigHistory(current: Workspace, options: { until?: string; ignore?: readonly string[]; read?: Promise<ConfigHistoryRead> } = {}): Promise<ConfigHistory> {
  const { history, blobs, values } = await (options.read ?? readConfigHistory(current.root, options.until ? { until: options.until } : {}));
  const isReadable = readablePaths(options.ignore ?? []);
  const n = history.commits.length;
  // Every state is built only when many states before the last are asked for (a replay made while reading needs none).
  let trees: Map<string, string>[] | undefined;
  let last: Map<string, string> | undefined;
  /** The states after each of the first `count` commits (`keep`), or only the last of them. */
  const statesFrom = (keep: boolean, count: number) => {
    const out: Map<string, string>[] = [];
    let tree = new Map<string, string>();
    for (let i = 0; i < count; i++) {
      const commit = history.commits[i]!;
      if (keep) tree = new Map(tree);
      for (const change of commit.changes) {
        if (change.oldPath) tree.delete(change.oldPath);
        if (change.newBlob === null) tree.delete(change.path);
        else tree.set(change.path, change.newBlob);
      }
      if (keep) out.push(tree);
    }
    return { out, tree };
  };
  let alone = 0;
  const stateAfter = (i: number): Map<string, string> => {
    if (i < 0 || i >= n) return new Map<string, string>();
    if (trees) return trees[i]!;
    if (i === n - 1) return (last ??= statesFrom(false, n).tree);
    // A few states are worked out alone, each by one pass that copies nothing; once more are asked for, all of them.
    if (++alone <= STATES_ALONE) return statesFrom(false, i + 1).tree;
    trees = statesFrom(true, n).out;
    return trees[i]!;
  };
  const readable = new Map<number, ReadonlyMap<string, string>>([[-1, new Map()]]);
  /** The readable tree after commit `i`, sorted by path. */
  const readableAfter = (i: number): ReadonlyMap<string, string> => readableTree(stateAfter(i), isReadable);
  /** The same from the tree before it, when the commit only changes or removes paths (the order stays sorted). */
  const readableFrom = (previous: ReadonlyMap<string, string>, i: number): ReadonlyMap<string, string> => {
    const next = new Map(previous);
    for (const change of history.commits[i]!.changes) {
      if (change.oldPath && isReadable(change.oldPath)) next.delete(change.oldPath);
      if (!isReadable(change.path)) continue;
      if (change.newBlob === null) next.delete(change.path);
      else if (next.has(change.path)) next.set(change.path, change.newBlob);
      else return readableAfter(i);
    }
    return next;
  };
  const jsonAt = jsonFiles(blobs, values);
  return {
    history,
    current,
    pathsAfter(i) {
      return [...stateAfter(i).keys()];
    },
    treeAfter(i) {
      let t = readable.get(i);
      if (!t) {
        const previous = readable.get(i - 1);
        readable.set(i, (t = previous && i < n ? readableFrom(previous, i) : readableAfter(i)));
      }
      return t;
    },
    jsonAt,
  };
}
