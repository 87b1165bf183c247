import os from 'node:os';
import { runCli } from '../../src/cli/program.js';
import type { CliIo } from '../../src/cli/io.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output; `env` replaces the real environment entirely, `homedir` the user's home. */
export async function cli(argv: string[], options: { cwd?: string; env?: Record<string, string>; tty?: boolean; homedir?: string } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    stdoutIsTTY: options.tty ?? false,
    homedir: options.homedir ?? os.homedir(),
    platform: 'linux',
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}
