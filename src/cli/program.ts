import { Command, CommanderError } from 'commander';
import { TOOL_VERSION } from '../version.js';
import { addCommonOptions } from './common-options.js';
import { registerAudit } from './commands/audit.js';
import { registerBaseline } from './commands/baseline.js';
import { registerHistory } from './commands/history.js';
import { registerCi } from './commands/ci.js';
import { registerCheck } from './commands/check.js';
import { registerInit } from './commands/init.js';
import { registerMemory } from './commands/memory.js';
import { registerPermissions } from './commands/permissions.js';
import { registerLock } from './commands/lock.js';
import { registerPrompts } from './commands/prompts.js';
import { registerExtensions } from './commands/extensions.js';
import { EXIT_OK, EXIT_USAGE, type CliIo } from './io.js';

type Register = (program: Command, io: CliIo, setExit: (code: number) => void) => void;

/** Each command by name, in the order `--help` lists them. */
const COMMANDS: Readonly<Record<string, Register>> = {
  audit: registerAudit,
  permissions: registerPermissions,
  init: registerInit,
  baseline: registerBaseline,
  history: registerHistory,
  ci: registerCi,
  check: registerCheck,
  lock: registerLock,
  prompts: registerPrompts,
  memory: registerMemory,
  extensions: registerExtensions,
};

/** Errors whose message is meant for the user: printed as is, exit 2. */
const USER_ERRORS = new Set(['UsageError', 'PolicyError', 'BaselineError', 'WorkspaceError', 'WindowError', 'MemoryError', 'ExportError']);

/** Runs the CLI with `argv` (without node and script) and returns the exit code. Never calls process.exit. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = EXIT_OK;
  const setExit = (code: number) => {
    exitCode = code;
  };
  const program = new Command('agentgov')
    .description('Policy and governance for AI coding-agent configuration (Claude Code): static, offline, never executes what it scans')
    .version(TOOL_VERSION, '-V, --version')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  addCommonOptions(program);
  // Defining a command costs more than parsing one: when the first word names a command, only that one is defined
  // (its parsing, help and errors are the same); anything else (help, a global option first, a typo) defines all.
  const first = argv[0] ?? '';
  const only = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
  for (const register of only ? [only] : Object.values(COMMANDS)) register(program, io, setExit);
  const withVersion = (command: Command): void => {
    command.version(TOOL_VERSION, '-V, --version');
    command.commands.forEach(withVersion);
  };
  program.commands.forEach(withVersion);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    if (error instanceof Error && USER_ERRORS.has(error.name)) {
      io.stderr(`agentgov: ${error.message}\n`);
      return EXIT_USAGE;
    }
    const detail = error instanceof Error ? (io.env.AGENTGOV_DEBUG ? (error.stack ?? error.message) : error.message) : String(error);
    io.stderr(`agentgov: internal error: ${detail}\n(set AGENTGOV_DEBUG=1 for the stack; please report it)\n`);
    return EXIT_USAGE;
  }
}
