import path from 'node:path';
import type { Command } from 'commander';
import type { PromptList } from '../../prompts/list.js';
import type { PromptLogEntry } from '../../prompts/log.js';
import { addCommonOptions, commonOptionsOf, resolveCommon, scopesOf } from '../common-options.js';
import { emit, registerAuditorCommand, requireTextOrJson } from '../emit.js';
import { EXIT_OK, type CliIo } from '../io.js';

/**
 * `agentgov prompts [root]` (the prompts auditor alone), `prompts list [root]`, `prompts log <file> [root]` and
 * `prompts export --at <ref|hash> <dir> [root]`. A project folder named like a subcommand is reached as `./list`.
 */
export function registerPrompts(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const prompts = registerAuditorCommand(program, io, setExit, {
    name: 'prompts',
    usage: '[options] [root] | list [root] | log <file> [root] | export --at <ref|hash> <dir> [root]',
    description: 'run the prompts auditor alone; `list`, `log` and `export` show, trace and pin the prompt set',
    auditor: async () => (await import('../../audit/prompts/index.js')).promptsAuditor,
  });

  addCommonOptions(
    prompts.command('list').argument('[root]', 'project directory', '.').description('every prompt file: scope, size, version, hash, loaded at start or on demand, and the budget totals'),
  ).action(async (root: string, _options: unknown, command: Command) => {
    const common = resolveCommon(root, commonOptionsOf(command), io);
    requireTextOrJson(common, 'prompts list');
    const { listPrompts } = await import('../../prompts/list.js');
    const list = await listPrompts(scopesOf(common));
    await emit(common.format === 'json' ? `${JSON.stringify(list, null, 2)}\n` : listText(list), common, io, 'prompts list');
    setExit(EXIT_OK);
  });

  addCommonOptions(
    prompts.command('log').argument('<file>', 'a prompt file (relative to the current directory)').argument('[root]', 'project directory', '.').description('every version of a prompt file in git history: date, author, commit, integrity hash and declared version'),
  ).action(async (file: string, root: string, _options: unknown, command: Command) => {
    const common = resolveCommon(root, commonOptionsOf(command), io);
    requireTextOrJson(common, 'prompts log');
    const { promptLog } = await import('../../prompts/log.js');
    const entries = await promptLog(common.root, path.resolve(io.cwd, file));
    await emit(common.format === 'json' ? `${JSON.stringify(entries, null, 2)}\n` : logText(entries), common, io, 'prompts log');
    setExit(EXIT_OK);
  });

  addCommonOptions(
    prompts
      .command('export')
      .requiredOption('--at <ref|hash>', 'a git revision, or a prompt-set hash (h1:…) to find in history')
      .option('--force', 'write into a directory that is not empty')
      .argument('<dir>', 'where to write the prompt set (created if missing)')
      .argument('[root]', 'project directory', '.')
      .description('write the prompt set as it was at a commit (with its lock) into a directory, to reproduce a run with exactly those prompts'),
  ).action(async (dir: string, root: string, options: { at: string; force?: boolean }, command: Command) => {
    const common = resolveCommon(root, commonOptionsOf(command), io);
    requireTextOrJson(common, 'prompts export');
    const { exportPromptSet } = await import('../../prompts/export.js');
    const result = await exportPromptSet({ root: common.root, home: common.home, managedDir: common.managedDir, at: options.at, dir: path.resolve(io.cwd, dir), ...(options.force ? { force: true } : {}) });
    const text = common.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : `exported ${result.written.length} file(s) from ${result.commit.slice(0, 12)} (prompt set ${result.promptSetHash}) to ${dir}\n`;
    io.stdout(text);
    setExit(EXIT_OK);
  });
}

function table(header: readonly string[], rows: readonly string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}

function listText(list: PromptList): string {
  const rows = list.files.map((f) => [f.path, f.kind, f.scope, f.loading, String(f.bytes), f.version ?? '-', f.integrity ? f.integrity.slice(0, 19) : '-', f.locked ? 'yes' : 'no']);
  const b = list.budget;
  return `${[
    ...table(['file', 'kind', 'scope', 'loads', 'bytes', 'version', 'integrity', 'locked'], rows),
    '',
    `at session start: ${b.startChars} characters of distinct instructions in ${b.startFiles} file(s) (budget ${b.totalChars} in total, ${b.perFileChars} per file)`,
    `prompt set: ${list.promptSetHash}`,
  ].join('\n')}\n`;
}

function logText(entries: readonly PromptLogEntry[]): string {
  if (entries.length === 0) return 'no commit has this file\n';
  const rows = entries.map((e) => [e.date.slice(0, 10), e.author, e.commit.slice(0, 12), e.status, e.integrity ?? '(deleted)', e.version ?? '-', e.path]);
  return `${table(['date', 'author', 'commit', 'status', 'integrity', 'version', 'path'], rows).join('\n')}\n`;
}
