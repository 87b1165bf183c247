import path from 'node:path';
import type { Command } from 'commander';
import { addCommonOptions, commonOptionsOf, resolveCommon, type ResolvedCommon, scopesOf, stateDirOf } from '../common-options.js';
import { emit, requireTextOrJson } from '../emit.js';
import { EXIT_OK, UsageError, type CliIo } from '../io.js';
import type { MemoryOptions } from '../../memory/service.js';

interface MemoryCliOptions {
  stateDir?: string;
  transcripts?: string;
  out?: string;
  apply?: boolean;
  plan?: string;
  force?: boolean;
  clear?: boolean;
  olderThan?: string;
}

/** `agentgov memory …`: list, plan, prune, restore, forget, pin, unpin, verify, purge, recover. */
export function registerMemory(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const memory = program.command('memory').description('memory stores: decay scores, retention plan, safe (archived, journaled, restorable) pruning');
  const sub = (name: string, description: string) =>
    addCommonOptions(
      memory
        .command(name)
        .description(description)
        .option('--state-dir <dir>', 'where the memory ledger, journal, archive and lock live (default: $XDG_STATE_HOME/agentgov/<root-id>)')
        .option('--transcripts <dir>', 'another folder of Claude Code transcripts to read recalls from'),
    );
  /** The resolved options of a memory command, and how it prints (stdout, or --output): text or json only. */
  const context = async (root: string | undefined, options: MemoryCliOptions, command: Command): Promise<{ common: ResolvedCommon; o: MemoryOptions; print: (text: string) => Promise<void> }> => {
    const common = resolveCommon(root, commonOptionsOf(command), io);
    const what = `memory ${command.name()}`;
    requireTextOrJson(common, what);
    const { progressEnabled, progressLine } = await import('../progress-line.js');
    const progress = progressLine(io, progressEnabled(io, common.quiet));
    const o: MemoryOptions = {
      ...scopesOf(common),
      stateDir: await stateDirOf(options.stateDir, common, io),
      ...(options.transcripts ? { transcriptDirs: [path.resolve(io.cwd, options.transcripts)] } : {}),
      onProgress: progress.sink,
    };
    const print = (text: string) => {
      progress.clear();
      return emit(text, common, io, what);
    };
    return { common, o, print };
  };

  sub('list', 'every memory item with its type, age, retention score R, and keep reason or action')
    .argument('[root]', 'project directory', '.')
    .action(async (root: string, options: MemoryCliOptions, command: Command) => {
      const { common, o, print } = await context(root, options, command);
      const { planFor } = await import('../../memory/service.js');
      const { memoryListJson, memoryListText } = await import('../../report/memory.js');
      const { plan, memory: m } = await planFor(o);
      await print(common.format === 'json' ? memoryListJson(plan, m.notices) : memoryListText(plan, m.notices));
      setExit(EXIT_OK);
    });

  const planAction = async (root: string, options: MemoryCliOptions, command: Command) => {
    const { common, o, print } = await context(root, options, command);
    const { planFor } = await import('../../memory/service.js');
    const { memoryPlanJson, memoryPlanText } = await import('../../report/memory.js');
    const { plan, memory: m } = await planFor(o);
    const out = options.out ? path.resolve(io.cwd, options.out) : undefined;
    const json = out || common.format === 'json' ? memoryPlanJson(plan) : '';
    if (out) {
      const { writeFileAtomic } = await import('../../workspace/write-file.js');
      await writeFileAtomic(out, json);
    }
    await print(common.format === 'json' ? json : memoryPlanText(plan, m.notices, options.out));
    setExit(EXIT_OK);
  };
  sub('plan', 'what a prune would archive and flag, and why (read-only; --out writes the plan for prune --apply --plan)')
    .argument('[root]', 'project directory', '.')
    .option('--out <file>', 'also write the plan as JSON to this file')
    .action(planAction);

  sub('prune', 'without --apply, the same as plan; with --apply, archive what the plan (--plan file, or a fresh one) says')
    .argument('[root]', 'project directory', '.')
    .option('--apply', 'execute the plan: move items to the archive and remove their MEMORY.md lines')
    .option('--plan <file>', 'the plan to execute (from memory plan --out); default: a fresh plan')
    .option('--out <file>', 'without --apply: write the plan as JSON to this file')
    .option('--force', 'archive more than memory.safety.maxArchiveFraction of a store, or a store that changed in the last minutes')
    .action(async (root: string, options: MemoryCliOptions, command: Command) => {
      if (!options.apply) {
        if (options.plan) throw new UsageError('--plan needs --apply (without --apply, prune only shows a fresh plan)');
        return planAction(root, options, command);
      }
      const { common, o, print } = await context(root, options, command);
      const { applyPrune } = await import('../../memory/service.js');
      const result = await applyPrune(o, { ...(options.plan ? { planFile: path.resolve(io.cwd, options.plan) } : {}), ...(options.force ? { force: true } : {}) });
      const lines = [...result.recovered];
      if (result.archived.length === 0 && result.deindexed.length === 0) lines.push('Nothing to archive.');
      else {
        lines.push(`Archived ${result.archived.length} item(s) (plan ${result.planId}); removed ${result.indexLinesRemoved} MEMORY.md line(s):`);
        for (const a of result.archived) lines.push(`  ${a.id}  ${a.relPath}  → ${a.to}`);
        if (result.deindexed.length > 0) lines.push(`MEMORY.md was over its target size: ${result.deindexed.length} item(s) lost their index lines (their files stay):`);
        for (const d of result.deindexed) lines.push(`  ${d.id}  ${d.relPath}`);
        lines.push(`Undo with: agentgov memory restore ${result.planId}`);
      }
      await print(format(common, lines, result));
      setExit(EXIT_OK);
    });

  sub('restore', 'move archived items back (a plan id restores the whole plan; an item id its newest archive)')
    .argument('<target>', 'plan id or item id')
    .argument('[root]', 'project directory', '.')
    .action(async (target: string, root: string, options: MemoryCliOptions, command: Command) => {
      const { common, o, print } = await context(root, options, command);
      const { restore } = await import('../../memory/service.js');
      const result = await restore(o, target);
      const lines = [...result.recovered, `Restored ${result.restored.length} item(s), ${result.indexLinesRestored} MEMORY.md line(s):`];
      for (const r of result.restored) lines.push(`  ${r.id}  ${r.relPath}`);
      for (const r of result.reindexed) lines.push(`  ${r.id}  ${r.relPath}  (index lines only)`);
      for (const id of result.alreadyInPlace) lines.push(`  ${id}  (already in place)`);
      if (result.restored.length > 0) lines.push(`Undo with: agentgov memory forget ${result.restored.map((r) => r.id).join(' && agentgov memory forget ')}`);
      await print(format(common, lines, result));
      setExit(EXIT_OK);
    });

  sub('forget', 'archive one item now (journaled, restorable)')
    .argument('<item>', 'item id (or its path in the store)')
    .argument('[root]', 'project directory', '.')
    .option('--force', 'even if the store changed in the last minutes')
    .action(async (item: string, root: string, options: MemoryCliOptions, command: Command) => {
      const { common, o, print } = await context(root, options, command);
      const { forgetItem } = await import('../../memory/service.js');
      const result = await forgetItem(o, item, options.force ?? false);
      const lines = [...result.recovered, ...result.archived.map((a) => `Archived ${a.id}  ${a.relPath}  → ${a.to}`), `Undo with: agentgov memory restore ${result.planId}`];
      await print(format(common, lines, result));
      setExit(EXIT_OK);
    });

  for (const [name, description, change, undo] of [
    ['pin', 'never archive this item (recorded in agentgov’s ledger, not in the file)', { pin: true }, 'unpin'],
    ['unpin', 'let this item be archived again when it decays', { pin: false }, 'pin'],
  ] as const) {
    sub(name, description)
      .argument('<item>', 'item id (or its path in the store)')
      .argument('[root]', 'project directory', '.')
      .action(async (item: string, root: string, options: MemoryCliOptions, command: Command) => {
        const { common, o, print } = await context(root, options, command);
        const { changeLedger } = await import('../../memory/service.js');
        const result = await changeLedger(o, item, change);
        const lines = [...result.recovered, `${change.pin ? 'Pinned' : 'Unpinned'} ${result.item.id}  ${result.item.relPath}`, `Undo with: agentgov memory ${undo} ${result.item.id}`];
        await print(format(common, lines, { id: result.item.id, pinned: change.pin }));
        setExit(EXIT_OK);
      });
  }

  sub('verify', 'the item is still true: its age counts from now (recorded in the ledger, the file is untouched)')
    .argument('<item>', 'item id (or its path in the store)')
    .argument('[root]', 'project directory', '.')
    .option('--clear', 'remove the verification instead')
    .action(async (item: string, root: string, options: MemoryCliOptions, command: Command) => {
      const { common, o, print } = await context(root, options, command);
      const { changeLedger } = await import('../../memory/service.js');
      const result = await changeLedger(o, item, { verify: !options.clear });
      const lines = [...result.recovered, `${options.clear ? 'Cleared the verification of' : 'Verified'} ${result.item.id}  ${result.item.relPath}`];
      lines.push(options.clear ? `Undo with: agentgov memory verify ${result.item.id}` : `Undo with: agentgov memory verify ${result.item.id} --clear${result.previous.lastVerified ? ` (it was last verified ${result.previous.lastVerified})` : ''}`);
      await print(format(common, lines, { id: result.item.id, verified: !options.clear }));
      setExit(EXIT_OK);
    });

  sub('purge', 'delete archived copies older than the given age (the only command that deletes; it cannot be undone)')
    .argument('[root]', 'project directory', '.')
    .requiredOption('--older-than <Nd>', 'age of the archives to delete, e.g. 90d')
    .action(async (root: string, options: MemoryCliOptions, command: Command) => {
      const { common, o, print } = await context(root, options, command);
      const { durationDays } = await import('../../memory/settings.js');
      const days = durationDays(options.olderThan ?? '');
      if (days === undefined) throw new UsageError(`--older-than ${options.olderThan}: write a duration such as 90d, 12w or 1y`);
      const { purge } = await import('../../memory/service.js');
      const result = await purge(o, days);
      const files = result.purged.reduce((n, p) => n + p.files, 0);
      const lines = [...result.recovered, `Purged ${files} archived file(s) from ${result.purged.length} plan(s) older than ${options.olderThan}.`];
      for (const p of result.purged) lines.push(`  ${p.planId}  ${p.files} file(s), ${p.bytes} bytes`);
      lines.push('This cannot be undone.');
      await print(format(common, lines, result));
      setExit(EXIT_OK);
    });

  sub('recover', 'finish an interrupted prune or restore (roll it back from the journal); other memory commands do this first anyway')
    .argument('[root]', 'project directory', '.')
    .action(async (root: string, options: MemoryCliOptions, command: Command) => {
      const { common, o, print } = await context(root, options, command);
      const { recover } = await import('../../memory/service.js');
      const notices = await recover(o);
      await print(format(common, notices.length ? notices : ['Nothing to recover.'], { recovered: notices }));
      setExit(EXIT_OK);
    });
}

function format(common: ResolvedCommon, lines: readonly string[], value: unknown): string {
  return common.format === 'json' ? `${JSON.stringify(value, null, 2)}\n` : `${lines.join('\n')}\n`;
}
