import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { loadMemory } from '../../src/memory/load-memory.js';
import { applyPrune } from '../../src/memory/service.js';
import { memorySettings } from '../../src/memory/settings.js';
import { runGit } from '../../src/workspace/git-process.js';
import { lastCommitDates } from '../../src/workspace/last-commit-dates.js';
import { loadWorkspace } from '../../src/workspace/load-workspace.js';
import { makeRepo } from '../helpers/git-repo.js';
import { DAY, NOW, setMtimes, withFewItems } from '../helpers/memory.js';
import { makeWorkspaceDirs, writeTree } from '../helpers/tree.js';

// Every git process agentgov starts goes through runGit: counting its calls counts the processes.
vi.mock('../../src/workspace/git-process.js', async (original) => {
  const actual = await original<typeof import('../../src/workspace/git-process.js')>();
  return { ...actual, runGit: vi.fn(actual.runGit) };
});

const logCalls = () => vi.mocked(runGit).mock.calls.filter(([, args]) => args.includes('log'));

async function repoWithStores() {
  const dirs = makeWorkspaceDirs();
  await makeRepo(dirs.root, [
    { files: { '.claude/agent-memory/rev/a.md': 'a\n', 'notes/mem/b.md': 'b\n', 'other/c.md': 'c\n' }, author: 'Ann', date: '2020-01-10T00:00:00Z', message: 'add' },
    { files: { 'notes/mem/b.md': 'b2\n' }, author: 'Bob', date: '2020-03-05T00:00:00Z', message: 'edit' },
  ]);
  return dirs;
}

describe('git dates of memory files', () => {
  it('dates the files of every store in the repository from one git log, one store per folder', async () => {
    const dirs = await repoWithStores();
    writeTree(dirs.root, { 'notes/mem/untracked.md': 'new\n' });
    const ws = await loadWorkspace({ root: dirs.root, home: dirs.home, managedDir: dirs.managedDir });
    // The second glob names the agent's folder again: one store, not two.
    const settings = memorySettings({ sections: { memory: { autoMemory: false, stores: ['notes/mem/*.md', '.claude/agent-memory/rev/*.md'] } } });
    vi.mocked(runGit).mockClear();
    const memory = await loadMemory({ workspace: ws, settings, now: NOW, skipRecalls: true });
    expect(logCalls()).toHaveLength(1);
    expect(memory.stores.map((s) => s.name)).toEqual(['agent:rev', 'notes/mem/*.md']);
    const dated = Object.fromEntries(memory.stores.flatMap((s) => s.items.map((i) => [`${s.name}:${i.relPath}`, [i.modifiedSource, i.modified.slice(0, 10)]])));
    expect(dated).toEqual({
      'agent:rev:a.md': ['git', '2020-01-10'],
      'notes/mem/*.md:b.md': ['git', '2020-03-05'],
      'notes/mem/*.md:untracked.md': ['mtime', expect.any(String)],
    });
  });

  it('lastCommitDates: only files under the folders asked for, no git process for folders outside the repository', async () => {
    const dirs = await repoWithStores();
    const dates = await lastCommitDates(dirs.root, [path.join(dirs.root, '.claude/agent-memory/rev'), path.join(dirs.root, 'notes/mem')]);
    expect([...dates].sort()).toEqual([
      [path.join(dirs.root, '.claude/agent-memory/rev/a.md'), '2020-01-10T00:00:00+00:00'],
      [path.join(dirs.root, 'notes/mem/b.md'), '2020-03-05T00:00:00+00:00'],
    ]);
    vi.mocked(runGit).mockClear();
    expect((await lastCommitDates(dirs.root, [dirs.home])).size).toBe(0);
    expect(runGit).not.toHaveBeenCalled();
  });

  it('prune --apply reads the stores once, under the lock, and archives what that read shows', async () => {
    const dirs = await repoWithStores();
    writeTree(dirs.root, { 'agentgov.json': JSON.stringify(withFewItems({ memory: { autoMemory: false, agentMemory: false, stores: ['notes/mem/*.md', 'other/*.md'] } })) });
    setMtimes(path.join(dirs.root, 'notes'), new Date(Date.now() - 3 * DAY));
    setMtimes(path.join(dirs.root, 'other'), new Date(Date.now() - 3 * DAY));
    vi.mocked(runGit).mockClear();
    const result = await applyPrune({ root: dirs.root, home: dirs.home, managedDir: dirs.managedDir, stateDir: path.join(dirs.base, 'state') }, { force: true });
    expect(logCalls()).toHaveLength(1);
    expect(result.archived.map((a) => a.relPath).sort()).toEqual(['b.md', 'c.md']);
  });
});
