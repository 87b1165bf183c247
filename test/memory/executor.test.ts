import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { MemoryError, MemoryErrorCode } from '../../src/memory/fs-ops.js';
import { lockPath } from '../../src/memory/lock.js';
import { journalPath, readJournal } from '../../src/memory/journal.js';
import { applyPrune, changeLedger, forgetItem, openMemory, planFor, purge, recover, restore, type MemoryOptions } from '../../src/memory/service.js';
import { planFileOf } from '../../src/memory/plan-file.js';
import { daysAgo, DAY, memoryWorkspace, overIndexTarget, snapshotDir, topic, withFewItems } from '../helpers/memory.js';

const NOW_REAL = new Date();
/** What a refused or failed memory command rejects with: a MemoryError carrying why, as a code. */
const memoryError = (code: MemoryErrorCode) => ({ name: 'MemoryError', code });

function fixture() {
  const dirs = memoryWorkspace({
    'MEMORY.md': ['# Memory', '- [Old A](project_a.md) — a', '- [Role](user_role.md) — me', '- [Old B](project_b.md) — b', '- [Both](project_a.md) and [role](user_role.md)', ''].join('\r\n'),
    'project_a.md': topic({ name: 'a', type: 'project', modified: daysAgo(200, NOW_REAL) }),
    'project_b.md': topic({ name: 'b', type: 'project', modified: daysAgo(150, NOW_REAL) }),
    'user_role.md': topic({ name: 'role', type: 'user', modified: daysAgo(10, NOW_REAL) }),
    'feedback_c.md': topic({ name: 'c', type: 'feedback', modified: daysAgo(20, NOW_REAL) }),
    'feedback_d.md': topic({ name: 'd', type: 'feedback', modified: daysAgo(20, NOW_REAL) }),
  });
  const o: MemoryOptions = { root: dirs.root, home: dirs.home, managedDir: dirs.managedDir, stateDir: dirs.stateDir };
  return { dirs, o };
}

