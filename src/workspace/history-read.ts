// Deliberately light on imports: commands start reading history before they load the rest of agentgov, so that
// git walks the history while Node is still loading modules.
import { authorDateOf, readHistory, type History, type HistoryCommit } from './git-history.js';
import { BlobReader } from './git-process.js';
import type { ProgressSink } from '../progress.js';
import { handled } from '../handled.js';

/** What git gave: the commits and every JSON blob they name (`readsContents`), as bytes or as parsed values. */
export interface ConfigHistoryRead {
  history: History;
  /** The contents of the blobs that were not parsed ahead (`values` has the others). */
  blobs: ReadonlyMap<string, Buffer>;
  /**
   * Each blob that looks like JSON, parsed as it arrived: while git still walks the history, instead of after it.
   * Its bytes are not kept: thousands of versions of a settings file are read, and their values are what is used.
   */
  values: ReadonlyMap<string, ParsedBlob>;
}

/** A blob parsed ahead: its JSON value (`jsonValueOf`) and its size in bytes. */
export interface ParsedBlob {
  value: unknown;
  size: number;
}

/**
 * Whether the contents of a file's versions are read: history parses JSON kinds of configuration only (jsonBlobOf),
 * and every one of them is named `*.json` (test/workspace/claude-sources.test.ts holds the catalog to that), so
 * the versions of CLAUDE.md, commands, agents and skills are never sent through git.
 */
export function readsContents(path: string): boolean {
  return path.endsWith('.json');
}

/** Blobs larger than this are parsed when asked for, not ahead (history files are small; a huge one may not be read). */
const PARSE_AHEAD_MAX_BYTES = 1024 * 1024;

/**
 * Starts reading at once, with three git processes side by side (rev-parse, log, cat-file): blob ids go to cat-file
 * while the log still streams, and contents are parsed as they come. Callers start this before loading anything
 * else, so git works while Node does.
 */
export function readConfigHistory(root: string, options: { until?: string; onProgress?: ProgressSink } = {}): HistoryReading {
  return startReading(root, options);
}

/**
 * A history being read. `follow` sees it as git gives it: the tree after the newest commit, then the commits newest
 * first and the objects they name, each object once its JSON value is parsed (when it is parsed ahead).
 */
export interface HistoryReading extends Promise<ConfigHistoryRead> {
  /**
   * Tells `follower` what came already, then what comes, until the read ends; returns where the values parsed ahead
   * are, by object id (an object has its value there by the time `follower` sees it).
   */
  follow(follower: HistoryFollower): ReadonlyMap<string, ParsedBlob>;
  /**
   * The author date of a revision, asked of the git process that reads contents (one process fewer than
   * `revisionDate`); undefined when that process cannot answer (the read is over, or git has no such commit).
   */
  revisionDate(ref: string): Promise<Date | undefined>;
}

export interface HistoryFollower {
  /** The tree of configuration paths after the newest commit (path → object id); not called for an empty history. */
  tip(tree: ReadonlyMap<string, string>): void;
  /** A commit, newest first. */
  commit(commit: HistoryCommit): void;
  /** An object has come: its contents, or undefined when it was parsed ahead (its value is in the map `follow` returned). */
  object(sha: string, bytes: Buffer | undefined): void;
}

