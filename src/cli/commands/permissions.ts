import { Option, type Command } from 'commander';
import type { Explanation } from '../../policies/effective/explain.js';
import { PERMISSION_MODES, type PermissionMode } from '../../policies/permission-rules/effective-types.js';
import { addCommonOptions, commonOptionsOf, resolveCommon, type ResolvedCommon, scopesOf } from '../common-options.js';
import { emit, registerAuditorCommand, requireTextOrJson } from '../emit.js';
import { UsageError, type CliIo } from '../io.js';

/**
 * `agentgov permissions [root]` (the permissions auditor alone, like `audit`), `permissions effective [root]` (the
 * merged rule table with provenance) and `permissions explain <call> [root]` (Claude Code's decision for one call).
 * A first argument that is not `effective` or `explain` is the root (`permissions examples/demo`); a project folder
 * named like a subcommand is reached as `./effective`.
 */
export function registerPermissions(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const permissions = registerAuditorCommand(program, io, setExit, {
    name: 'permissions',
    usage: '[options] [root] | effective [root] | explain <call> [root]',
    description: 'run the permissions auditor alone; `effective` and `explain` show the merged rules and decide a call',
    auditor: async () => (await import('../../audit/permissions/index.js')).permissionsAuditor,
  });

  addCommonOptions(
    permissions
      .command('effective')
      .argument('[root]', 'project directory', '.')
      .description('list every permission rule of every scope, merged as Claude Code merges them, with where it was written and whether it ever applies'),
  ).action(async (root: string, _options: unknown, command: Command) => {
    const common = resolveCommon(root, commonOptionsOf(command), io);
    requireTextOrJson(common, 'permissions effective');
    const loaded = await loadPermissions(common);
    const { effectiveTable } = await import('../../policies/effective/effective-table.js');
    const table = effectiveTable(loaded.effective);
    let text: string;
    if (common.format === 'json') text = `${JSON.stringify(table, null, 2)}\n`;
    else {
      const { renderEffectiveTableText } = await import('../../report/effective-table-text.js');
      const source = loaded.effective.defaultMode.source;
      text = renderEffectiveTableText(table, { color: common.color, defaultModeSource: source ? { file: source.file, line: source.line } : null });
    }
    await emit(text, common, io, 'permissions effective');
    setExit(0);
  });

  addCommonOptions(
    permissions
      .command('explain')
      .argument('<call>', "a tool call written like a rule: 'Bash(git push --force)', 'Read(./.env)', 'WebFetch(https://example.com/x)', mcp__github__create_issue")
      .argument('[root]', 'project directory', '.')
      .addOption(new Option('--mode <mode>', 'permission mode to assume (default: the effective defaultMode)').choices(PERMISSION_MODES))
      .description("say whether Claude Code would allow, ask or deny a call, and which rule of which file decides it"),
  ).action(async (call: string, root: string, options: { mode?: PermissionMode }, command: Command) => {
    const common = resolveCommon(root, commonOptionsOf(command), io);
    requireTextOrJson(common, 'permissions explain');
    const loaded = await loadPermissions(common);
    const { explainCall } = await import('../../policies/effective/explain.js');
    const { CallParseError } = await import('../../policies/permission-rules/call.js');
    let explanation: Explanation;
    try {
      explanation = explainCall(loaded.workspace, loaded.effective, call, loaded.behaviour, options.mode);
    } catch (error) {
      if (error instanceof CallParseError) throw new UsageError(error.message);
      throw error;
    }
    let text: string;
    if (common.format === 'json') text = `${JSON.stringify(explanation, null, 2)}\n`;
    else {
      const { renderExplainText } = await import('../../report/explain-text.js');
      text = renderExplainText(explanation, { color: common.color });
    }
    await emit(text, common, io, 'permissions explain');
    setExit(0);
  });
}

/** Policy (for `claudeVersion` and `ignore`), workspace and the merged permissions, as the auditors see them. */
async function loadPermissions(common: ResolvedCommon) {
  const { loadPolicy } = await import('../../policies/load-policy.js');
  const { allRules } = await import('../../audit/registry.js');
  const { loadWorkspace } = await import('../../workspace/load-workspace.js');
  const { effectivePermissions } = await import('../../policies/effective/effective-permissions.js');
  const { behaviourFor } = await import('../../policies/permission-rules/claude-version.js');
  const scopes = scopesOf(common);
  const policy = await loadPolicy({ ...scopes, rules: allRules() });
  const workspace = await loadWorkspace({ ...scopes, ignore: policy.ignore });
  const behaviour = behaviourFor(policy.claudeVersion);
  return { policy, workspace, behaviour, effective: effectivePermissions(workspace, behaviour) };
}
