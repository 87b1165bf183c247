import type { Command } from 'commander';
import type { ExtensionRow } from '../../audit/extensions/list.js';
import { addCommonOptions, commonOptionsOf, resolveCommon, type ResolvedCommon, scopesOf } from '../common-options.js';
import { emit, registerAuditorCommand, requireTextOrJson } from '../emit.js';
import { EXIT_OK, type CliIo } from '../io.js';
import { registerExtensionSigning } from './extensions-signing.js';

/** `agentgov extensions [root]` (the extensions auditor alone) and `extensions list [root]` (the inventory). */
export function registerExtensions(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const extensions = registerAuditorCommand(program, io, setExit, {
    name: 'extensions',
    usage: '[options] [root] | list [root]',
    description: 'run the extensions auditor alone; `list` shows every extension with its trust tier',
    auditor: async () => (await import('../../audit/extensions/index.js')).extensionsAuditor,
  });

  addCommonOptions(
    extensions.command('list').argument('[root]', 'project directory', '.').description('every extension: name, kind, trust tier (after policy pins), where it comes from, its file, whether git tracks or ignores it, whether agentgov.lock.json records it and a signed manifest covers it'),
  ).action(async (root: string, _options: unknown, command: Command) => {
    const common = resolveCommon(root, commonOptionsOf(command), io);
    requireTextOrJson(common, 'extensions list');
    const { rows, text } = await listExtensions(common);
    await emit(common.format === 'json' ? `${JSON.stringify(rows, null, 2)}\n` : text(), common, io, 'extensions list');
    setExit(EXIT_OK);
  });
  registerExtensionSigning(extensions, io, setExit);
}

/** The inventory as the auditor loads it: the policy's `ignore` and tier pins apply. */
async function listExtensions(common: ResolvedCommon): Promise<{ rows: ExtensionRow[]; text: () => string }> {
  const { loadPolicy } = await import('../../policies/load-policy.js');
  const { extensionsPolicyOf } = await import('../../policies/extensions-policy.js');
  const { allRules } = await import('../../audit/registry.js');
  const { loadWorkspace } = await import('../../workspace/load-workspace.js');
  const { loadExtensions } = await import('../../workspace/extensions/load-extensions.js');
  const { extensionRows, extensionTable } = await import('../../audit/extensions/list.js');
  const scopes = scopesOf(common);
  const policy = await loadPolicy({ ...scopes, rules: allRules() });
  const extensions = extensionsPolicyOf(policy);
  const workspace = await loadWorkspace({ ...scopes, ignore: policy.ignore });
  const inventory = (await loadExtensions(workspace, { ignore: policy.ignore, pins: extensions.pins })).extensions;
  const { trustColumnsOf } = await import('../../extensions/trust-columns.js');
  const rows = extensionRows(inventory, extensions, await trustColumnsOf(workspace, inventory, policy, new Date()));
  return { rows, text: () => extensionTable(rows) };
}