describe('prune → restore', () => {
  it('archives the plan, removes only the archived items’ index lines, and restore gives back byte-identical files and index', async () => {
    const { dirs, o } = fixture();
    const before = snapshotDir(dirs.memoryDir);
    const result = await applyPrune(o, {});
    expect(result.archived.map((a) => a.relPath).sort()).toEqual(['project_a.md', 'project_b.md']);
    const after = snapshotDir(dirs.memoryDir);
    expect(Object.keys(after).sort()).toEqual(['MEMORY.md', 'feedback_c.md', 'feedback_d.md', 'user_role.md']);
    // Line 5 also points at a kept item, so it stays; CRLF endings and every other byte are kept, and so is the mtime.
    expect(readFileSync(path.join(dirs.memoryDir, 'MEMORY.md'), 'utf8')).toBe(['# Memory', '- [Role](user_role.md) — me', '- [Both](project_a.md) and [role](user_role.md)', ''].join('\r\n'));
    expect(after['MEMORY.md']?.split(' ')[1]).toBe(before['MEMORY.md']?.split(' ')[1]);
    for (const kept of ['feedback_c.md', 'user_role.md']) expect(after[kept]).toBe(before[kept]);
    const archived = path.join(dirs.stateDir, 'memory-archive', result.archived[0]?.storeId ?? '', result.planId, 'project_a.md');
    expect(readFileSync(archived).toString('base64')).toBe(before['project_a.md']?.split(' ')[0]);
    // The journal holds paths and hashes only.
    const journal = readFileSync(journalPath(dirs.stateDir), 'utf8');
    expect(journal).not.toContain('The fact about');
    expect(journal).not.toContain('Old A');

    const back = await restore(o, result.planId);
    expect(back.restored).toHaveLength(2);
    expect(snapshotDir(dirs.memoryDir)).toEqual(before);
    await expect(restore(o, result.planId)).rejects.toMatchObject(memoryError('restored-already'));
  });

  it('restores one item by id, putting its index line back, and refuses to overwrite a different file', async () => {
    const { dirs, o } = fixture();
    const before = snapshotDir(dirs.memoryDir);
    const result = await applyPrune(o, {});
    const a = result.archived.find((x) => x.relPath === 'project_a.md');
    await restore(o, a?.id ?? '');
    expect(readFileSync(path.join(dirs.memoryDir, 'MEMORY.md'), 'utf8')).toContain('- [Old A](project_a.md) — a');
    expect(snapshotDir(dirs.memoryDir)['project_a.md']).toBe(before['project_a.md']);
    writeFileSync(path.join(dirs.memoryDir, 'project_b.md'), 'a new memory with the same name\n');
    await expect(restore(o, result.planId)).rejects.toMatchObject(memoryError('occupied'));
    expect(readFileSync(path.join(dirs.memoryDir, 'project_b.md'), 'utf8')).toBe('a new memory with the same name\n');
  });

  it('refuses a plan when the store changed since it was made, and changes nothing', async () => {
    const { dirs, o } = fixture();
    const { plan } = await planFor(o);
    const planFile = path.join(dirs.base, 'plan.json');
    writeFileSync(planFile, JSON.stringify(planFileOf(plan)));
    writeFileSync(path.join(dirs.memoryDir, 'feedback_c.md'), topic({ name: 'c', type: 'feedback', body: 'edited' }));
    const old = new Date(Date.now() - 3 * DAY);
    utimesSync(path.join(dirs.memoryDir, 'feedback_c.md'), old, old);
    const before = snapshotDir(dirs.memoryDir);
    await expect(applyPrune(o, { planFile })).rejects.toMatchObject(memoryError('store-changed'));
    expect(snapshotDir(dirs.memoryDir)).toEqual(before);
  });

  it('refuses to archive more than maxArchiveFraction without --force, and a store written in the last minutes', async () => {
    const { dirs, o } = fixture();
    writeFileSync(path.join(dirs.root, 'agentgov.json'), JSON.stringify(withFewItems({ memory: { safety: { maxArchiveFraction: 0.3 } } })));
    await expect(applyPrune(o, {})).rejects.toMatchObject(memoryError('fraction'));
    writeFileSync(path.join(dirs.root, 'agentgov.json'), JSON.stringify(withFewItems()));
    writeFileSync(path.join(dirs.memoryDir, 'feedback_e.md'), topic({ name: 'e', type: 'feedback' }));
    await expect(applyPrune(o, {})).rejects.toMatchObject(memoryError('busy'));
    expect(existsSync(path.join(dirs.memoryDir, 'project_a.md'))).toBe(true);
    expect((await applyPrune(o, { force: true })).archived).toHaveLength(2);
  });

  it('rolls back every step when a move fails half-way (the second file changed under it)', async () => {
    const { dirs, o } = fixture();
    const before = snapshotDir(dirs.memoryDir);
    let moves = 0;
    await expect(
      applyPrune(o, {
        onStep(entry) {
          if (entry.op === 'move' && ++moves === 2) writeFileSync(entry.from, 'changed while pruning\n');
        },
      }),
    ).rejects.toMatchObject(memoryError('rolled-back'));
    const now = snapshotDir(dirs.memoryDir);
    const changed = Object.keys(before).filter((k) => now[k] !== before[k]);
    // Only the file changed by "the agent" differs; the first archived item and the index are back byte for byte.
    expect(changed).toHaveLength(1);
    expect(readFileSync(path.join(dirs.memoryDir, changed[0] ?? ''), 'utf8')).toBe('changed while pruning\n');
    const journal = await readJournal(dirs.stateDir);
    expect(journal.at(-1)).toMatchObject({ op: 'rollback', problems: 0 });
  });
});

