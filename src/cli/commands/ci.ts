import type { Command } from 'commander';
import { addCommonOptions, commonOptionsOf, resolveCommon, scopesOf } from '../common-options.js';
import type { CliIo } from '../io.js';

interface CiCommandOptions {
  base: string;
  head?: string;
}

export function registerCi(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addCommonOptions(
    program
      .command('ci')
      .argument('[root]', 'project directory', '.')
      .description('pull-request gate: report what is new at head and fail when the effective configuration widens (default --fail-on warning)')
      .requiredOption('--base <ref>', 'the base revision of the change (e.g. origin/main)')
      .option('--head <ref>', 'the head revision (default: the working tree)'),
  ).action(async (root: string, options: CiCommandOptions, cmd: Command) => {
    // A widening is a warning; the gate fails on it unless --fail-on says otherwise.
    const common = resolveCommon(root, { failOn: 'warning', ...commonOptionsOf(cmd) }, io);
    const { runCiGate } = await import('../../audit/ci-gate.js');
    const { writeReport } = await import('../write-report.js');
    const { report } = await runCiGate({ ...scopesOf(common), base: options.base, failOn: common.failOn, ...(options.head ? { head: options.head } : {}) });
    await writeReport(report, common, io);
    setExit(report.exitCode);
  });
}
