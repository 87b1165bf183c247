import { mkdirSync, readdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { projectSlug } from '../../src/workspace/transcripts.js';
import { makeWorkspaceDirs, writeTree, type TreeSpec } from './tree.js';

export const DAY = 86_400_000;
/** The clock the memory tests score against. */
export const NOW = new Date('2026-11-21T12:00:00Z');

export function daysAgo(n: number, from: Date = NOW): string {
  return new Date(from.getTime() - n * DAY).toISOString();
}

/** A topic file in either frontmatter shape (`metadata` puts the type under `metadata:`, as Claude Code 2.1.139+ does). */
export function topic(o: { name: string; type?: string; modified?: string; expires?: string; metadata?: boolean; body?: string }): string {
  const lines = ['---', `name: ${o.name}`, `description: about ${o.name}`];
  if (o.type) lines.push(...(o.metadata ? ['metadata:', `  type: ${o.type}`] : [`type: ${o.type}`]));
  if (o.modified) lines.push(`modified: ${o.modified}`);
  if (o.expires) lines.push(`expires: ${o.expires}`);
  lines.push('---', o.body ?? `The fact about ${o.name}.`, '');
  return lines.join('\n');
}

/**
 * The policy of the memory fixtures: they hold fewer items than keep.last (10 by default), which would keep every one
 * of them, so tests of the other rules turn it off (`withFewItems` adds it to a policy of a test's own).
 */
export function withFewItems(policy: { memory?: Record<string, unknown> } = {}): { memory: Record<string, unknown> } {
  const memory = policy.memory ?? {};
  return { ...policy, memory: { ...memory, keep: { last: 0, ...(memory.keep as object | undefined) } } };
}

/**
 * A workspace whose project has Claude Code auto memory (in `<home>/.claude/projects/<slug>/memory`) built from
 * `memory`, and the policy `agentgov.json` (default {@link withFewItems}; `null` writes none).
 */
export function memoryWorkspace(memory: TreeSpec, extra: { project?: TreeSpec; home?: TreeSpec; mtime?: Date; policy?: unknown } = {}) {
  const policy = extra.policy === undefined ? withFewItems() : extra.policy;
  const project = { ...(policy === null ? {} : { 'agentgov.json': JSON.stringify(policy) }), ...extra.project };
  const dirs = makeWorkspaceDirs({ project, home: extra.home ?? {} });
  const memoryDir = path.join(dirs.home, '.claude', 'projects', projectSlug(dirs.root), 'memory');
  mkdirSync(memoryDir, { recursive: true });
  writeTree(memoryDir, memory);
  // Files written just now would trip the "an agent may be writing" guard; date them like a store at rest.
  setMtimes(memoryDir, extra.mtime ?? new Date(Date.now() - 3 * DAY));
  const stateDir = path.join(dirs.base, 'state');
  return { ...dirs, memoryDir, stateDir };
}

export function setMtimes(dir: string, when: Date): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, entry.name);
    if (entry.isDirectory()) setMtimes(abs, when);
    else if (entry.isFile()) utimesSync(abs, when, when);
  }
}

/** Every file under `dir` with its bytes (base64) and mtime: what "byte-identical, mtime kept" compares. */
export function snapshotDir(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (rel: string) => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) visit(child);
      else out[child] = `${readFileSync(path.join(dir, child)).toString('base64')} ${statSync(path.join(dir, child)).mtimeMs}`;
    }
  };
  visit('');
  return out;
}

/**
 * 8 feedback items, each with its MEMORY.md line, ages 20…160 days (feedback: none decays to archive), in an index with
 * frontmatter, a heading and a comment that is over its target of 6 lines (`memory` adds to the memory policy).
 */
export function overIndexTarget(memory: Record<string, unknown> = {}, now: Date = new Date()) {
  const names = Array.from({ length: 8 }, (_, i) => `feedback_${i}.md`);
  const index = ['---', 'note: frontmatter is not counted', '---', '# Memory', '<!-- a block comment is not counted -->', ...names.map((n) => `- [${n}](${n}) — hook`), '- [both](feedback_0.md) and [one](feedback_1.md)', ''].join('\n');
  const files = Object.fromEntries(names.map((n, i) => [n, topic({ name: n, type: 'feedback', modified: daysAgo(20 * (i + 1), now) })]));
  return memoryWorkspace({ 'MEMORY.md': index, ...files }, { policy: withFewItems({ memory: { index: { target: { lines: 6 } }, ...memory } }) });
}

/**
 * Auto memory with four items as of `now`: a 120-day-old project memory (archived by the plan), a 500-day-old user
 * memory (kept: type user), a fresh and a 200-day-old feedback memory (flagged).
 */
export function fourItemStore(now: Date = new Date()) {
  return memoryWorkspace({
    'MEMORY.md': '- [Old](project_old.md) — old\n- [Me](user_me.md) — me\n- [C](feedback_c.md)\n- [D](feedback_d.md)\n',
    'project_old.md': topic({ name: 'old', type: 'project', modified: daysAgo(120, now) }),
    // A user memory (importance 7 by default: a half-life of 438 days) is stale after 438 days, and never archived.
    'user_me.md': topic({ name: 'me', type: 'user', modified: daysAgo(500, now) }),
    'feedback_c.md': topic({ name: 'c', type: 'feedback', modified: daysAgo(20, now) }),
    'feedback_d.md': topic({ name: 'd', type: 'feedback', modified: daysAgo(200, now) }),
  });
}
