import type { ResolvedCommon } from './common-options.js';
import { UsageError, type CliIo } from './io.js';

/** For commands whose output is a table or a document, not a findings report. */
export function requireTextOrJson(common: ResolvedCommon, name: string): void {
  if (common.format !== 'text' && common.format !== 'json') throw new UsageError(`${name} supports text and json`);
}

/** Writes a command's output to --output (atomically, with a status line unless --quiet) or to stdout. */
export async function emit(text: string, common: ResolvedCommon, io: CliIo, what: string): Promise<void> {
  if (!common.output) {
    io.stdout(text);
    return;
  }
  const { writeFileAtomic } = await import('../workspace/write-file.js');
  await writeFileAtomic(common.output, text);
  if (!common.quiet) io.stderr(`agentgov: wrote ${what} (${common.format}) to ${common.output}\n`);
}
