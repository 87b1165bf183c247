import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { fourItemStore, snapshotDir } from '../helpers/memory.js';

const store = () => fourItemStore();

describe('agentgov memory', () => {
  it('list --format json gives every item with type, age, R and action or keep reason, sorted', async () => {
    const dirs = store();
    const { code, stdout } = await cli(['memory', 'list', dirs.root, '--home', dirs.home, '--state-dir', dirs.stateDir, '--format', 'json']);
    expect(code).toBe(0);
    const items = (JSON.parse(stdout) as { stores: { kind: string; items: { path: string; type: string; action: string; keep: string[]; r: number; ageDays: number }[] }[] }).stores.find((s) => s.kind === 'claude-auto')?.items ?? [];
    expect(items.map((i) => [i.path, i.type, i.action, i.keep])).toEqual([
      ['project_old.md', 'project', 'archive', []],
      ['user_me.md', 'user', 'flag', ['type']],
      ['feedback_d.md', 'feedback', 'flag', []],
      ['feedback_c.md', 'feedback', 'ok', []],
    ]);
    expect(items[0]?.r).toBeCloseTo(2 ** (-120 / 30), 2);
    // Read-only: list and plan write nothing, not even the ledger.
    await cli(['memory', 'plan', dirs.root, '--home', dirs.home, '--state-dir', dirs.stateDir]);
    expect(existsSync(dirs.stateDir)).toBe(false);
  });

  it('plan --out, prune --apply --plan, restore: prints what it did and how to undo it; files come back byte-identical', async () => {
    const dirs = store();
    const before = snapshotDir(dirs.memoryDir);
    const base = ['--home', dirs.home, '--state-dir', dirs.stateDir];
    const planFile = path.join(dirs.base, 'plan.json');
    const plan = await cli(['memory', 'prune', dirs.root, ...base, '--out', planFile]);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/dry run/);
    expect(snapshotDir(dirs.memoryDir)).toEqual(before);
    const planId = (JSON.parse(readFileSync(planFile, 'utf8')) as { planId: string }).planId;
    const applied = await cli(['memory', 'prune', dirs.root, ...base, '--apply', '--plan', planFile]);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(`Undo with: agentgov memory restore ${planId}`);
    expect(existsSync(path.join(dirs.memoryDir, 'project_old.md'))).toBe(false);
    const restored = await cli(['memory', 'restore', planId, dirs.root, ...base]);
    expect(restored.code).toBe(0);
    expect(snapshotDir(dirs.memoryDir)).toEqual(before);
  });

  it('pin prints its undo; forget refuses escaping paths with exit 2; purge needs --older-than', async () => {
    const dirs = store();
    const base = ['--home', dirs.home, '--state-dir', dirs.stateDir];
    const pin = await cli(['memory', 'pin', 'project_old.md', dirs.root, ...base]);
    expect(pin.code).toBe(0);
    expect(pin.stdout).toMatch(/Undo with: agentgov memory unpin mem:[0-9a-f]{16}/);
    const escape = await cli(['memory', 'forget', '../../etc/passwd', dirs.root, ...base]);
    expect(escape.code).toBe(2);
    expect(escape.stderr).toMatch(/outside every memory store/);
    expect((await cli(['memory', 'purge', dirs.root, ...base])).code).toBe(2);
    expect((await cli(['memory', 'purge', dirs.root, ...base, '--older-than', 'soon'])).code).toBe(2);
    const purge = await cli(['memory', 'purge', dirs.root, ...base, '--older-than', '90d']);
    expect(purge.code).toBe(0);
    expect(purge.stdout).toMatch(/cannot be undone/);
  });
});
