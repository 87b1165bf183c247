import type { ChildProcess } from 'node:child_process';
import type { GitResult } from './git-process.js';
import { spawnGit } from './git-spawn.js';

/**
 * A `git log` started before the CLI loaded (src/cli/early-history.ts), read from the start by this module: what it
 * printed and how it ended are kept until `runGit` takes it over, so nothing is lost however early git finishes
 * (Node would drain a finished child's unread output, and a child with no output could close before anyone listens).
 */
interface EarlyLog {
  cwd: string;
  args: readonly string[];
  child: ChildProcess;
  out: Buffer[];
  err: Buffer[];
  /** How it ended (the first of a failed start and a close). */
  end?: { code: number } | { error: Error };
  /** Set once taken over. */
  onData?: (chunk: Buffer) => void;
  settle?: () => void;
}

// The early start runs from a bundle of its own (dist/cli/early-history.cjs), with its own copy of this module: the
// process is handed over through a registry every copy sees.
const EARLY_LOG = Symbol.for('agentgov.early-git-log');
const slot = globalThis as { [EARLY_LOG]?: EarlyLog };

/**
 * Starts `git log` now, for `runGit` with the same folder and arguments (and no input) to take over once the CLI has
 * loaded; returns it (undefined when another one waits already). It is stopped if none takes it over: when the
 * command starts another `git log` first, or ends.
 */
export function startEarlyLog(cwd: string, args: readonly string[]): ChildProcess | undefined {
  if (args[0] !== 'log' || slot[EARLY_LOG]) return undefined;
  const child = spawnGit(cwd, args, 'ignore');
  const early: EarlyLog = { cwd, args, child, out: [], err: [] };
  const ended = (end: NonNullable<EarlyLog['end']>) => {
    early.end ??= end;
    early.settle?.();
  };
  child.stdout.on('data', (chunk: Buffer) => {
    early.out.push(chunk);
    early.onData?.(chunk);
  });
  child.stderr.on('data', (chunk: Buffer) => early.err.push(chunk));
  child.on('error', (error) => ended({ error }));
  child.on('close', (code) => ended({ code: code ?? 1 }));
  slot[EARLY_LOG] = early;
  process.once('exit', () => {
    if (slot[EARLY_LOG] === early) child.kill();
  });
  return child;
}

/**
 * What `runGit(cwd, args, undefined, onData)` gives, from the early `git log` when it was started with the same
 * folder and arguments: `onData` sees what it printed so far, then the rest as it comes. Undefined when there is no
 * such process; one started otherwise is stopped (nothing will take it over).
 */
export function takeEarlyLog(cwd: string, args: readonly string[], onData?: (chunk: Buffer) => void): Promise<GitResult> | undefined {
  const early = slot[EARLY_LOG];
  if (!early || args[0] !== 'log') return undefined;
  delete slot[EARLY_LOG];
  if (early.cwd !== cwd || early.args.length !== args.length || early.args.some((a, i) => a !== args[i])) {
    early.child.kill();
    return undefined;
  }
  return new Promise((resolve, reject) => {
    early.settle = () => {
      const end = early.end;
      if (end === undefined) return;
      if ('error' in end) reject(end.error);
      else resolve({ code: end.code, stdout: Buffer.concat(early.out), stderr: Buffer.concat(early.err).toString('utf8') });
    };
    // As a process just started would: its output comes after this call has returned.
    process.nextTick(() => {
      for (const chunk of early.out) onData?.(chunk);
      early.onData = onData;
      early.settle?.();
    });
  });
}