describe('MEMORY.md over its target size', () => {
  function overBudget(policy: Record<string, unknown> = {}) {
    const dirs = overIndexTarget(policy, NOW_REAL);
    const o: MemoryOptions = { root: dirs.root, home: dirs.home, managedDir: dirs.managedDir, stateDir: dirs.stateDir };
    return { dirs, o };
  }

  it('drops the index lines of the lowest-scored items (files stay) until the index fits; restore puts them back byte for byte', async () => {
    const { dirs, o } = overBudget();
    const before = snapshotDir(dirs.memoryDir);
    const { plan } = await planFor(o);
    // 10 counted lines (heading, 8 entries, the shared line) → 6: the 4 oldest go; the shared line stays with feedback_0/1.
    expect(plan.stores[0]?.decisions.filter((d) => d.deindex).map((d) => d.item.relPath).sort()).toEqual(['feedback_4.md', 'feedback_5.md', 'feedback_6.md', 'feedback_7.md']);
    expect(planFileOf(plan).stores[0]?.deindex.map((d) => d.lines)).toEqual([[13], [12], [11], [10]]);
    const result = await applyPrune(o, {});
    expect([result.archived.length, result.deindexed.length, result.indexLinesRemoved]).toEqual([0, 4, 4]);
    const after = snapshotDir(dirs.memoryDir);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const name of Object.keys(before).filter((n) => n !== 'MEMORY.md')) expect(after[name]).toBe(before[name]);
    expect(readFileSync(path.join(dirs.memoryDir, 'MEMORY.md'), 'utf8')).not.toContain('feedback_7.md');
    // The next plan finds the index within its target.
    expect((await planFor(o)).plan.stores[0]?.deindexCount).toBe(0);
    const back = await restore(o, result.planId);
    expect(back.reindexed.map((r) => r.relPath).sort()).toEqual(['feedback_4.md', 'feedback_5.md', 'feedback_6.md', 'feedback_7.md']);
    expect(snapshotDir(dirs.memoryDir)).toEqual(before);
  });

  it('keeps the lines of pinned items and of items kept by name, and counts lines freed by archiving first', async () => {
    const { o } = overBudget({ keep: { names: ['feedback_7.md'] } });
    const { memory } = await openMemory(o, true);
    const oldest = memory.stores[0]?.items.find((i) => i.relPath === 'feedback_6.md')?.id ?? '';
    await changeLedger(o, oldest, { pin: true });
    const { plan } = await planFor(o);
    expect(plan.stores[0]?.decisions.filter((d) => d.deindex).map((d) => d.item.relPath).sort()).toEqual(['feedback_2.md', 'feedback_3.md', 'feedback_4.md', 'feedback_5.md']);
    // With maxAgeDays 130 the two oldest unkept items are archived: their lines go with them, fewer need dropping.
    const aged = overBudget({ maxAgeDays: 130 });
    const agedPlan = (await planFor(aged.o)).plan.stores[0];
    expect(agedPlan?.decisions.filter((d) => d.action === 'archive').map((d) => d.item.relPath).sort()).toEqual(['feedback_6.md', 'feedback_7.md']);
    expect(agedPlan?.decisions.filter((d) => d.deindex).map((d) => d.item.relPath).sort()).toEqual(['feedback_4.md', 'feedback_5.md']);
  });

  it('a plan file with deindex entries is checked like archive entries (a changed item refuses the plan)', async () => {
    const { dirs, o } = overBudget();
    const { plan } = await planFor(o);
    const planFile = path.join(dirs.base, 'plan.json');
    writeFileSync(planFile, JSON.stringify(planFileOf(plan)));
    writeFileSync(path.join(dirs.memoryDir, 'feedback_7.md'), topic({ name: 'changed', type: 'feedback', modified: daysAgo(160, NOW_REAL) }));
    utimesSync(path.join(dirs.memoryDir, 'feedback_7.md'), new Date(Date.now() - 3 * DAY), new Date(Date.now() - 3 * DAY));
    await expect(applyPrune(o, { planFile })).rejects.toMatchObject(memoryError('store-changed'));
  });
});

