// Deliberately light on imports: commands start reading history before they load the rest of agentgov, so that
// git walks the history while Node is still loading modules.
import { readHistory, type History } from './git-history.js';
import { BlobReader } from './git-process.js';
import type { ProgressSink } from '../progress.js';

/** What git gave: the commits and the contents of every blob they name. */
export interface ConfigHistoryRead {
  history: History;
  blobs: ReadonlyMap<string, Buffer>;
}

/**
 * Starts reading at once, with three git processes side by side (rev-parse, log, cat-file): blob ids go to cat-file
 * while the log still streams. Callers start this before loading anything else, so git works while Node does.
 */
export async function readConfigHistory(root: string, options: { until?: string; onProgress?: ProgressSink } = {}): Promise<ConfigHistoryRead> {
  const reader = new BlobReader(root);
  const history = await readHistory(root, { ...options, blobs: reader });
  // The stream already asked for these; asking again is free and keeps a parse slip from losing a blob.
  for (const c of history.commits) for (const ch of c.changes) if (ch.newBlob !== null) reader.request(ch.newBlob);
  return { history, blobs: await reader.finish() };
}

/** The revision history ends at for `--until` (a date ends the window, not the history). */
export function untilRevision(until: string | undefined): string | undefined {
  return until && !/^\d{4}-/.test(until) ? until : undefined;
}

/**
 * Starts reading the history of `root` now, for a run that will need it later; a failure surfaces where the
 * result is awaited (and is never an unhandled rejection meanwhile).
 */
export function startHistoryRead(root: string, until?: string, onProgress?: ProgressSink): Promise<ConfigHistoryRead> {
  const revision = untilRevision(until);
  const read = readConfigHistory(root, { ...(revision ? { until: revision } : {}), ...(onProgress ? { onProgress } : {}) });
  read.catch(() => undefined);
  return read;
}
