import type { Command } from 'commander';
import type { Auditor } from '../audit/types.js';
import { addCommonOptions, commonOptionsOf, resolveCommon, scopesOf, type ResolvedCommon } from './common-options.js';
import { UsageError, type CliIo } from './io.js';

/** For commands whose output is a table or a document, not a findings report. */
export function requireTextOrJson(common: ResolvedCommon, name: string): void {
  if (common.format !== 'text' && common.format !== 'json') throw new UsageError(`${name} supports text and json`);
}

/** Writes a command's output to --output (atomically, with a status line unless --quiet) or to stdout. */
export async function emit(text: string, common: ResolvedCommon, io: CliIo, what: string): Promise<void> {
  if (!common.output) {
    io.stdout(text);
    return;
  }
  const { writeFileAtomic } = await import('../workspace/write-file.js');
  await writeFileAtomic(common.output, text);
  if (!common.quiet) io.stderr(`agentgov: wrote ${what} (${common.format}) to ${common.output}\n`);
}

export interface AuditorCommand {
  name: string;
  /** Shows the subcommands, which commander's own usage line would hide behind `[root]`. */
  usage: string;
  description: string;
  /** Imported when the command runs, so that start-up does not load the auditor. */
  auditor: () => Promise<Auditor>;
}

/**
 * `agentgov <name> [root]`: one auditor alone, reported like `audit`. Returns the command, for its subcommands; a
 * first argument that is not a subcommand is the root.
 */
export function registerAuditorCommand(program: Command, io: CliIo, setExit: (code: number) => void, spec: AuditorCommand): Command {
  return addCommonOptions(program.command(spec.name).usage(spec.usage).argument('[root]', 'project directory', '.').description(spec.description)).action(
    async (root: string, _options: unknown, command: Command) => {
      const common = resolveCommon(root, commonOptionsOf(command), io);
      const { runAudit } = await import('../audit/run-audit.js');
      const { writeReport } = await import('./write-report.js');
      const auditors = [await spec.auditor()];
      const { report } = await runAudit({ ...scopesOf(common), failOn: common.failOn, auditors });
      await writeReport(report, common, io);
      setExit(report.exitCode);
    },
  );
}
