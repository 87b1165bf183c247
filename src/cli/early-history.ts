// Bundled alone as dist/cli/early-history.cjs, which bin/agentgov.js runs before it loads the CLI.
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { startEarlyLog } from '../workspace/early-git-log.js';
import { historyLogArgs } from '../workspace/history-log-args.js';

/** Commands that read the root's history as soon as they start (src/cli/commands/history.ts, audit.ts). */
const READS_HISTORY: ReadonlySet<string> = new Set(['history', 'audit']);

/**
 * Starts the `git log` that `agentgov history` and `agentgov audit` read, before the CLI loads: git walks the history
 * during the 20 ms or so that Node takes to load and start the CLI, on a core that is otherwise idle then. The CLI
 * takes the process over when it starts the same `git log` in the same folder (src/workspace/early-git-log.ts);
 * when it does not, the process is stopped, so a wrong guess here costs a little time and changes nothing else.
 *
 * Only the plain forms are recognised (the root, if any, right after the command; no `--until`): telling anything
 * else would take knowing which options take a value, which only the CLI's own parser knows. Returns the process
 * started, if any.
 */
export function startEarlyHistoryLog(argv: readonly string[], cwd: string): ChildProcess | undefined {
  const [command, root] = argv;
  if (command === undefined || !READS_HISTORY.has(command)) return undefined;
  if (root !== undefined && root.startsWith('-')) return undefined;
  if (argv.some((arg) => arg === '--until' || arg.startsWith('--until='))) return undefined;
  return startEarlyLog(path.resolve(cwd, root ?? '.'), historyLogArgs());
}
