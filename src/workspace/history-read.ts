// Deliberately light on imports: commands start reading history before they load the rest of agentgov, so that
// git walks the history while Node is still loading modules.
import { readHistory, type History } from './git-history.js';
import { BlobReader } from './git-process.js';

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
export function readConfigHistory(root: string, options: { until?: string } = {}): Promise<ConfigHistoryRead> {
  return startReading(root, options);
}

/** A history being read; `onValue` sees the JSON values as they are parsed, while git still reads. */
export interface HistoryReading extends Promise<ConfigHistoryRead> {
  /** Calls `fn` with every JSON value parsed ahead: at once for those parsed already, then as each one comes. */
  onValue(fn: (value: unknown) => void): void;
}

function startReading(root: string, options: { until?: string }): HistoryReading {
  const reader = new BlobReader(root);
  const values = new Map<string, unknown>();
  const listeners: ((value: unknown) => void)[] = [];
  const parsed = (sha: string, value: unknown) => {
    values.set(sha, value);
    for (const fn of listeners) fn(value);
  };
  let parse: ((bytes: Uint8Array) => unknown) | undefined;
  const waiting: [string, Buffer][] = [];
  reader.onObject = (sha, bytes) => {
    if (bytes.length > PARSE_AHEAD_MAX_BYTES || !looksLikeJson(bytes)) return;
    if (parse) parsed(sha, parse(bytes));
    else waiting.push([sha, bytes]);
  };
  // The parser loads once git runs (it pulls in the JSON modules, which git need not wait for).
  const parser = import('./blob-json.js').then(({ sharedJsonValueOf }) => {
    parse = sharedJsonValueOf;
    for (const [sha, bytes] of waiting.splice(0)) parsed(sha, sharedJsonValueOf(bytes));
  });
  const read = (async (): Promise<ConfigHistoryRead> => {
    const history = await readHistory(root, { ...options, blobs: reader });
    // The stream already asked for these; asking again is free and keeps a parse slip from losing a blob.
    for (const c of history.commits) for (const ch of c.changes) if (ch.newBlob !== null) reader.request(ch.newBlob);
    const blobs = await reader.finish();
    await parser;
    listeners.length = 0;
    return { history, blobs, values };
  })();
  let done = false;
  void read.then(
    () => (done = true),
    () => (done = true),
  );
  return Object.assign(read, {
    onValue(fn: (value: unknown) => void) {
      if (done) return;
      for (const value of values.values()) fn(value);
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
export function startHistoryRead(root: string, until?: string): HistoryReading {
  const revision = untilRevision(until);
  const read = startReading(root, revision ? { until: revision } : {});
  read.catch(() => undefined);
  return read;
}