describe('other writers: Claude Code consolidating, a session running', () => {
  const deadPid = () => Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);

  it('backs off while .consolidate-lock is fresh and its pid runs; not when stale, dead, or forced', async () => {
    const { dirs, o } = fixture();
    const lock = path.join(dirs.memoryDir, '.consolidate-lock');
    writeFileSync(lock, String(process.pid));
    const before = snapshotDir(dirs.memoryDir);
    await expect(applyPrune(o, {})).rejects.toMatchObject(memoryError('consolidating'));
    await expect(forgetItem(o, 'project_a.md')).rejects.toMatchObject(memoryError('consolidating'));
    expect(snapshotDir(dirs.memoryDir)).toEqual(before);
    // Older than 60 minutes: stale whatever the pid.
    utimesSync(lock, new Date(Date.now() - 61 * 60_000), new Date(Date.now() - 61 * 60_000));
    expect((await applyPrune(o, {})).archived).toHaveLength(2);
    await restore(o, (await readJournal(dirs.stateDir)).find((e) => e.op === 'commit')?.planId ?? '');
    // Fresh, but the process that wrote it is gone.
    writeFileSync(lock, String(deadPid()));
    expect((await applyPrune(o, {})).archived).toHaveLength(2);
  });

  it('a fresh lock without a pid counts as held; --force goes ahead', async () => {
    const { dirs, o } = fixture();
    writeFileSync(path.join(dirs.memoryDir, '.consolidate-lock'), '');
    await expect(applyPrune(o, {})).rejects.toMatchObject(memoryError('consolidating'));
    expect((await applyPrune(o, { force: true })).archived).toHaveLength(2);
  });

  it('backs off while a transcript of the project was written in the last 10 minutes (policy activeSessionMinutes)', async () => {
    const { dirs, o } = fixture();
    const transcript = path.join(path.dirname(dirs.memoryDir), '0b5c-session.jsonl');
    writeFileSync(transcript, '{"type":"user"}\n');
    await expect(applyPrune(o, {})).rejects.toMatchObject(memoryError('session'));
    await expect(forgetItem(o, 'project_a.md')).rejects.toMatchObject(memoryError('session'));
    writeFileSync(path.join(dirs.root, 'agentgov.json'), JSON.stringify(withFewItems({ memory: { safety: { activeSessionMinutes: 0 } } })));
    expect((await applyPrune(o, {})).archived).toHaveLength(2);
    await restore(o, (await readJournal(dirs.stateDir)).find((e) => e.op === 'commit')?.planId ?? '');
    writeFileSync(path.join(dirs.root, 'agentgov.json'), JSON.stringify(withFewItems()));
    utimesSync(transcript, new Date(Date.now() - 11 * 60_000), new Date(Date.now() - 11 * 60_000));
    expect((await applyPrune(o, {})).archived).toHaveLength(2);
  });
});

describe('crash safety', () => {
  const child = fileURLToPath(new URL('./crash-child.mjs', import.meta.url));
  // begin, index, index-done, 2 × (move, move-done), commit
  const total = 8;

  it.each(Array.from({ length: total }, (_, i) => i + 1))('a prune killed at journal step %i is recovered with nothing lost', async (killAt) => {
    const { dirs, o } = fixture();
    const before = snapshotDir(dirs.memoryDir);
    const run = spawnSync(process.execPath, [child, JSON.stringify(o), String(killAt)], { encoding: 'utf8' });
    expect(run.signal).toBe('SIGKILL');
    expect(existsSync(lockPath(dirs.stateDir))).toBe(true);
    const notices = await recover(o);
    expect(existsSync(lockPath(dirs.stateDir))).toBe(false);
    if (killAt < total) {
      expect(notices.join('\n')).toMatch(/rolled back, every file is in place/);
      expect(snapshotDir(dirs.memoryDir)).toEqual(before);
    } else {
      // Killed after the commit was durable: the prune is complete; restore brings everything back.
      const planId = (await readJournal(dirs.stateDir)).find((e) => e.op === 'commit')?.planId ?? '';
      await restore(o, planId);
      expect(snapshotDir(dirs.memoryDir)).toEqual(before);
    }
  });

  it('completes all 8 steps when not killed', () => {
    const { o } = fixture();
    const run = spawnSync(process.execPath, [child, JSON.stringify(o), '999'], { encoding: 'utf8' });
    expect(run.stdout).toBe(`finished after ${total} steps\n`);
  });
});

