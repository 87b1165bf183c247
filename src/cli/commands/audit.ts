import path from 'node:path';
import type { Command } from 'commander';
import { addCommonOptions, commonOptionsOf, resolveCommon } from '../common-options.js';
import type { CliIo } from '../io.js';

interface AuditCommandOptions {
  since?: string;
  until?: string;
  window?: string;
  stateDir?: string;
  transcripts?: string;
}

export function registerAudit(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addCommonOptions(
    program
      .command('audit')
      .argument('[root]', 'project directory', '.')
      .description('run every auditor over all scopes (with the history of the last window) and report the findings')
      .option('--since <date|ref>', 'start of the history window: a date (YYYY-MM-DD) or a git revision')
      .option('--until <date|ref>', 'end of the history window (default: now)')
      .option('--window <Nd|Nw>', 'length of the history window (default: the policy history.window, else 7d)')
      .option('--transcripts <dir>', 'Claude Code transcripts to read denial rates from (default: <home>/.claude/projects/<project slug>)')
      .option('--state-dir <dir>', 'where the ledger of untracked scopes is kept (default: $XDG_STATE_HOME/agentgov/<root-id>, else <home>/.local/state/…)'),
  ).action(async (root: string, options: AuditCommandOptions, command: Command) => {
    const common = resolveCommon(root, commonOptionsOf(command), io);
    // git walks the history while the rest of agentgov loads.
    const { startHistoryRead } = await import('../../workspace/history-read.js');
    const historyRead = startHistoryRead(common.root, options.until);
    const { runAudit } = await import('../../audit/run-audit.js');
    const { defaultStateDir } = await import('../../workspace/ledger-file.js');
    const { writeReport } = await import('../write-report.js');
    const window = { ...(options.since ? { since: options.since } : {}), ...(options.until ? { until: options.until } : {}), ...(options.window ? { window: options.window } : {}) };
    const { report } = await runAudit({
      root: common.root,
      home: common.home, claudeDir: common.claudeDir,
      managedDir: common.managedDir,
      failOn: common.failOn,
      window,
      stateDir: options.stateDir ? path.resolve(io.cwd, options.stateDir) : defaultStateDir(common.root, io.env, common.home),
      recordLedger: true,
      historyRead,
      ...(options.transcripts ? { transcriptsDir: path.resolve(io.cwd, options.transcripts) } : {}),
      ...(common.policyPath ? { policyPath: common.policyPath } : {}),
    });
    await writeReport(report, common, io);
    setExit(report.exitCode);
  });
}
