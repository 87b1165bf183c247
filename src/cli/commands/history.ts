import type { Command } from 'commander';
import { addCommonOptions, commonOptionsOf, resolveCommon, scopesOf } from '../common-options.js';
import { UsageError, type CliIo } from '../io.js';

interface HistoryOptions {
  since?: string;
  until?: string;
  window?: string;
  path?: string;
}

export function registerHistory(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addCommonOptions(
    program
      .command('history')
      .argument('[root]', 'project directory', '.')
      .description('timeline of the agent configuration from git: rules added and removed, keys changed, the permissiveness index, widening commits')
      .option('--since <date|ref>', 'start of the window: a date (YYYY-MM-DD) or a git revision')
      .option('--until <date|ref>', 'end of the window (default: now)')
      .option('--window <Nd|Nw>', 'length of the window when --since is not given (default: the policy history.window, else 7d)')
      .option('--path <glob>', 'only commits and changes touching files that match this glob'),
  ).action(async (root: string, options: HistoryOptions, command: Command) => {
    const common = resolveCommon(root, commonOptionsOf(command), io);
    if (common.format === 'sarif' || common.format === 'github' || common.format === 'html') throw new UsageError('history supports text, json and markdown (use `audit` for SARIF, HTML and GitHub annotations)');
    io.tuneForShortRun?.();
    const { progressEnabled, progressLine } = await import('../progress-line.js');
    const progress = progressLine(io, progressEnabled(io, common.quiet));
    // git walks the history while the rest of agentgov loads.
    const { startHistoryRead } = await import('../../workspace/history-read.js');
    const historyRead = startHistoryRead(common.root, options.until, progress.sink);
    const { runAudit } = await import('../../audit/run-audit.js');
    const { historyAuditor } = await import('../../audit/history/index.js');
    const { buildTimeline } = await import('../../audit/history/timeline.js');
    const { timelineJson, timelineMarkdown, timelineText } = await import('../../report/timeline.js');
    const { writeFileAtomic } = await import('../../workspace/write-file.js');
    const window = { ...(options.since ? { since: options.since } : {}), ...(options.until ? { until: options.until } : {}), ...(options.window ? { window: options.window } : {}) };
    const run = await runAudit({ ...scopesOf(common), failOn: common.failOn, auditors: [historyAuditor], window, historyRead, onProgress: progress.sink }).finally(() => progress.clear());
    if (!run.history) throw new UsageError('history: every history rule is turned off by the policy');
    const timeline = buildTimeline(run.history, run.policy, options.path);
    const render = common.format === 'json' ? timelineJson : common.format === 'markdown' ? timelineMarkdown : timelineText;
    const text = render(timeline, run.report);
    if (common.output) await writeFileAtomic(common.output, text);
    else io.stdout(text);
    setExit(run.report.exitCode);
  });
}
