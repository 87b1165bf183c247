import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Writes a file atomically: a temp file in the same folder, fsync, then rename over the target. A target that exists
 * and is not a regular file (`/dev/null`, a FIFO, a terminal) is written to directly: renaming over it would replace it.
 */
export async function writeFileAtomic(absPath: string, text: string): Promise<void> {
  const existing = await fsp.stat(absPath).catch(() => undefined);
  if (existing && !existing.isFile()) {
    if (existing.isDirectory()) throw Object.assign(new Error(`${absPath} is a directory`), { code: 'EISDIR' });
    await fsp.writeFile(absPath, text, 'utf8');
    return;
  }
  const dir = path.dirname(absPath);
  await fsp.mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(absPath)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await fsp.open(temp, 'wx', 0o644);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fsp.rename(temp, absPath);
  } catch (error) {
    await fsp.rm(temp, { force: true });
    throw error;
  }
}

/** Creates a file only if it does not exist yet; resolves false when it already does. */
export async function writeFileExclusive(absPath: string, text: string): Promise<boolean> {
  await fsp.mkdir(path.dirname(absPath), { recursive: true });
  try {
    await fsp.writeFile(absPath, text, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Appends text to a file (GitHub's step summary is a file other steps append to as well). */
export async function appendFileText(absPath: string, text: string): Promise<void> {
  await fsp.appendFile(absPath, text, 'utf8');
}
