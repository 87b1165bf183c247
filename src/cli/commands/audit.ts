import path from 'node:path';
import type { Command } from 'commander';
import { addCommonOptions, commonOptionsOf, resolveCommon, scopesOf, stateDirOf } from '../common-options.js';
import { EXIT_USAGE, type CliIo } from '../io.js';

interface AuditCommandOptions {
  since?: string;
  until?: string;
  window?: string;
  stateDir?: string;
  transcripts?: string;
  report: string[];
  applyMemoryPlan?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

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
      .option('--state-dir <dir>', 'where the ledger of untracked scopes is kept (default: $XDG_STATE_HOME/agentgov/<root-id>, else <home>/.local/state/…)')
      .option('--report <format:file>', 'also write a report to a file, repeatable: json, sarif, markdown (the weekly digest), html or text; {date} in the name becomes the run date', collect, [])
      .option('--apply-memory-plan', 'archive what the memory plan lists (journaled; undo with `agentgov memory restore <plan id>`)'),
  ).action(async (root: string, options: AuditCommandOptions, command: Command) => {
    const given = commonOptionsOf(command);
    const common = resolveCommon(root, given, io);
    const { parseReportTargets, writeReportTargets } = await import('../report-targets.js');
    const targets = parseReportTargets(options.report, io.cwd, common.output, common);
    const { progressEnabled, progressLine } = await import('../progress-line.js');
    const progress = progressLine(io, progressEnabled(io, common.quiet));
    // git walks the history while the rest of agentgov loads.
    const { startHistoryRead } = await import('../../workspace/history-read.js');
    const historyRead = startHistoryRead(common.root, options.until, progress.sink);
    const { runWeeklyAudit } = await import('../../weekly/run-weekly-audit.js');
    const { writeReport } = await import('../write-report.js');
    const window = { ...(options.since ? { since: options.since } : {}), ...(options.until ? { until: options.until } : {}), ...(options.window ? { window: options.window } : {}) };
    const stateDir = await stateDirOf(options.stateDir, common, io);
    const run = await runWeeklyAudit({
      ...scopesOf(common),
      failOn: common.failOn,
      window,
      stateDir,
      historyRead,
      onProgress: progress.sink,
      ...(options.applyMemoryPlan ? { applyMemoryPlan: true } : {}),
      commandArgs: [common.root, ...(given.home ? ['--home', common.home] : []), ...(given.managedDir ? ['--managed-dir', common.managedDir] : []), ...(common.policyPath ? ['--policy', common.policyPath] : [])],
      stateDirArgs: options.stateDir ? ['--state-dir', stateDir] : [],
      ...(options.transcripts ? { transcriptsDir: path.resolve(io.cwd, options.transcripts) } : {}),
    }).finally(() => progress.clear());
    const failed = await writeReportTargets(run.report, targets, io, common.quiet);
    // A digest that did not reach its file must list the same findings as new next time.
    if (failed.length === 0) await run.rememberReported();
    await writeReport(run.report, common, io);
    for (const failure of run.failures) io.stderr(`agentgov: ${failure}\n`);
    setExit(failed.length > 0 || run.failures.length > 0 ? EXIT_USAGE : run.report.exitCode);
  });
}