describe('locks, ids, ledger, purge', () => {
  it('refuses a second run while the lock is held by a live process, takes over a stale one', async () => {
    const { dirs, o } = fixture();
    mkdirSync(dirs.stateDir, { recursive: true });
    writeFileSync(lockPath(dirs.stateDir), JSON.stringify({ time: new Date().toISOString(), pid: process.pid, hostname: os.hostname(), username: 'x', command: 'memory prune --apply' }));
    await expect(applyPrune(o, {})).rejects.toMatchObject(memoryError('locked'));
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(lockPath(dirs.stateDir), JSON.stringify({ time: new Date().toISOString(), pid: Number(dead), hostname: os.hostname(), username: 'x', command: 'x' }));
    const result = await applyPrune(o, {});
    expect(result.recovered.join()).toMatch(/stale memory lock/);
    expect(existsSync(lockPath(dirs.stateDir))).toBe(false);
  });

  it('two prunes at once: exactly one archives, the other is refused or finds nothing left', async () => {
    const { o } = fixture();
    const results = await Promise.allSettled([applyPrune(o, {}), applyPrune(o, {})]);
    const archived = results.flatMap((r) => (r.status === 'fulfilled' ? r.value.archived : []));
    expect(archived.map((a) => a.relPath).sort()).toEqual(['project_a.md', 'project_b.md']);
    for (const r of results) if (r.status === 'rejected') expect(['locked', 'store-changed']).toContain((r.reason as MemoryError).code);
  });

  it('refuses ids and paths that escape the store', async () => {
    const { dirs, o } = fixture();
    for (const bad of ['../../etc/passwd', '/etc/passwd', 'sub/../../x.md', '..']) await expect(forgetItem(o, bad)).rejects.toMatchObject(memoryError('outside-store'));
    await expect(forgetItem(o, 'mem:ffff')).rejects.toMatchObject(memoryError('not-found'));
    expect(Object.keys(snapshotDir(dirs.memoryDir))).toHaveLength(6);
  });

  it('forget archives one item (restorable); pin keeps an item out of a prune; verify resets its age — without touching files', async () => {
    const { dirs, o } = fixture();
    const before = snapshotDir(dirs.memoryDir);
    const forgotten = await forgetItem(o, 'feedback_c.md');
    expect(existsSync(path.join(dirs.memoryDir, 'feedback_c.md'))).toBe(false);
    await restore(o, forgotten.planId);
    expect(snapshotDir(dirs.memoryDir)).toEqual(before);

    const { memory } = await openMemory(o, true);
    const idOf = (rel: string) => memory.stores[0]?.items.find((i) => i.relPath === rel)?.id ?? '';
    await changeLedger(o, idOf('project_a.md'), { pin: true });
    await changeLedger(o, idOf('project_b.md'), { verify: true });
    expect(snapshotDir(dirs.memoryDir)).toEqual(before);
    const result = await applyPrune(o, {});
    expect(result.archived).toHaveLength(0);
    await changeLedger(o, idOf('project_a.md'), { pin: false });
    expect((await applyPrune(o, {})).archived.map((a) => a.relPath)).toEqual(['project_a.md']);
  });

  it('purge deletes only archives older than the given age', async () => {
    const { dirs, o } = fixture();
    const result = await applyPrune(o, {});
    expect((await purge(o, 1)).purged).toHaveLength(0);
    const archive = path.join(dirs.stateDir, 'memory-archive', result.archived[0]?.storeId ?? '', result.planId);
    expect(existsSync(path.join(archive, 'project_a.md'))).toBe(true);
    const later = await purge({ ...o, now: new Date(Date.now() + 2 * DAY) }, 1);
    expect(later.purged).toEqual([{ planId: result.planId, storeId: result.archived[0]?.storeId, files: 2, bytes: expect.any(Number) }]);
    expect(existsSync(archive)).toBe(false);
    expect(execFileSync('grep', ['-c', '"op":"purge"', journalPath(dirs.stateDir)], { encoding: 'utf8' }).trim()).toBe('2');
  });
});
