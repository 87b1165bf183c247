import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadMemory, recordSeen } from '../../src/memory/load-memory.js';
import { planMemory, type ItemDecision } from '../../src/memory/plan.js';
import { planFileOf } from '../../src/memory/plan-file.js';
import { memoryListJson, memoryPlanJson } from '../../src/report/memory.js';
import { memorySettings } from '../../src/memory/settings.js';
import { loadWorkspace } from '../../src/workspace/load-workspace.js';
import { projectSlug } from '../../src/workspace/transcripts.js';
import { makeRepo } from '../helpers/git-repo.js';
import { daysAgo, memoryWorkspace, NOW, topic, withFewItems } from '../helpers/memory.js';
import { json, makeWorkspaceDirs, writeTree } from '../helpers/tree.js';

async function load(dirs: { root: string; home: string; managedDir: string; stateDir?: string }, memoryPolicy: Record<string, unknown> = {}) {
  const ws = await loadWorkspace({ root: dirs.root, home: dirs.home, managedDir: dirs.managedDir });
  const settings = memorySettings({ sections: withFewItems({ memory: memoryPolicy }) });
  const memory = await loadMemory({ workspace: ws, settings, now: NOW, content: true, ...(dirs.stateDir ? { stateDir: dirs.stateDir } : {}) });
  return { memory, settings, plan: planMemory(memory, settings) };
}

const byPath = (decisions: readonly ItemDecision[]) => Object.fromEntries(decisions.map((d) => [d.item.relPath, { action: d.action, keep: d.keep, archive: d.archive }]));

