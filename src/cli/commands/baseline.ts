import type { Command } from 'commander';
import { addCommonOptions, commonOptionsOf, resolveCommon, scopesOf } from '../common-options.js';
import { UsageError, type CliIo } from '../io.js';

interface BaselineOptions {
  reason: string;
  expires?: string;
}

export function registerBaseline(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addCommonOptions(
    program
      .command('baseline')
      .argument('[root]', 'project directory', '.')
      .description('accept the current findings: write .agentgov/baseline.json so that only new findings fail')
      .option('--reason <text>', 'why these findings are accepted (kept per entry)', 'accepted with agentgov baseline')
      .option('--expires <date>', 'YYYY-MM-DD after which the accepted findings are reported again'),
  ).action(async (root: string, options: BaselineOptions, command: Command) => {
    const common = resolveCommon(root, commonOptionsOf(command), io);
    if (options.expires !== undefined && !isIsoDate(options.expires)) throw new UsageError(`--expires must be a date as YYYY-MM-DD, got "${options.expires}"`);
    const { runAudit } = await import('../../audit/run-audit.js');
    const { buildBaseline } = await import('../../audit/baseline.js');
    const { readBaselineFile, writeBaselineFile } = await import('../../audit/baseline-file.js');
    const now = new Date();
    const run = await runAudit({ ...scopesOf(common), now });
    const previous = await readBaselineFile(run.workspace.root);
    const baseline = buildBaseline(run.allFindings, previous, { reason: options.reason, now, ...(options.expires ? { expires: options.expires } : {}) });
    const file = await writeBaselineFile(run.workspace.root, baseline);
    if (!common.quiet) {
      const kept = baseline.findings.filter((e) => previous?.findings.some((p) => p === e)).length;
      io.stderr(`agentgov: wrote ${baseline.findings.length} accepted findings to ${file} (${kept} kept from the previous baseline)\n`);
    }
    setExit(0);
  });
}

function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}
