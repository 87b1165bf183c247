import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, lstatSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { integrityOf } from '../../src/lock/hashes.js';
import { cli } from '../helpers/cli.js';
import { makeRepo } from '../helpers/git-repo.js';
import { makeWorkspaceDirs, tempDir, writeTree } from '../helpers/tree.js';

async function history() {
  const dirs = makeWorkspaceDirs();
  const skill = (v: string, body: string) => `---\nname: r\nversion: ${v}\n---\n${body}\n`;
  const shas = await makeRepo(dirs.root, [
    { files: { 'CLAUDE.md': 'v1\n@docs/style.md\n', 'docs/style.md': 'tabs\n', '.claude/skills/r/SKILL.md': skill('1.0.0', 'one'), '.claude/skills/r/tool.sh': 'echo 1\n', 'README.md': 'not a prompt\n' }, author: 'Ana', date: '2026-09-01T10:00:00Z', message: 'first prompts' },
    { files: { '.claude/skills/r/SKILL.md': skill('1.1.0', 'two'), 'AGENTS.md': 'agents\n', '.claude/CLAUDE.md': { symlink: '../AGENTS.md' } }, author: 'Bo', date: '2026-10-01T10:00:00Z', message: 'second' },
    { files: { '.claude/skills/r/SKILL.md': skill('2.0.0', 'three'), 'docs/style.md': 'spaces\n' }, author: 'Cy', date: '2026-11-01T10:00:00Z', message: 'third' },
  ]);
  const opts = ['--home', dirs.home, '--managed-dir', dirs.managedDir];
  return { dirs, shas, opts };
}

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd });

function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).filter((p) => !lstatSync(path.join(dir, p)).isDirectory()).map((p) => p.split(path.sep).join('/')).sort();
}

describe('agentgov prompts log', () => {
  it('lists every version of a file, newest first, with date, author, commit, integrity and version', async () => {
    const { dirs, shas, opts } = await history();
    const r = await cli(['prompts', 'log', '.claude/skills/r/SKILL.md', dirs.root, '--format', 'json', ...opts], { cwd: dirs.root });
    expect(r.code).toBe(0);
    const entries = JSON.parse(r.stdout);
    expect(entries.map((e: { commit: string; author: string; version: string; date: string }) => [e.commit, e.author, e.version, e.date.slice(0, 10)])).toEqual([
      [shas[2], 'Cy', '2.0.0', '2026-11-01'],
      [shas[1], 'Bo', '1.1.0', '2026-10-01'],
      [shas[0], 'Ana', '1.0.0', '2026-09-01'],
    ]);
    for (const e of entries) {
      const blob = git(dirs.root, 'show', `${e.commit}:.claude/skills/r/SKILL.md`);
      expect(e.integrity).toBe(integrityOf(blob));
    }
    const text = await cli(['prompts', 'log', '.claude/skills/r/SKILL.md', dirs.root, ...opts], { cwd: dirs.root });
    expect(text.stdout.split('\n')[1]).toMatch(/^2026-11-01 {2}Cy .*2\.0\.0/);
  });
});