describe('memory stores', () => {
  it('reads auto memory under the project slug, both frontmatter shapes, and the MEMORY.md index', async () => {
    const dirs = memoryWorkspace({
      'MEMORY.md': '- [Old](project_old.md) — x\n- [Role](user_role.md) — y\n',
      'project_old.md': topic({ name: 'Old thing', type: 'project', modified: daysAgo(100) }),
      'user_role.md': topic({ name: 'user-role', type: 'user', metadata: true, modified: daysAgo(10) }),
      'notes.md': 'no frontmatter at all\n',
    });
    const { memory } = await load(dirs);
    const store = memory.stores.find((s) => s.kind === 'claude-auto');
    expect(store?.displayRoot).toBe(`~/.claude/projects/${projectSlug(dirs.root)}/memory`);
    const items = Object.fromEntries((store?.items ?? []).map((i) => [i.relPath, [i.type, i.shape, i.modifiedSource, i.indexLines]]));
    expect(items).toEqual({
      'notes.md': ['unknown', 'none', 'mtime', []],
      'project_old.md': ['project', 'top-level-type', 'frontmatter', [1]],
      'user_role.md': ['user', 'metadata-type', 'frontmatter', [2]],
    });
    // Ids are stable across edits (store + path, not content).
    const before = store?.items.map((i) => i.id);
    writeFileSync(path.join(dirs.memoryDir, 'notes.md'), 'edited\n');
    const again = (await load(dirs)).memory.stores.find((s) => s.kind === 'claude-auto');
    expect(again?.items.map((i) => i.id)).toEqual(before);
  });

  it('derives the slug from the main work tree, so a worktree shares its memory', async () => {
    const dirs = makeWorkspaceDirs();
    await makeRepo(dirs.root, [{ files: { 'a.txt': 'a' }, author: 'Ann', date: '2026-01-01T00:00:00Z', message: 'a' }]);
    const worktree = path.join(dirs.base, 'wt');
    execFileSync('git', ['worktree', 'add', '-q', worktree], { cwd: dirs.root });
    writeTree(path.join(dirs.home, '.claude/projects', projectSlug(dirs.root), 'memory'), { 'x.md': topic({ name: 'x', type: 'project' }) });
    const { memory } = await load({ ...dirs, root: worktree });
    expect(memory.stores.find((s) => s.kind === 'claude-auto')?.items.map((i) => i.relPath)).toEqual(['x.md']);
  });

  it('honours autoMemoryDirectory (~/ or absolute) from settings, and ignores a relative one', async () => {
    const dirs = makeWorkspaceDirs({
      home: { '.claude/settings.json': json({ autoMemoryDirectory: '~/mem' }), 'mem/a.md': topic({ name: 'a', type: 'feedback' }) },
    });
    expect((await load(dirs)).memory.stores.find((s) => s.kind === 'claude-auto')?.items.map((i) => i.relPath)).toEqual(['a.md']);
    writeTree(dirs.root, { '.claude/settings.json': json({ autoMemoryDirectory: 'relative/dir' }) });
    const { memory } = await load(dirs);
    expect(memory.notices.some((n) => n.includes('autoMemoryDirectory'))).toBe(true);
    expect(memory.stores.find((s) => s.kind === 'claude-auto')?.origin).toContain('~/.claude/settings.json');
  });

  it('reads policy glob stores and dates tracked files by their last git commit', async () => {
    const dirs = makeWorkspaceDirs();
    await makeRepo(dirs.root, [
      { files: { '.claude/memories/old.md': 'old fact\n', '.claude/memories/kept.md': 'v1\n' }, author: 'Ann', date: '2026-01-10T00:00:00Z', message: 'add' },
      { files: { '.claude/memories/kept.md': 'v2\n' }, author: 'Bob', date: '2026-11-01T00:00:00Z', message: 'edit' },
    ]);
    writeTree(dirs.root, { '.claude/memories/new.md': 'untracked\n', '.claude/memories/skip.txt': 'not matched\n' });
    const { memory, plan } = await load(dirs, { stores: ['.claude/memories/*.md'], autoMemory: false });
    const store = memory.stores.find((s) => s.kind === 'policy-glob');
    const modified = Object.fromEntries((store?.items ?? []).map((i) => [i.relPath, [i.modifiedSource, i.modified.slice(0, 10)]]));
    expect(modified['old.md']).toEqual(['git', '2026-01-10']);
    expect(modified['kept.md']).toEqual(['git', '2026-11-01']);
    expect(modified['new.md']?.[0]).toBe('mtime');
    expect(Object.keys(modified).sort()).toEqual(['kept.md', 'new.md', 'old.md']);
    expect(byPath(plan.stores.find((s) => s.store.kind === 'policy-glob')?.decisions ?? [])['old.md']?.action).toBe('archive');
  });

  it('does not follow symlinks out of a store, and never throws on unreadable or binary files', async () => {
    const dirs = memoryWorkspace({ 'a.md': topic({ name: 'a', type: 'project' }), 'bin.md': new Uint8Array([0, 1, 2]) });
    writeTree(dirs.base, { 'outside/secret.md': 'outside\n' });
    symlinkSync(path.join(dirs.base, 'outside/secret.md'), path.join(dirs.memoryDir, 'link.md'));
    mkdirSync(path.join(dirs.memoryDir, 'sub'));
    symlinkSync(path.join(dirs.base, 'outside'), path.join(dirs.memoryDir, 'sub/dir'));
    const store = (await load(dirs)).memory.stores.find((s) => s.kind === 'claude-auto');
    expect(store?.items.map((i) => i.relPath)).toEqual(['a.md']);
    expect(store?.skipped.map((s) => s.relPath).sort()).toEqual(['bin.md', 'link.md', 'sub/dir']);
  });

  it('reads a memory file with invalid UTF-8 (bad bytes replaced) and says where the first bad byte is', async () => {
    const dirs = memoryWorkspace({ 'latin1.md': Buffer.from('line one\nCaf\xe9\n', 'latin1') });
    const { memory } = await load(dirs);
    const store = memory.stores.find((s) => s.kind === 'claude-auto');
    expect(store?.items.map((i) => i.content?.text)).toEqual(['line one\nCaf\ufffd\n']);
    expect(store?.invalidUtf8).toEqual([{ relPath: 'latin1.md', line: 2, column: 4 }]);
    expect(memory.notices.filter((n) => n.includes('latin1.md:2:4'))).toHaveLength(1);
  });

  it('counts MEMORY.md lines after stripping frontmatter and block HTML comments', async () => {
    const entries = Array.from({ length: 205 }, (_, i) => `- [M${i}](m${i}.md) — hook`);
    const dirs = memoryWorkspace({ 'MEMORY.md': ['---', 'a: 1', '---', '<!--', 'comment', '-->', ...entries, ''].join('\n') });
    const index = (await load(dirs)).memory.stores.find((s) => s.kind === 'claude-auto')?.index;
    expect(index?.loadedLines).toBe(200);
    expect(index?.firstUnloadedLine).toBe(6 + 201);
    expect(index?.entries.filter((e) => !e.withinBudget)).toHaveLength(5);
    expect(index?.entries[0]?.missing).toEqual(['m0.md']);
  });

  it('reads recalls (distinct days) from transcripts: Read tool uses of files in the store', async () => {
    const dirs = memoryWorkspace({ 'project_a.md': topic({ name: 'a', type: 'project', modified: daysAgo(200) }) });
    const file = path.join(dirs.memoryDir, 'project_a.md');
    const use = (id: string, at: string) => JSON.stringify({ type: 'assistant', timestamp: at, message: { content: [{ type: 'tool_use', id, name: 'Read', input: { file_path: file } }] } });
    writeTree(path.join(dirs.home, '.claude/projects', projectSlug(dirs.root)), {
      's1.jsonl': [use('a', daysAgo(20)), use('b', daysAgo(20)), use('c', daysAgo(10)), 'not json', use('c', daysAgo(10))].join('\n'),
    });
    const { memory, plan } = await load(dirs);
    const id = memory.stores[0]?.items[0]?.id ?? '';
    expect(memory.state.get(id)?.recallDays).toEqual([daysAgo(20).slice(0, 10), daysAgo(10).slice(0, 10)]);
    const d = plan.stores[0]?.decisions[0];
    expect(d?.score.anchorSource).toBe('recalled');
    expect(d?.score.r).toBeCloseTo(2 ** (-10 / (30 * (1 + 0.5 * Math.log(3)))), 6);
  });
});

