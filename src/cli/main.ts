import os from 'node:os';
import { runCli } from './program.js';
import { tuneForShortRun } from './short-run.js';

/** Entry point of bin/agentgov.js: real process streams and environment. */
export async function main(argv: readonly string[]): Promise<number> {
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