describe('agentgov prompts export', () => {
  it("writes an old commit's prompt set exactly as git has it, with its lock, and that lock checks clean", async () => {
    const { dirs, shas, opts } = await history();
    const out = path.join(tempDir(), 'export');
    const r = await cli(['prompts', 'export', '--at', shas[0] as string, out, dirs.root, ...opts]);
    expect(r.code).toBe(0);
    expect(filesUnder(out)).toEqual(['.claude/skills/r/SKILL.md', '.claude/skills/r/tool.sh', 'CLAUDE.md', 'agentgov.lock.json', 'docs/style.md']);
    for (const file of filesUnder(out).filter((f) => f !== 'agentgov.lock.json')) {
      expect(readFileSync(path.join(out, file)), file).toEqual(git(dirs.root, 'show', `${shas[0]}:${file}`));
    }
    expect((await cli(['lock', '--check', out, ...opts])).code).toBe(0);
  });

  it('finds the commit by its prompt-set hash, and keeps symlinks as links', async () => {
    const { dirs, shas, opts } = await history();
    git(dirs.root, 'checkout', '-q', shas[1] as string);
    await cli(['lock', dirs.root, ...opts]);
    const hash = JSON.parse(readFileSync(path.join(dirs.root, 'agentgov.lock.json'), 'utf8')).root;
    git(dirs.root, 'checkout', '-q', '-');
    const out = tempDir();
    const r = await cli(['prompts', 'export', '--at', hash, out, dirs.root, '--format', 'json', ...opts]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ commit: shas[1], promptSetHash: hash });
    expect(readlinkSync(path.join(out, '.claude/CLAUDE.md'))).toBe('../AGENTS.md');
    expect(readFileSync(path.join(out, '.claude/skills/r/SKILL.md'), 'utf8')).toMatch(/version: 1\.1\.0/);
    const unknown = await cli(['prompts', 'export', '--at', 'h1:AAAA', tempDir(), dirs.root, ...opts]);
    expect(unknown.code).toBe(2);
  });

  it('refuses a non-empty directory unless --force, and an unknown revision', async () => {
    const { dirs, opts } = await history();
    const out = tempDir();
    writeTree(out, { 'keep.txt': 'x' });
    const refused = await cli(['prompts', 'export', '--at', 'HEAD', out, dirs.root, ...opts]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/not empty/);
    expect(filesUnder(out)).toEqual(['keep.txt']);
    expect((await cli(['prompts', 'export', '--at', 'HEAD', out, dirs.root, '--force', ...opts])).code).toBe(0);
    expect(filesUnder(out)).toContain('AGENTS.md');
    expect((await cli(['prompts', 'export', '--at', 'no-such-ref', tempDir(), dirs.root, ...opts])).code).toBe(2);
  });
});

describe('agentgov prompts list and prompts', () => {
  it('lists every prompt file with scope, size, version, hash, loading and the budget totals', async () => {
    const dirs = makeWorkspaceDirs({
      project: { 'CLAUDE.md': 'Hello\n@AGENTS.md\n', 'AGENTS.md': 'agents\n', '.claude/skills/s/SKILL.md': '---\nname: s\nversion: 3\n---\nS\n', 'CLAUDE.local.md': 'mine\n' },
      home: { '.claude/CLAUDE.md': 'user\n' },
    });
    const r = await cli(['prompts', 'list', dirs.root, '--format', 'json', '--home', dirs.home, '--managed-dir', dirs.managedDir]);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout);
    const rows = Object.fromEntries(list.files.map((f: { path: string; scope: string; loading: string; version: string | null; locked: boolean }) => [f.path, [f.scope, f.loading, f.version, f.locked]]));
    expect(rows).toEqual({
      '~/.claude/CLAUDE.md': ['user', 'start', null, false],
      'CLAUDE.md': ['project', 'start', null, true],
      'CLAUDE.local.md': ['local', 'start', null, false],
      'AGENTS.md': ['project', 'start', null, true],
      '.claude/skills/s/SKILL.md': ['project', 'on-demand', '3', true],
    });
    expect(list.budget).toEqual({ startChars: 5 + 17 + 5 + 7, startFiles: 4, totalChars: 12000, perFileChars: 4000 });
    expect(list.promptSetHash).toMatch(/^h1:/);
  });

  it('runs the prompts auditor alone and puts the prompt-set hash in every report format', async () => {
    const dirs = makeWorkspaceDirs({ project: { 'CLAUDE.md': 'x\u200By\n', '.claude/settings.json': '{"permissions":{"allow":["Bash"]}}' } });
    const common = [dirs.root, '--home', dirs.home, '--managed-dir', dirs.managedDir];
    await cli(['lock', ...common]);
    const hash = JSON.parse(readFileSync(path.join(dirs.root, 'agentgov.lock.json'), 'utf8')).root as string;
    const json = await cli(['prompts', ...common, '--format', 'json']);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report.promptSetHash).toBe(hash);
    expect(new Set(report.findings.map((f: { ruleId: string }) => f.ruleId.split('/')[0]))).toEqual(new Set(['prompts']));
    for (const format of ['text', 'sarif', 'markdown', 'github']) {
      const r = await cli(['audit', ...common, '--format', format]);
      expect(r.stdout, format).toContain(hash);
    }
  });
});
