import { mkdtempSync, mkdirSync, writeFileSync, rmSync, symlinkSync, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { simpleGit } from 'simple-git';

export type TreeSpec = Record<string, string | Uint8Array | { symlink: string } | { dir: true }>;

const created: string[] = [];

afterEach(() => {
  while (created.length > 0) rmSync(created.pop() as string, { recursive: true, force: true });
});

/** A fresh temp directory (real path), removed after the test. */
export function tempDir(prefix = 'agentgov-'): string {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), prefix)));
  created.push(dir);
  return dir;
}

/** Writes files (strings, bytes, symlinks, empty dirs) under `dir`. */
export function writeTree(dir: string, spec: TreeSpec): string {
  for (const [rel, content] of Object.entries(spec)) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    if (typeof content === 'string' || content instanceof Uint8Array) writeFileSync(abs, content);
    else if ('symlink' in content) symlinkSync(content.symlink, abs);
    else mkdirSync(abs, { recursive: true });
  }
  return dir;
}

/** A temp project, home and managed folder, each with its own tree. */
export function makeWorkspaceDirs(spec: { project?: TreeSpec; home?: TreeSpec; managed?: TreeSpec } = {}) {
  const base = tempDir();
  const root = writeTree(path.join(base, 'project'), spec.project ?? {});
  const home = writeTree(path.join(base, 'home'), spec.home ?? {});
  const managedDir = writeTree(path.join(base, 'managed'), spec.managed ?? {});
  for (const d of [root, home, managedDir]) mkdirSync(d, { recursive: true });
  return { base, root, home, managedDir };
}

/** Makes `dir` a git repository with a fixed identity; commits `add` paths if given. */
export async function gitInit(dir: string, add: string[] = []): Promise<void> {
  const git = simpleGit({ baseDir: dir });
  await git.init();
  await git.addConfig('user.name', 'Test');
  await git.addConfig('user.email', 'test@example.com');
  await git.addConfig('commit.gpgsign', 'false');
  if (add.length > 0) {
    await git.add(add);
    await git.commit('initial', undefined, { '--date': '2026-01-01T00:00:00Z' });
  }
}

export const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** A settings file's `hooks` with one command hook on Bash tool calls. */
export const bashHooks = (command: string) => ({ PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command }] }] });
