import { describe, expect, it } from 'vitest';
import { memoryAuditor } from '../../../src/audit/memory/index.js';
import { runAudit } from '../../../src/audit/run-audit.js';
import { projectSlug } from '../../../src/workspace/transcripts.js';
import { summarize } from '../../helpers/audit.js';
import { daysAgo, memoryWorkspace, NOW, topic, withFewItems } from '../../helpers/memory.js';
import type { TreeSpec } from '../../helpers/tree.js';

async function audit(memory: TreeSpec, policy?: { memory?: Record<string, unknown> }) {
  const dirs = memoryWorkspace(memory, { policy: withFewItems(policy) });
  const run = await runAudit({ root: dirs.root, home: dirs.home, managedDir: dirs.managedDir, now: NOW, auditors: [memoryAuditor], failOn: 'never' });
  const prefix = `~/.claude/projects/${projectSlug(dirs.root)}/memory/`;
  const findings = run.report.findings.map((f) => ({ ...f, location: { ...f.location, file: f.location.file.replace(prefix, '') } }));
  return { ...run, findings, dirs };
}

const indexed = (files: string[]) => `${files.map((f) => `- [${f}](${f}) — hook`).join('\n')}\n`;

describe('memory rules', () => {
  it('stale-memory flags 0.25 ≤ R < 0.5 and prune-candidate R < 0.25, not fresh or kept items', async () => {
    const { findings } = await audit({
      'MEMORY.md': indexed(['project_fresh.md', 'project_stale.md', 'project_old.md', 'user_old.md']),
      'project_fresh.md': topic({ name: 'fresh', type: 'project', modified: daysAgo(20) }),
      'project_stale.md': topic({ name: 'stale', type: 'project', modified: daysAgo(45) }),
      'project_old.md': topic({ name: 'old', type: 'project', modified: daysAgo(61) }),
      'user_old.md': topic({ name: 'me', type: 'user', modified: daysAgo(2000) }),
    });
    expect(summarize(findings, 'memory/stale-memory')).toEqual(['memory/stale-memory project_stale.md:-:- stale']);
    expect(summarize(findings, 'memory/prune-candidate')).toEqual(['memory/prune-candidate project_old.md:-:- archive']);
    expect(findings.find((f) => f.ruleId === 'memory/prune-candidate')?.severity).toBe('warning');
  });

  it('expired-memory reports a past expires: date, and an invalid one (downgraded), never a future one', async () => {
    const { findings } = await audit({
      'MEMORY.md': indexed(['a.md', 'b.md', 'c.md']),
      'a.md': topic({ name: 'a', type: 'feedback', modified: daysAgo(1), expires: '2026-11-20' }),
      'b.md': topic({ name: 'b', type: 'feedback', modified: daysAgo(1), expires: '2026-11-21' }),
      'c.md': topic({ name: 'c', type: 'feedback', modified: daysAgo(1), expires: 'soon' }),
    });
    expect(summarize(findings, 'memory/expired-memory')).toEqual(['memory/expired-memory a.md:-:- expired', 'memory/expired-memory c.md:-:- invalid']);
    expect(findings.filter((f) => f.ruleId === 'memory/expired-memory').map((f) => f.severity)).toEqual(['warning', 'info']);
  });

  it('retention-exceeded reports items past maxAgeDays and stores past maxItems, only when the policy sets them', async () => {
    const memory = {
      'MEMORY.md': indexed(['a.md', 'b.md', 'c.md']),
      'a.md': topic({ name: 'a', type: 'feedback', modified: daysAgo(100) }),
      'b.md': topic({ name: 'b', type: 'feedback', modified: daysAgo(5) }),
      'c.md': topic({ name: 'c', type: 'user', modified: daysAgo(200) }),
    };
    expect(summarize((await audit(memory)).findings, 'memory/retention-exceeded')).toEqual([]);
    const { findings } = await audit(memory, { memory: { maxAgeDays: 90, maxItems: 2 } });
    expect(summarize(findings, 'memory/retention-exceeded')).toEqual(['memory/retention-exceeded MEMORY.md:-:- tooMany', 'memory/retention-exceeded a.md:-:- tooOld', 'memory/retention-exceeded c.md:-:- tooOld']);
    // c.md is kept by type: reported one step lower.
    expect(findings.find((f) => f.location.file === 'c.md' && f.ruleId === 'memory/retention-exceeded')?.severity).toBe('info');
  });

  it('index-over-budget points at the first line Claude Code does not load', async () => {
    const lines = Array.from({ length: 201 }, (_, i) => `- [m${i}](m.md) — ${i}`);
    const { findings } = await audit({ 'MEMORY.md': `<!-- not counted -->\n${lines.join('\n')}\n`, 'm.md': topic({ name: 'm', type: 'user' }) });
    expect(summarize(findings, 'memory/index-over-budget')).toEqual(['memory/index-over-budget MEMORY.md:202:1 over']);
    const fits = await audit({ 'MEMORY.md': `<!-- not counted -->\n${lines.slice(0, 200).join('\n')}\n`, 'm.md': topic({ name: 'm', type: 'user' }) });
    expect(summarize(fits.findings, 'memory/index-over-budget')).toEqual([]);
    const bytes = await audit({ 'MEMORY.md': `${'x'.repeat(26_000)}\n- [m](m.md)\n`, 'm.md': topic({ name: 'm', type: 'user' }) });
    expect(summarize(bytes.findings, 'memory/index-over-budget')).toEqual(['memory/index-over-budget MEMORY.md:1:1 over']);
  });

  it('dangling-index-entry reports lines pointing to missing files or out of the store; orphan-memory the files no line points to', async () => {
    const { findings } = await audit({
      'MEMORY.md': '# Index\n- [A](a.md) — ok\n- [Gone](gone.md) — x\n- [Out](../../secret.md)\n- [Web](https://example.com) [Sub](sub/b.md)\n',
      'a.md': topic({ name: 'a', type: 'user' }),
      'sub/b.md': topic({ name: 'b', type: 'user' }),
      'c.md': topic({ name: 'c', type: 'user' }),
    });
    expect(summarize(findings, 'memory/dangling-index-entry')).toEqual(['memory/dangling-index-entry MEMORY.md:3:1 dangling', 'memory/dangling-index-entry MEMORY.md:4:1 dangling']);
    expect(summarize(findings, 'memory/orphan-memory')).toEqual(['memory/orphan-memory c.md:-:- orphan']);
  });

  it('secret-in-memory reports the kind and position, never the secret', async () => {
    const token = `ghp_${'a1B2c3D4e5'.repeat(3)}abcdef`;
    const { findings, report } = await audit({
      'MEMORY.md': indexed(['a.md', 'b.md']),
      'a.md': topic({ name: 'a', type: 'reference', body: `Deploy with\nthe token ${token} please` }),
      'b.md': topic({ name: 'b', type: 'reference', body: 'Use $GITHUB_TOKEN from the environment; password: ${DB_PASS}' }),
    });
    expect(summarize(findings, 'memory/secret-in-memory')).toEqual(['memory/secret-in-memory a.md:7:11 secret']);
    expect(JSON.stringify(report)).not.toContain(token);
  });

  it('reports nothing for a healthy store, and runs without any store', async () => {
    const { findings } = await audit({ 'MEMORY.md': indexed(['user_role.md']), 'user_role.md': topic({ name: 'role', type: 'user', metadata: true, modified: daysAgo(3) }) });
    expect(findings).toEqual([]);
    const none = await audit({});
    expect(none.findings).toEqual([]);
    expect(none.report.auditors.memory?.metrics).toMatchObject({ available: true, items: 0 });
  });
});
