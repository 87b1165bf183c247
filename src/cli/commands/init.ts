import path from 'node:path';
import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { UsageError } from '../io.js';

export function registerInit(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('init')
    .argument('[root]', 'project directory', '.')
    .description('write a starter agentgov.json policy')
    .option('--force', 'overwrite an existing agentgov.json')
    .option('--quiet', 'no status messages')
    .action(async (root: string, options: { force?: boolean; quiet?: boolean }) => {
      const { starterPolicyText } = await import('../../policies/starter-policy.js');
      const { POLICY_FILE_NAME } = await import('../../policies/load-policy.js');
      const { writeFileAtomic, writeFileExclusive } = await import('../../workspace/write-file.js');
      const file = path.join(path.resolve(io.cwd, root), POLICY_FILE_NAME);
      const text = starterPolicyText();
      if (options.force) await writeFileAtomic(file, text);
      else if (!(await writeFileExclusive(file, text))) throw new UsageError(`${file} already exists; use --force to overwrite it`);
      if (!options.quiet) io.stderr(`agentgov: wrote ${file}\n`);
      setExit(0);
    });
}
