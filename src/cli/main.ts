import os from 'node:os';
import { runCli } from './program.js';
import { tuneForShortRun } from './short-run.js';

/** Entry point of bin/agentgov.js: real process streams and environment. */
export async function main(argv: readonly string[]): Promise<number> {
  watchStdout();
  return runCli(argv, {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    homedir: os.homedir(),
    platform: process.platform,
    tuneForShortRun,
  });
}
export { runCli } from './program.js';

/**
 * A reader that stops early (`agentgov history | head`) closes the pipe: the rest of the output is not wanted, which
 * is no failure of the run, and the exit code still says what it found. Node reports the closed pipe as an 'error'
 * event on stdout, which unhandled ends the process with a stack trace; later writes then fail the same way. Any other
 * failure to write the output (a full disk) is an error of the run: said on stderr, exit code 2.
 */
function watchStdout(): void {
  let closedByReader = false;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') closedByReader = true;
    if (closedByReader) return;
    process.stderr.write(`agentgov: cannot write the output: ${error.message}\n`);
    process.exitCode = 2;
  });
}
