import { sha256Hex } from '../workspace/hash.js';

/** An item's id: `mem:` + 16 hex of sha256(storeId NUL relPath), stable across edits of the file. */
export function itemIdOf(storeId: string, relPath: string): string {
  return `mem:${sha256Hex(`${storeId}\0${relPath}`).slice(0, 16)}`;
}
