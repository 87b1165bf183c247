import type { ClaudeBehaviour } from '../../policies/permission-rules/claude-version.js';
import { isJsonPath, jsonFiles, readablePaths, readableTree, type ConfigHistory, type JsonBlob } from '../../workspace/config-history.js';
import type { HistoryCommit } from '../../workspace/git-history.js';
import type { HistoryReading, ParsedBlob } from '../../workspace/history-read.js';
import type { Workspace } from '../../workspace/types.js';
import { compareKeys } from '../../text-order.js';
import { BackwardReplay, type Tree } from './backward-replay.js';
import { keepReplay } from './replay.js';
import { monotonicMs } from '../../clock.js';

/** How long one slice of replaying may hold the event loop, which also carries git's output. */
const SLICE_MS = 4;

/**
 * Replays a history while git still reads it: git gives the newest commit first, and the replay goes back from the
 * newest state, so each commit is replayed as soon as its objects have come, in slices of the event loop. `done`
 * finishes with the history as read; the replay is kept for it only when it went through exactly the states that
 * history has (the same commits, the same last tree, nothing left at the start), else the replay is left to be
 * computed from the history itself (`done` says which).
 */
export function replayWhileReading(reading: HistoryReading, ws: Workspace, behaviour: ClaudeBehaviour, ignore: readonly string[]): { done(config: ConfigHistory): boolean; stop(): void } {
  const isReadable = readablePaths(ignore);
  const commits: HistoryCommit[] = [];
  /** The contents of the objects that came unparsed (those parsed ahead are in `parsed`). */
  const bytes = new Map<string, Buffer>();
  let tip: ReadonlyMap<string, string> | undefined;
  let replay: BackwardReplay | undefined;
  let unusual = false;
  let stopped = false;
  let failed = false;
  let scheduled = false;

  // Set once `follow` has told where the values parsed ahead are (nothing is replayed before).
  let parsed: ReadonlyMap<string, ParsedBlob> = new Map();
  let jsonAt: (path: string, blob: string) => JsonBlob | undefined = () => undefined;
  /** Whether an object has come: its value is parsed before followers are told of it, its bytes kept when it is not. */
  const came = (sha: string) => parsed.has(sha) || bytes.has(sha);
  /** Whether the replay reads a path's versions: a readable JSON file (both tests are memoised). */
  const isJsonRead = (path: string) => isReadable(path) && isJsonPath(path);
  /** Per commit (newest first): the objects its step reads, which must have come (a missing one never comes: see `done`). */
  const needs: string[][] = [];
  const needsOf = (commit: HistoryCommit) => {
    const out: string[] = [];
    for (let k = 0; k < commit.changes.length; k++) {
      const ch = commit.changes[k]!;
      if (ch.newBlob !== null && isJsonRead(ch.path)) out.push(ch.newBlob);
      if (ch.oldBlob !== null && isJsonRead(ch.oldPath ?? ch.path)) out.push(ch.oldBlob);
    }
    return out;
  };
  const arrived = (objects: readonly string[]) => {
    for (let k = 0; k < objects.length; k++) if (!came(objects[k]!)) return false;
    return true;
  };
  /** The readable tree before a commit, from the one after it (sorted again only when a path comes back). */
  const before = (after: Tree, commit: HistoryCommit): Tree => {
    const tree = new Map(after);
    let sorted = true;
    for (let k = commit.changes.length - 1; k >= 0; k--) {
      const ch = commit.changes[k]!;
      const old = ch.oldPath ?? ch.path;
      if (ch.oldPath !== undefined && isReadable(ch.path)) tree.delete(ch.path);
      if (!isReadable(old)) continue;
      if (ch.oldBlob === null) tree.delete(old);
      else {
        if (!tree.has(old)) sorted = false;
        tree.set(old, ch.oldBlob);
      }
    }
    return sorted ? tree : new Map([...tree].sort(compareKeys));
  };

  /** Replays what can be replayed now (everything, when `all`: the read is over and nothing more will come). */
  const advance = (all: boolean, until = Infinity) => {
    if (!tip || unusual) return;
    if (!replay) {
      if (!all) for (const [path, blob] of tip) if (isJsonRead(path) && !came(blob)) return;
      replay = new BackwardReplay(ws, behaviour, jsonAt, readableTree(tip, isReadable));
    }
    while (replay.steps < commits.length && monotonicMs() < until) {
      const commit = commits[replay.steps]!;
      if (!all && !arrived(needs[replay.steps]!)) return;
      replay.step(commit, before(replay.tree, commit));
    }
  };
  const drain = () => {
    scheduled = false;
    if (stopped) return;
    try {
      advance(false, monotonicMs() + SLICE_MS);
    } catch {
      // Not from a callback of the event loop: the replay is computed from the history instead, where an error
      // reaches the command like any other.
      failed = true;
      stopped = true;
      return;
    }
    // Still ready: the slice ran out; else an object is awaited, and its arrival schedules the next slice.
    if (replay && replay.steps < commits.length && !stopped && arrived(needs[replay.steps]!)) schedule();
  };
  function schedule() {
    if (scheduled || stopped) return;
    scheduled = true;
    setImmediate(drain);
  }

  // Last: what came already is told at once, and schedules the first slice.
  parsed = reading.follow({
    tip(t) {
      tip = t;
      schedule();
    },
    commit(commit) {
      commits.push(commit);
      needs.push(needsOf(commit));
      // A copy keeps its source, which the history's trees do not (git log shows no copies without -C).
      if (commit.changes.some((ch) => ch.status === 'C')) unusual = true;
      schedule();
    },
    object(sha, contents) {
      if (contents) bytes.set(sha, contents);
      schedule();
    },
  });
  jsonAt = jsonFiles(bytes, parsed);
  return {
    done(config) {
      stopped = true;
      if (failed) return false;
      advance(true);
      const n = config.history.commits.length;
      if (!replay || replay.steps !== n) return false;
      for (let k = 0; k < n; k++) if (commits[k]!.sha !== config.history.commits[n - 1 - k]!.sha) return false;
      if (!sameTree(readableTree(tip!, isReadable), config.treeAfter(n - 1)) || !sameTree(replay.tree, config.treeAfter(-1))) return false;
      keepReplay(config, behaviour, replay.finish());
      return true;
    },
    stop() {
      stopped = true;
    },
  };
}

function sameTree(a: Tree, b: Tree): boolean {
  if (a.size !== b.size) return false;
  const theirs = b.entries();
  for (const [path, blob] of a) {
    const next = theirs.next().value as [string, string];
    if (next[0] !== path || next[1] !== blob) return false;
  }
  return true;
}
