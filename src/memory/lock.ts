import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFileExclusive } from '../workspace/write-file.js';
import { MemoryError } from './fs-ops.js';

/** A lock older than this is stale whoever holds it (restic's rule). */
const STALE_LOCK_MS = 30 * 60_000;

interface LockInfo {
  time: string;
  pid: number;
  hostname: string;
  username: string;
  command: string;
}

export interface HeldLock {
  file: string;
  /** Set when a stale lock was taken over. */
  tookOver?: string;
  release(): Promise<void>;
}

export function lockPath(stateDir: string): string {
  return path.join(stateDir, 'memory.lock');
}

/**
 * Takes the exclusive memory lock (`<state-dir>/memory.lock`, created with O_EXCL). A lock held by a live process
 * is refused with a clear message; a stale one (older than 30 minutes, or from a dead process on this host) is taken
 * over, and said so.
 */
export async function acquireLock(stateDir: string, command: string): Promise<HeldLock> {
  const file = lockPath(stateDir);
  const info: LockInfo = { time: new Date().toISOString(), pid: process.pid, hostname: os.hostname(), username: safeUser(), command };
  const text = `${JSON.stringify(info)}\n`;
  let tookOver: string | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    if (await writeFileExclusive(file, text)) {
      return {
        file,
        ...(tookOver ? { tookOver } : {}),
        async release() {
          const current = await fsp.readFile(file, 'utf8').catch(() => undefined);
          if (current === text) await fsp.rm(file, { force: true });
        },
      };
    }
    const holder = await readLock(file);
    const stale = staleReason(holder);
    if (!stale) {
      const who = holder ? `pid ${holder.pid} on ${holder.hostname}, \`${holder.command}\`, since ${holder.time}` : 'an unreadable lock file';
      throw new MemoryError(`another agentgov memory command is running (${who}); try again when it is done. If it is not running, remove ${file}.`, 'locked');
    }
    tookOver = `took over a stale memory lock (${stale})`;
    await fsp.rm(file, { force: true });
  }
  throw new MemoryError(`could not take the memory lock ${file}: another command took it at the same moment; try again.`, 'locked');
}

async function readLock(file: string): Promise<LockInfo | undefined> {
  try {
    const value = JSON.parse(await fsp.readFile(file, 'utf8')) as LockInfo;
    return typeof value.pid === 'number' && typeof value.time === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

function staleReason(holder: LockInfo | undefined): string | undefined {
  if (!holder) return undefined;
  const age = Date.now() - Date.parse(holder.time);
  if (!Number.isFinite(age) || age > STALE_LOCK_MS) return `pid ${holder.pid}, from ${holder.time}`;
  if (holder.hostname === os.hostname() && !isAlive(holder.pid)) return `pid ${holder.pid} is no longer running`;
  return undefined;
}

/** Whether a process with this PID runs on this host (one owned by another user counts). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function safeUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return '';
  }
}
