import type { Command } from 'commander';
import type { GitFacts } from '../../workspace/types.js';
import { addCommonOptions, commonOptionsOf, resolveCommon, type ResolvedCommon } from '../common-options.js';
import { emit, registerAuditorCommand, requireTextOrJson } from '../emit.js';
import { EXIT_OK, type CliIo } from '../io.js';

/** `agentgov extensions [root]` (the extensions auditor alone) and `extensions list [root]` (the inventory). */
export function registerExtensions(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const extensions = registerAuditorCommand(program, io, setExit, {
    name: 'extensions',
    usage: '[options] [root] | list [root]',
    description: 'run the extensions auditor alone; `list` shows every extension with its trust tier',
    auditor: async () => (await import('../../audit/extensions/index.js')).extensionsAuditor,
  });

  addCommonOptions(
    extensions.command('list').argument('[root]', 'project directory', '.').description('every extension: name, kind, trust tier, source file, and whether git tracks or ignores it'),
  ).action(async (root: string, _options: unknown, command: Command) => {
    const common = resolveCommon(root, commonOptionsOf(command), io);
    requireTextOrJson(common, 'extensions list');
    const rows = await listExtensions(common);
    await emit(common.format === 'json' ? `${JSON.stringify(rows, null, 2)}\n` : listText(rows), common, io, 'extensions list');
    setExit(EXIT_OK);
  });
}

interface ExtensionRow {
  name: string;
  kind: string;
  tier: string;
  file: string;
  pointer: string | null;
  /** `tracked`, `ignored`, `untracked`, or `-` outside git and for files outside the repository. */
  git: string;
}

/** The inventory as the auditor loads it (the policy's `ignore` applies); a hook's git state is its script's. */
async function listExtensions(common: ResolvedCommon): Promise<ExtensionRow[]> {
  const { loadPolicy } = await import('../../policies/load-policy.js');
  const { allRules } = await import('../../audit/registry.js');
  const { loadWorkspace } = await import('../../workspace/load-workspace.js');
  const { loadExtensions } = await import('../../workspace/extensions/load-extensions.js');
  const policy = await loadPolicy({ root: common.root, rules: allRules(), ...(common.policyPath ? { policyPath: common.policyPath } : {}) });
  const workspace = await loadWorkspace({ root: common.root, home: common.home, claudeDir: common.claudeDir, managedDir: common.managedDir, ignore: policy.ignore });
  const gitState = (git: GitFacts | undefined) => (git ? (git.ignored ? 'ignored' : git.tracked ? 'tracked' : 'untracked') : '-');
  return (await loadExtensions(workspace)).extensions.map((e) => ({
    name: e.name,
    kind: e.kind,
    tier: e.tier,
    file: e.file.path,
    pointer: e.pointer,
    git: gitState(e.kind === 'hook' && e.script?.state?.git ? e.script.state.git : e.file.git),
  }));
}

function listText(rows: readonly ExtensionRow[]): string {
  if (rows.length === 0) return 'no extensions\n';
  const header = ['name', 'kind', 'tier', 'file', 'git'];
  const cells = rows.map((r) => [r.name, r.kind, r.tier, r.pointer ? `${r.file}#${r.pointer}` : r.file, r.git]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]) => c.map((x, i) => (i === c.length - 1 ? x : x.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return `${[line(header), ...cells.map(line)].join('\n')}\n`;
}
