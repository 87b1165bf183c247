import path from 'node:path';
import type { Command } from 'commander';
import { addCommonOptions, commonOptionsOf, resolveCommon, scopesOf } from '../common-options.js';
import type { CliIo } from '../io.js';

interface CheckCommandOptions {
  root?: string;
}

export function registerCheck(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addCommonOptions(
    program
      .command('check')
      .argument('[files...]', 'agent-config files to check (default: the staged ones)')
      .description('pre-commit check: audit the staged (or named) agent-config files with every scope loaded, report only their findings; no history')
      .option('--root <dir>', 'project directory (default: the current directory)'),
  ).action(async (files: string[], options: CheckCommandOptions, cmd: Command) => {
    const common = resolveCommon(options.root, commonOptionsOf(cmd), io);
    const { runCheck } = await import('../../audit/run-check.js');
    const { writeReport } = await import('../write-report.js');
    const named = files.length > 0 ? files.map((f) => path.resolve(io.cwd, f)) : undefined;
    const { report, checked } = await runCheck({ ...scopesOf(common), failOn: common.failOn, ...(named ? { files: named } : {}) });
    if (checked.length === 0 && common.format === 'text' && !common.output) {
      if (!common.quiet) io.stderr(`agentgov check: no ${named ? 'agent-config files among the named ones' : 'staged agent-config files'}\n`);
    } else await writeReport(report, common, io);
    setExit(report.exitCode);
  });
}