describe('retention plan', () => {
  const store = () =>
    memoryWorkspace({
      'project_old.md': topic({ name: 'old', type: 'project', modified: daysAgo(100) }),
      'project_stale.md': topic({ name: 'stale', type: 'project', modified: daysAgo(40) }),
      'project_new.md': topic({ name: 'new', type: 'project', modified: daysAgo(3) }),
      'user_me.md': topic({ name: 'me', type: 'user', modified: daysAgo(900) }),
      'reference_keep.md': topic({ name: 'keep-me', type: 'reference', modified: daysAgo(500) }),
      'feedback_exp.md': topic({ name: 'exp', type: 'feedback', modified: daysAgo(5), expires: '2026-11-20' }),
      'feedback_today.md': topic({ name: 'today', type: 'feedback', modified: daysAgo(20), expires: '2026-11-21' }),
      'feedback_bad.md': topic({ name: 'bad', type: 'feedback', modified: daysAgo(20), expires: '2026-02-30' }),
    });

  it('archives below 0.25, flags below 0.5, and keep rules (within, type, names) win', async () => {
    const { plan } = await load(store(), { keep: { names: ['keep-*'] } });
    expect(byPath(plan.stores[0]?.decisions ?? [])).toEqual({
      'project_old.md': { action: 'archive', keep: [], archive: ['decayed'] },
      'project_stale.md': { action: 'flag', keep: [], archive: [] },
      'project_new.md': { action: 'keep', keep: ['within'], archive: [] },
      'user_me.md': { action: 'keep', keep: ['type'], archive: ['decayed'] },
      'reference_keep.md': { action: 'keep', keep: ['name'], archive: ['decayed'] },
      'feedback_exp.md': { action: 'keep', keep: ['within'], archive: ['expired'] },
      'feedback_today.md': { action: 'ok', keep: [], archive: [] },
      'feedback_bad.md': { action: 'ok', keep: [], archive: [] },
    });
  });

  it('plan JSON: the plan file as data, one line per archived or flagged item, whatever the names hold', async () => {
    const dirs = store();
    writeTree(dirs.memoryDir, { 'project_odd.md': topic({ name: '"quoted" \\ name', type: 'project', modified: daysAgo(300) }) });
    const { plan } = await load(dirs, { keep: { within: '1d' } });
    const text = memoryPlanJson(plan);
    expect(JSON.parse(text)).toEqual(planFileOf(plan));
    const entryLines = text.split('\n').filter((l) => l.trim().startsWith('{"id":'));
    expect(entryLines).toHaveLength((plan.stores[0]?.archiveCount ?? 0) + (plan.stores[0]?.decisions.filter((d) => d.action === 'flag').length ?? 0));
    expect(entryLines.length).toBeGreaterThan(2);
    const list = JSON.parse(memoryListJson(plan, ['a notice'])) as { stores: { items: unknown[] }[]; notices: string[] };
    expect([list.stores[0]?.items.length, list.notices]).toEqual([9, ['a notice']]);
  });

  it('orders decisions archive, flag, keep, ok, then by R, then by path: ties of R kept in path order, items in any order', async () => {
    // Same-day items of one type tie on R; the numbers sort by packed rank and index, the comparator when out of path order.
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`t${(i * 7) % 40}_${i % 3}.md`] = topic({ name: `n${i}`, type: i % 2 ? 'project' : 'reference', modified: daysAgo([3, 40, 100, 900][i % 4] ?? 3) });
    const { memory, settings, plan } = await load(memoryWorkspace(files));
    const rank = { archive: 0, flag: 1, keep: 2, ok: 3 };
    const expected = [...(plan.stores[0]?.decisions ?? [])].sort((a, b) => rank[a.action] - rank[b.action] || a.score.r - b.score.r || (a.item.relPath < b.item.relPath ? -1 : 1));
    const paths = (ds: readonly ItemDecision[]) => ds.map((d) => d.item.relPath);
    expect(new Set(plan.stores[0]?.decisions.map((d) => d.score.r)).size).toBeLessThan(40);
    expect(paths(plan.stores[0]?.decisions ?? [])).toEqual(paths(expected));
    const store = memory.stores[0];
    if (!store) throw new Error('no store');
    const shuffled = planMemory({ ...memory, stores: [{ ...store, items: [...store.items].reverse() }] }, settings);
    expect(paths(shuffled.stores[0]?.decisions ?? [])).toEqual(paths(expected));
  });

  it('plan and list JSON keep one entry per line when paths hold JSON punctuation', async () => {
    const names = ['a},{"id":"x.md', 'b},{.md', 'c"},{"id":.md', 'd\\},{"id":\\.md', 'e\u2028},{.md'];
    const files = Object.fromEntries(names.map((n, i) => [n, topic({ name: `odd${i}`, type: 'project', modified: daysAgo(i % 2 ? 300 : 40) })]));
    const { plan } = await load(memoryWorkspace(files), { keep: { within: '1d' } });
    const text = memoryPlanJson(plan);
    expect(JSON.parse(text)).toEqual(planFileOf(plan));
    const entries = text.split('\n').filter((l) => l.trim().startsWith('{"id":'));
    expect(entries).toHaveLength(names.length);
    for (const line of entries) expect(() => JSON.parse(line.trim().replace(/,$/, ''))).not.toThrow();
    const list = memoryListJson(plan, []);
    expect(list.split('\n').filter((l) => l.trim().startsWith('{"id":'))).toHaveLength(names.length);
    expect((JSON.parse(list) as { stores: { items: { path: string }[] }[] }).stores[0]?.items.map((i) => i.path).sort()).toEqual([...names].sort());
  });

  it('honours expires (inclusive UTC day) once no keep rule applies, and reports an invalid date without failing', async () => {
    const { plan, memory } = await load(store(), { keep: { within: '1d' } });
    const decisions = byPath(plan.stores[0]?.decisions ?? []);
    expect(decisions['feedback_exp.md']).toEqual({ action: 'archive', keep: [], archive: ['expired'] });
    expect(decisions['feedback_today.md']?.archive).toEqual([]);
    expect(memory.stores[0]?.items.find((i) => i.relPath === 'feedback_bad.md')?.invalidExpires).toBe('2026-02-30');
  });

  it('keeps pinned items and the newest keep.last per store; applies maxAgeDays and maxItems', async () => {
    const dirs = store();
    const first = await load({ ...dirs, stateDir: dirs.stateDir });
    const oldId = first.memory.stores[0]?.items.find((i) => i.relPath === 'project_old.md')?.id ?? '';
    // As `memory pin` does: the item gets its ledger entry, then the pin.
    const pinned = recordSeen(first.memory).items[oldId];
    if (pinned) pinned.pinned = true;
    const plan = planMemory(first.memory, first.settings);
    expect(byPath(plan.stores[0]?.decisions ?? [])['project_old.md']).toMatchObject({ action: 'keep', keep: ['pinned'] });

    const last = await load(dirs, { keep: { last: 2, within: '0d', types: [] } });
    const kept = (last.plan.stores[0]?.decisions ?? []).filter((d) => d.keep.includes('last')).map((d) => d.item.relPath).sort();
    expect(kept).toEqual(['feedback_exp.md', 'project_new.md']);

    const aged = await load(dirs, { maxAgeDays: 30, keep: { within: '0d', types: [] } });
    expect(byPath(aged.plan.stores[0]?.decisions ?? [])['project_stale.md']).toEqual({ action: 'archive', keep: [], archive: ['max-age'] });

    const many = await load(dirs, { maxItems: 6, keep: { names: ['keep-*'] } });
    const d = byPath(many.plan.stores[0]?.decisions ?? []);
    // 8 items, project_old already archived (decayed): one more goes, the lowest-scored unkept one.
    expect(Object.entries(d).filter(([, v]) => v.archive.includes('max-items')).map(([k]) => k)).toEqual(['project_stale.md']);
  });
});
