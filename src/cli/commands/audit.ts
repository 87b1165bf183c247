import type { Command } from 'commander';
import { addCommonOptions, commonOptionsOf, resolveCommon } from '../common-options.js';
import type { CliIo } from '../io.js';

export function registerAudit(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addCommonOptions(program.command('audit').argument('[root]', 'project directory', '.').description('run every auditor over all scopes and report the findings')).action(
    async (root: string, _options: unknown, command: Command) => {
      const common = resolveCommon(root, commonOptionsOf(command), io);
      const { runAudit } = await import('../../audit/run-audit.js');
      const { writeReport } = await import('../write-report.js');
      const { report } = await runAudit({
        root: common.root,
        home: common.home,
        managedDir: common.managedDir,
        failOn: common.failOn,
        ...(common.policyPath ? { policyPath: common.policyPath } : {}),
      });
      await writeReport(report, common, io);
      setExit(report.exitCode);
    },
  );
}
