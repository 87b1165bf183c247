import type { Command } from 'commander';
import type { ExtensionRow } from '../../extensions/list.js';
import { addCommonOptions, commonOptionsOf, resolveCommon } from '../common-options.js';
import { emit, requireTextOrJson } from '../emit.js';
import { EXIT_OK, type CliIo } from '../io.js';

/** `agentgov extensions [root]` (the extensions auditor alone) and `extensions list [root]` (the inventory). */
export function registerExtensions(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const extensions = addCommonOptions(
    program
      .command('extensions')
      .usage('[options] [root] | list [root]')
      .argument('[root]', 'project directory', '.')
      .description('run the extensions auditor alone; `list` shows every extension with its trust tier'),
  ).action(async (root: string, _options: unknown, command: Command) => {
    const common = resolveCommon(root, commonOptionsOf(command), io);
    const { runAudit } = await import('../../audit/run-audit.js');
    const { extensionsAuditor } = await import('../../audit/extensions/index.js');
    const { writeReport } = await import('../write-report.js');
    const { report } = await runAudit({ root: common.root, home: common.home, managedDir: common.managedDir, failOn: common.failOn, auditors: [extensionsAuditor], ...(common.policyPath ? { policyPath: common.policyPath } : {}) });
    await writeReport(report, common, io);
    setExit(report.exitCode);
  });

  addCommonOptions(
    extensions.command('list').argument('[root]', 'project directory', '.').description('every extension: name, kind, trust tier, source file, and whether git tracks or ignores it'),
  ).action(async (root: string, _options: unknown, command: Command) => {
    const common = resolveCommon(root, commonOptionsOf(command), io);
    requireTextOrJson(common, 'extensions list');
    const { listExtensions } = await import('../../extensions/list.js');
    const rows = await listExtensions({ root: common.root, home: common.home, managedDir: common.managedDir, ...(common.policyPath ? { policyPath: common.policyPath } : {}) });
    await emit(common.format === 'json' ? `${JSON.stringify(rows, null, 2)}\n` : listText(rows), common, io, 'extensions list');
    setExit(EXIT_OK);
  });
}

function listText(rows: readonly ExtensionRow[]): string {
  if (rows.length === 0) return 'no extensions\n';
  const header = ['name', 'kind', 'tier', 'file', 'git'];
  const cells = rows.map((r) => [r.name, r.kind, r.tier, r.pointer ? `${r.file}#${r.pointer}` : r.file, r.git]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]) => c.map((x, i) => (i === c.length - 1 ? x : x.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return `${[line(header), ...cells.map(line)].join('\n')}\n`;
}
