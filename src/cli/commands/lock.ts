import type { Command } from 'commander';
import type { LockCheckResult } from '../../prompts/lock-run.js';
import { addCommonOptions, commonOptionsOf, resolveCommon, scopesOf } from '../common-options.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError, type CliIo } from '../io.js';

/** `agentgov lock [root]` writes agentgov.lock.json; `--check` never writes and exits 1 on any difference (for CI). */
export function registerLock(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addCommonOptions(
    program
      .command('lock')
      .argument('[root]', 'project directory', '.')
      .option('--check', 'do not write: compare agentgov.lock.json with the prompt files and extensions and exit 1 on any changed, missing or extra entry')
      .description('write agentgov.lock.json: the hashes of every prompt file and project extension (MCP servers, hooks, plugin manifests) in the repository (sorted, no timestamps, byte-identical when nothing changed)'),
  ).action(async (root: string, options: { check?: boolean }, command: Command) => {
    const common = resolveCommon(root, commonOptionsOf(command), io);
    if (common.format !== 'text' && common.format !== 'json') throw new UsageError('lock supports text and json');
    const target = scopesOf(common);
    if (options.check) {
      const { checkLock } = await import('../../prompts/lock-run.js');
      const result = await checkLock(target);
      io.stdout(common.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : checkText(result));
      setExit(result.upToDate ? EXIT_OK : EXIT_FINDINGS);
      return;
    }
    const { writeLock } = await import('../../prompts/lock-run.js');
    const result = await writeLock(target);
    if (common.format === 'json') io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    else if (!common.quiet) io.stdout(`${result.written ? 'wrote' : 'unchanged:'} ${result.file} (${result.files} prompt file${result.files === 1 ? '' : 's'}, ${result.extensions} extension entr${result.extensions === 1 ? 'y' : 'ies'}, prompt set ${result.root})\n`);
    setExit(EXIT_OK);
  });
}

/** One line per difference, `<what>  <path>  (<detail>)`, then a summary line naming the fix. */
function checkText(r: LockCheckResult): string {
  if (r.problem === 'absent') return 'agentgov.lock.json not found: run `agentgov lock` and commit it\n';
  if (r.problem === 'invalid') return `agentgov.lock.json is invalid: ${r.detail ?? ''}; run \`agentgov lock\`\n`;
  const out: string[] = [];
  const diff = r.diff;
  if (diff?.profileChanged) out.push('changed  hashProfile  (written by another agentgov version)');
  for (const c of diff?.changed ?? []) out.push(`changed  ${c.path}  (${c.fields.join(', ')}${c.whitespaceOnly ? '; whitespace only' : ''})`);
  for (const p of diff?.missing ?? []) out.push(`missing  ${p}  (a prompt file with no entry in the lock)`);
  for (const p of diff?.extra ?? []) out.push(`extra    ${p}  (an entry whose file is gone)`);
  const what = { changed: '', missing: 'an extension with no entry in the lock', extra: 'an entry whose extension is gone' };
  for (const e of diff?.extensions ?? []) out.push(`${e.change.padEnd(7)}  ${e.key}  (${e.change === 'changed' ? (e.fields ?? []).join(', ') : what[e.change]})`);
  if (r.notCanonical) out.push('agentgov.lock.json has the right entries but is not in canonical form (it was edited by hand)');
  if (r.upToDate) return `agentgov.lock.json is up to date (prompt set ${r.root})\n`;
  out.push(`agentgov.lock.json is out of date: review the changes, then run \`agentgov lock\``);
  return `${out.join('\n')}\n`;
}
