import { randomBytes } from 'node:crypto';
import { constants as fsConstants, promises as fsp } from 'node:fs';
import { OPEN_FLAGS } from './read-worker-protocol.js';
import path from 'node:path';
import { sha256Hex } from '../workspace/hash.js';

/** Why a memory command refused or failed, for callers and tests; the message says it to the user. */
export type MemoryErrorCode =
  | 'session' // a Claude Code session of the project looks active
  | 'consolidating' // Claude Code is consolidating the auto memory
  | 'busy' // a file of the store changed within memory.safety.quietMinutes
  | 'fraction' // the plan archives more than memory.safety.maxArchiveFraction
  | 'store-changed' // the store, an item or its index is not what the plan recorded
  | 'locked' // another agentgov memory command holds the lock
  | 'rolled-back' // a step failed and every step before it was undone
  | 'restored-already'
  | 'occupied' // restore would overwrite a different file
  | 'archive-changed' // the archived copy is missing or changed
  | 'not-found'
  | 'ambiguous-id'
  | 'outside-store' // a path that would leave the store
  | 'invalid-plan'
  | 'file-changed' // a file to move is not what the plan recorded
  | 'exists' // the destination exists
  | 'copy-mismatch'; // the copy's bytes differ from the original's

/** Why an operation on a memory file could not be done; the message is for the user (exit 2). */
export class MemoryError extends Error {
  override readonly name = 'MemoryError';
  constructor(
    message: string,
    readonly code: MemoryErrorCode,
  ) {
    super(message);
  }
}

/** sha256 (hex) of a file's bytes, or undefined when it is missing or not a regular file. Symlinks are not followed. */
export async function fileHash(abs: string): Promise<string | undefined> {
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(abs, OPEN_FLAGS);
    const st = await handle.stat();
    if (!st.isFile()) return undefined;
    return sha256Hex(await handle.readFile());
  } catch {
    return undefined;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

export async function exists(abs: string): Promise<boolean> {
  return (await fsp.lstat(abs).catch(() => undefined)) !== undefined;
}

export async function fsyncDir(dir: string): Promise<void> {
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(dir, fsConstants.O_RDONLY);
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on directories; the rename is still atomic.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/**
 * Moves a file without ever overwriting or losing it: a hard link to the target (fails if the target exists), then
 * unlink of the source; across filesystems a copy to a temp file that is fsynced, given the source's mtime, checked
 * against `sha256` and renamed into place before the source is unlinked. At every instant the file exists at the
 * source, the target or both, byte-identical. The target's hash is verified before the source goes.
 */
export async function moveFile(from: string, to: string, sha256: string): Promise<void> {
  if ((await fileHash(from)) !== sha256) throw new MemoryError(`${from} changed or is gone (its content is not what the plan recorded); nothing was moved`, 'file-changed');
  if (await exists(to)) throw new MemoryError(`${to} already exists; refusing to overwrite it`, 'exists');
  await fsp.mkdir(path.dirname(to), { recursive: true });
  try {
    await fsp.link(from, to);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new MemoryError(`${to} already exists; refusing to overwrite it`, 'exists');
    await copyInto(from, to, sha256);
  }
  await fsyncDir(path.dirname(to));
  if ((await fileHash(to)) !== sha256) {
    throw new MemoryError(`the copy at ${to} does not match ${from}; the original was left in place`, 'copy-mismatch');
  }
  await fsp.unlink(from);
  await fsyncDir(path.dirname(from));
}

async function copyInto(from: string, to: string, sha256: string): Promise<void> {
  const temp = path.join(path.dirname(to), `.${path.basename(to)}.agentgov-${randomBytes(4).toString('hex')}.tmp`);
  try {
    await fsp.copyFile(from, temp, fsConstants.COPYFILE_EXCL);
    const handle = await fsp.open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    const st = await fsp.stat(from);
    await fsp.utimes(temp, st.atime, st.mtime);
    if ((await fileHash(temp)) !== sha256) throw new MemoryError(`copying ${from} gave different bytes; nothing was moved`, 'copy-mismatch');
    if (await exists(to)) throw new MemoryError(`${to} already exists; refusing to overwrite it`, 'exists');
    await fsp.rename(temp, to);
  } finally {
    await fsp.rm(temp, { force: true });
  }
}

/**
 * Replaces a file's bytes atomically (temp file in the same folder, fsync, rename) and keeps its mtime: agentgov's
 * edits to `MEMORY.md` are removals of lines for archived items, and must not look like a fresh write by the agent.
 */
export async function rewritePreservingMtime(abs: string, bytes: Buffer | string): Promise<void> {
  const st = await fsp.stat(abs);
  const temp = path.join(path.dirname(abs), `.${path.basename(abs)}.agentgov-${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeSynced(temp, bytes, st.mode & 0o777);
    await fsp.utimes(temp, st.atime, st.mtime);
    await fsp.rename(temp, abs);
    await fsyncDir(path.dirname(abs));
  } finally {
    await fsp.rm(temp, { force: true });
  }
}

/** Writes a new file with fsync (for archive copies of the index); fails if it exists. */
export async function writeNewFile(abs: string, bytes: Buffer | string): Promise<void> {
  await fsp.mkdir(path.dirname(abs), { recursive: true });
  await writeSynced(abs, bytes, 0o600);
  await fsyncDir(path.dirname(abs));
}

/** Creates `abs` (failing if it exists) and fsyncs its bytes before returning. */
async function writeSynced(abs: string, bytes: Buffer | string, mode: number): Promise<void> {
  const handle = await fsp.open(abs, 'wx', mode);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Whether `rel` is a plain relative path that stays inside its base (no `..`, not absolute, no NUL). */
export function isContainedRelPath(rel: string): boolean {
  if (rel === '' || rel.includes('\0') || path.isAbsolute(rel) || path.win32.isAbsolute(rel)) return false;
  return rel.split(/[\\/]/).every((seg) => seg !== '..' && seg !== '');
}
