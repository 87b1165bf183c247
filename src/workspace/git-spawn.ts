import { spawn, type ChildProcessByStdio, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

/**
 * Settings of the audited repository that would make git start one of its programs on a read: the fsmonitor hook
 * (run on every index read) and the gpg program (run by `log` when `log.showSignature` is set). A clone's
 * `.git/config` is input like any other file, so both are overridden on every call: nothing from the workspace runs.
 */
export const SAFE_GIT_CONFIG: readonly string[] = ['core.fsmonitor=false', 'log.showSignature=false'];
const SAFE_GIT_ARGS = SAFE_GIT_CONFIG.flatMap((setting) => ['-c', setting]);

export function spawnGit(cwd: string, args: readonly string[]): ChildProcessWithoutNullStreams;
export function spawnGit(cwd: string, args: readonly string[], stdin: 'pipe' | 'ignore'): ChildProcessByStdio<Writable | null, Readable, Readable>;
export function spawnGit(cwd: string, args: readonly string[], stdin: 'pipe' | 'ignore' = 'pipe') {
  // GIT_OPTIONAL_LOCKS=0: reading must never take the index lock a concurrent `git commit` needs.
  return spawn('git', [...SAFE_GIT_ARGS, ...args], { cwd, stdio: [stdin, 'pipe', 'pipe'], env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' } });
}