function startReading(root: string, options: { until?: string; onProgress?: ProgressSink }): HistoryReading {
  const reader = new BlobReader(root);
  const values = new Map<string, ParsedBlob>();
  const followers: HistoryFollower[] = [];
  const commits: HistoryCommit[] = [];
  const objects: [string, Buffer | undefined][] = [];
  let tip: ReadonlyMap<string, string> | undefined;
  // Each blob's file, and the version of each file parsed last: blobs come newest first, so that is the version
  // after it, whose strings it mostly repeats (sharedJsonValueOf).
  const pathOf = new Map<string, string>();
  const lastOf = new Map<string, unknown>();
  const onCommit = (commit: HistoryCommit) => {
    // Indexed loops: two thousand commits come before V8 optimizes this (for-of allocates until then).
    for (let k = 0; k < commit.changes.length; k++) {
      const ch = commit.changes[k]!;
      if (ch.newBlob !== null) pathOf.set(ch.newBlob, ch.path);
      if (ch.oldBlob !== null && !pathOf.has(ch.oldBlob)) pathOf.set(ch.oldBlob, ch.oldPath ?? ch.path);
    }
    commits.push(commit);
    for (let k = 0; k < followers.length; k++) followers[k]!.commit(commit);
  };
  const onTip = (tree: ReadonlyMap<string, string>) => {
    tip = tree;
    for (const f of followers) f.tip(tree);
  };
  const arrived = (sha: string, bytes: Buffer | undefined) => {
    objects.push([sha, bytes]);
    for (let k = 0; k < followers.length; k++) followers[k]!.object(sha, bytes);
  };
  let parse: ((bytes: Uint8Array, like?: unknown) => unknown) | undefined;
  const unparsed: [string, Buffer][] = [];
  /** Parses a blob once the parser is loaded; its bytes are let go. */
  const parseBlob = (sha: string, bytes: Buffer) => {
    const path = pathOf.get(sha);
    const value = parse!(bytes, path === undefined ? undefined : lastOf.get(path));
    if (path !== undefined) lastOf.set(path, value);
    values.set(sha, { value, size: bytes.length });
    arrived(sha, undefined);
  };
  reader.onObject = (sha, bytes) => {
    if (bytes.length > PARSE_AHEAD_MAX_BYTES || !looksLikeJson(bytes)) {
      arrived(sha, bytes);
      return false;
    }
    if (parse) parseBlob(sha, bytes);
    else unparsed.push([sha, bytes]);
    return true;
  };
  // The parser loads once git runs (it pulls in the JSON modules, which git need not wait for).
  const parser = import('./blob-json.js').then(({ sharedJsonValueOf }) => {
    parse = sharedJsonValueOf;
    for (const [sha, bytes] of unparsed.splice(0)) parseBlob(sha, bytes);
  });
  let done = false;
  const read = (async (): Promise<ConfigHistoryRead> => {
    try {
      const history = await readHistory(root, { ...options, blobs: reader, oldBlobs: true, wants: readsContents, onCommit, onTip });
      // The stream already asked for these; asking again is free and keeps a parse slip from losing a blob.
      for (const c of history.commits) for (const ch of c.changes) if (ch.newBlob !== null && readsContents(ch.path)) reader.request(ch.newBlob);
      const blobs = await reader.finish();
      await parser;
      return { history, blobs, values };
    } finally {
      done = true;
      followers.length = 0;
      // A read that failed ends git's input too, so that names looked up meanwhile get their answer (after a read that
      // succeeded, this is the same finish).
      void reader.finish();
    }
  })();
  return Object.assign(read, {
    follow(follower: HistoryFollower) {
      if (done) return values;
      if (tip) follower.tip(tip);
      for (const c of commits) follower.commit(c);
      for (const [sha, bytes] of objects) follower.object(sha, bytes);
      followers.push(follower);
      return values;
    },
    async revisionDate(ref: string) {
      const commit = await reader.lookup(`${ref}^{commit}`);
      return commit && authorDateOf(commit);
    },
  });
}

/** Whether bytes start like a JSON object or array (after white space or a BOM): worth parsing ahead. */
function looksLikeJson(bytes: Buffer): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09) i++;
  return bytes[i] === 0x7b || bytes[i] === 0x5b;
}

/** The revision history ends at for `--until` (a date ends the window, not the history). */
export function untilRevision(until: string | undefined): string | undefined {
  return until && !/^\d{4}-/.test(until) ? until : undefined;
}

/**
 * Starts reading the history of `root` now, for a run that will need it later; a failure surfaces where the
 * result is awaited (and is never an unhandled rejection meanwhile).
 */
export function startHistoryRead(root: string, until?: string, onProgress?: ProgressSink): HistoryReading {
  const revision = untilRevision(until);
  return handled(startReading(root, { ...(revision ? { until: revision } : {}), ...(onProgress ? { onProgress } : {}) }));
}
