// Deliberately light on imports: commands start reading history before they load the rest of agentgov, so that
// git walks the history while Node is still loading modules.
import { readHistory, type History, type HistoryCommit } from './git-history.js';
import { BlobReader } from './git-process.js';
import type { ProgressSink } from '../progress.js';
import { handled } from '../handled.js';

/** What git gave: the commits and the contents of every blob they name. */
export interface ConfigHistoryRead {
  history: History;
  blobs: ReadonlyMap<string, Buffer>;
  /**
   * The JSON value (`jsonValueOf`) of each blob that looks like JSON, parsed as it arrived: while git still walks
   * the history, instead of after it.
   */
  values: ReadonlyMap<string, unknown>;
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
 * A history being read. `onChange` sees, while git still reads, the JSON values before and after each change of a
 * file (a value is undefined where the file is absent), as soon as both are parsed; renames are left out.
 */
export interface HistoryReading extends Promise<ConfigHistoryRead> {
  /** Calls `fn` for every change whose values are known: at once for those known already, then as each one comes. */
  onChange(fn: (path: string, before: unknown, after: unknown) => void): void;
}

interface Pair {
  path: string;
  before: string | null;
  after: string | null;
}

function startReading(root: string, options: { until?: string; onProgress?: ProgressSink }): HistoryReading {
  const reader = new BlobReader(root);
  const values = new Map<string, unknown>();
  // Changes waiting for a value, by the blob they wait for; changes whose values are both known.
  const waiting = new Map<string, Pair[]>();
  const known: Pair[] = [];
  const listeners: ((path: string, before: unknown, after: unknown) => void)[] = [];
  const ready = (pair: Pair) => {
    known.push(pair);
    const before = pair.before === null ? undefined : values.get(pair.before);
    const after = pair.after === null ? undefined : values.get(pair.after);
    for (const fn of listeners) fn(pair.path, before, after);
  };
  const check = (pair: Pair) => {
    const missing = pair.before !== null && !values.has(pair.before) ? pair.before : pair.after !== null && !values.has(pair.after) ? pair.after : undefined;
    if (missing === undefined) ready(pair);
    else {
      const list = waiting.get(missing);
      if (list) list.push(pair);
      else waiting.set(missing, [pair]);
    }
  };
  // Each blob's file, and the version of each file parsed last: blobs come newest first, so that is the version
  // after it, whose strings it mostly repeats (sharedJsonValueOf).
  const pathOf = new Map<string, string>();
  const lastOf = new Map<string, unknown>();
  const onCommit = (commit: HistoryCommit) => {
    for (const ch of commit.changes) {
      if (ch.newBlob !== null) pathOf.set(ch.newBlob, ch.path);
      if (ch.oldPath === undefined) check({ path: ch.path, before: ch.oldBlob, after: ch.newBlob });
    }
  };
  const parsed = (sha: string, value: unknown) => {
    values.set(sha, value);
    const pairs = waiting.get(sha);
    if (!pairs) return;
    waiting.delete(sha);
    for (const pair of pairs) check(pair);
  };
  let parse: ((bytes: Uint8Array, like?: unknown) => unknown) | undefined;
  const unparsed: [string, Buffer][] = [];
  /** Parses a blob once the parser is loaded. */
  const parseBlob = (sha: string, bytes: Buffer) => {
    const path = pathOf.get(sha);
    const value = parse!(bytes, path === undefined ? undefined : lastOf.get(path));
    if (path !== undefined) lastOf.set(path, value);
    parsed(sha, value);
  };
  reader.onObject = (sha, bytes) => {
    if (bytes.length > PARSE_AHEAD_MAX_BYTES || !looksLikeJson(bytes)) return;
    if (parse) parseBlob(sha, bytes);
    else unparsed.push([sha, bytes]);
  };
  // The parser loads once git runs (it pulls in the JSON modules, which git need not wait for).
  const parser = import('./blob-json.js').then(({ sharedJsonValueOf }) => {
    parse = sharedJsonValueOf;
    for (const [sha, bytes] of unparsed.splice(0)) parseBlob(sha, bytes);
  });
  let done = false;
  const read = (async (): Promise<ConfigHistoryRead> => {
    try {
      const history = await readHistory(root, { ...options, blobs: reader, onCommit });
      // The stream already asked for these; asking again is free and keeps a parse slip from losing a blob.
      for (const c of history.commits) for (const ch of c.changes) if (ch.newBlob !== null) reader.request(ch.newBlob);
      const blobs = await reader.finish();
      await parser;
      return { history, blobs, values };
    } finally {
      done = true;
      listeners.length = 0;
      waiting.clear();
    }
  })();
  return Object.assign(read, {
    onChange(fn: (path: string, before: unknown, after: unknown) => void) {
      if (done) return;
      for (const pair of known) fn(pair.path, pair.before === null ? undefined : values.get(pair.before), pair.after === null ? undefined : values.get(pair.after));
      listeners.push(fn);
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
