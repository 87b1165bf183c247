import type { MessagePort } from 'node:worker_threads';
import type { ParsedItem } from './parse-fields.js';

// What the memory read worker (read-worker.ts) and the main thread (parallel-read.ts) say to each other.

/** What the worker starts with (workerData). */
export interface ReadWorkerData {
  root: string;
  storeId: string;
  /** The store's index file (`MEMORY.md`) when the store has one: left to the main thread. */
  indexFile: string | undefined;
  claims: SharedArrayBuffer;
  chunk: number;
  port: MessagePort;
}

/** A chunk as the worker sends it: per file a tag, then the tag's fields (see {@link encodeItem}). */
export interface ReadChunk {
  start: number;
  end: number;
  out: unknown[];
}

export const ITEM = 0;
export const SKIPPED = 1;
export const LEFT = 2;

/** The fields of a file read as an item, after its tag; {@link decodeItem} reads them back in the same order. */
export function encodeItem(out: unknown[], id: string, sha256: string, bytes: number, p: ParsedItem, mtimeMs: number | undefined): void {
  out.push(ITEM, id, sha256, bytes, p.type, p.declaredType, p.name, p.description, p.shape, p.modified, p.modifiedMs, p.expires, p.invalidExpires, mtimeMs);
}

export interface DecodedItem {
  id: string;
  sha256: string;
  bytes: number;
  parsed: ParsedItem;
  /** Set when the frontmatter has no `modified:` (the item may be dated by its mtime). */
  mtimeMs: number | undefined;
}

/** One {@link DecodedItem} to decode every item into (its fields are copied out before the next is decoded). */
export function decodedItem(): DecodedItem {
  return { id: '', sha256: '', bytes: 0, parsed: { type: 'unknown', shape: 'none', bodyOffset: 0 }, mtimeMs: undefined };
}

/** Decodes the item whose fields start at `out[at]` (after its tag) into `into`; returns where the next file's tag is. */
export function decodeItem(out: unknown[], at: number, into: DecodedItem): number {
  const p = into.parsed as { -readonly [K in keyof ParsedItem]: unknown };
  into.id = out[at] as string;
  into.sha256 = out[at + 1] as string;
  into.bytes = out[at + 2] as number;
  p.type = out[at + 3];
  p.declaredType = out[at + 4];
  p.name = out[at + 5];
  p.description = out[at + 6];
  p.shape = out[at + 7];
  p.modified = out[at + 8];
  p.modifiedMs = out[at + 9];
  p.expires = out[at + 10];
  p.invalidExpires = out[at + 11];
  into.mtimeMs = out[at + 12] as number | undefined;
  return at + 13;
}
