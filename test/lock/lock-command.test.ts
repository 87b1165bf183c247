import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockOf } from '../../src/lock/build-lock.js';
import { serializeLock } from '../../src/lock/lock-json.js';
import { loadPromptSetAt } from '../../src/workspace/prompts/load-prompt-set.js';
import { cli } from '../helpers/cli.js';
import { makeRepo } from '../helpers/git-repo.js';
import { makeWorkspaceDirs, tempDir, writeTree, type TreeSpec } from '../helpers/tree.js';

const PROMPTS: TreeSpec = {
  'CLAUDE.md': '# Project\n\n@AGENTS.md\n@docs/style.md\n',
  'AGENTS.md': '- run `npm test` before committing\n',
  'docs/style.md': 'Use two spaces.\r\n',
  '.claude/rules/api.md': '---\npaths:\n  - "src/api/**"\n---\nValidate input.\n',
  '.claude/skills/release/SKILL.md': '---\nname: release\nversion: 1.2.0\nallowed-tools: Bash(git tag:*)\n---\nTag and publish.\n',
  '.claude/skills/release/scripts/check.sh': '#!/bin/sh\necho ok\n',
  '.claude/agents/reviewer.md': '---\nname: reviewer\ndescription: reviews\ntools: Read, Grep\npermissionMode: plan\n---\nReview.\n',
  '.claude/commands/ship.md': 'Ship it.\n',
  'CLAUDE.local.md': 'my personal notes\n',
};

function workspace(files: TreeSpec = PROMPTS) {
  const dirs = makeWorkspaceDirs({ project: files, home: { '.claude/CLAUDE.md': 'user prefs\n' } });
  const run = (cmd: string[], root = dirs.root) => cli([...cmd, root, '--home', dirs.home, '--managed-dir', dirs.managedDir]);
  const lockText = (root = dirs.root) => readFileSync(path.join(root, 'agentgov.lock.json'), 'utf8');
  return { dirs, run, lockText };
}

describe('agentgov lock', () => {
  it('writes the same bytes on every run and in a copy of the tree at another path, with no path, time or host in them', async () => {
    const { dirs, run, lockText } = workspace();
    expect((await run(['lock'])).code).toBe(0);
    const first = lockText();
    expect((await run(['lock'])).code).toBe(0);
    expect(lockText()).toBe(first);

    const copy = path.join(tempDir('agentgov-elsewhere-'), 'deeper', 'copy');
    cpSync(dirs.root, copy, { recursive: true });
    writeFileSync(path.join(copy, 'agentgov.lock.json'), '');
    expect((await run(['lock'], copy)).code).toBe(0);
    expect(lockText(copy)).toBe(first);

    for (const leak of [dirs.base, dirs.root, copy, os.tmpdir(), `"${os.hostname()}`, String(new Date().getFullYear())]) expect(first).not.toContain(leak);
    expect(first.endsWith('}\n')).toBe(true);
    const lock = JSON.parse(first);
    expect(Object.keys(lock.files)).toEqual([...Object.keys(lock.files)].sort());
    expect(Object.keys(lock.files).sort()).toEqual(['.claude/agents/reviewer.md', '.claude/commands/ship.md', '.claude/rules/api.md', '.claude/skills/release/SKILL.md', 'AGENTS.md', 'CLAUDE.md', 'docs/style.md']);
    expect(first).toBe(`${JSON.stringify(lock, null, 2)}\n`);
  });

  it('records every field: hashes, imports, closure, bundle, version and security frontmatter', async () => {
    const { run, lockText } = workspace();
    await run(['lock']);
    const lock = JSON.parse(lockText());
    expect(lock).toMatchObject({ lockfileVersion: 1, hashProfile: 'agentgov-norm-v1', extensions: {} });
    expect(lock.root).toMatch(/^h1:[A-Za-z0-9+/]{43}=$/);
    const claude = lock.files['CLAUDE.md'];
    expect(claude).toMatchObject({ kind: 'claude-md', scope: 'project', bytes: Buffer.byteLength(PROMPTS['CLAUDE.md'] as string), lines: 4, imports: ['AGENTS.md', 'docs/style.md'] });
    expect(claude.integrity).toMatch(/^sha256-[A-Za-z0-9+/]{43}=$/);
    expect(claude.closure).toMatch(/^h1:/);
    expect(lock.files['docs/style.md'].integrity).not.toBe(lock.files['docs/style.md'].normalized);
    expect(lock.files['.claude/skills/release/SKILL.md']).toMatchObject({ kind: 'skill', version: '1.2.0', frontmatter: { 'allowed-tools': 'Bash(git tag:*)' } });
    expect(lock.files['.claude/skills/release/SKILL.md'].bundle).toMatch(/^h1:/);
    expect(lock.files['.claude/agents/reviewer.md'].frontmatter).toEqual({ tools: 'Read, Grep', permissionMode: 'plan' });
    expect(lock.files['.claude/rules/api.md'].frontmatter).toEqual({ paths: ['src/api/**'] });
  });

  it('has gitBlob equal to git hash-object for every entry', async () => {
    const { dirs, run, lockText } = workspace();
    await makeRepo(dirs.root, [{ author: 'Ana', date: '2026-10-01T00:00:00Z', message: 'prompts' }]);
    await run(['lock']);
    const lock = JSON.parse(lockText());
    for (const [file, entry] of Object.entries<{ gitBlob: string }>(lock.files)) {
      expect(entry.gitBlob, file).toBe(execFileSync('git', ['hash-object', file], { cwd: dirs.root, encoding: 'utf8' }).trim());
      expect(entry.gitBlob, file).toBe(execFileSync('git', ['rev-parse', `HEAD:${file}`], { cwd: dirs.root, encoding: 'utf8' }).trim());
    }
  });

  it('--check passes when nothing changed and never writes', async () => {
    const { dirs, run, lockText } = workspace();
    await run(['lock']);
    const before = lockText();
    const r = await run(['lock', '--check']);
    expect(r.code).toBe(0);
    expect(lockText()).toBe(before);
    writeTree(dirs.root, { 'CLAUDE.md': '# Project!\n\n@AGENTS.md\n@docs/style.md\n' });
    expect((await run(['lock', '--check'])).code).toBe(1);
    expect(lockText()).toBe(before);
  });

  it('--check fails on a one-byte change and names the file and the hashes that changed', async () => {
    const { dirs, run } = workspace();
    await run(['lock']);
    const file = path.join(dirs.root, '.claude/skills/release/scripts/check.sh');
    writeFileSync(file, readFileSync(file, 'utf8').replace('ok', 'OK'));
    let r = await run(['lock', '--check']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^changed {2}\.claude\/skills\/release\/SKILL\.md {2}\(bundle\)$/m);
    writeFileSync(path.join(dirs.root, 'AGENTS.md'), '- run `npm test` before committing!\n');
    r = await run(['lock', '--check']);
    expect(r.stdout).toMatch(/^changed {2}AGENTS\.md {2}\(integrity, normalized, gitBlob, closure\)$/m);
    // The importer's closure covers its imports' bytes.
    expect(r.stdout).toMatch(/^changed {2}CLAUDE\.md {2}\(closure\)$/m);
  });

  it('--check tells a whitespace-only change apart', async () => {
    const { dirs, run } = workspace();
    await run(['lock']);
    writeFileSync(path.join(dirs.root, 'docs/style.md'), 'Use two spaces.   \n\n');
    const r = await run(['lock', '--check', '--format', 'json']);
    expect(r.code).toBe(1);
    const changed = JSON.parse(r.stdout).diff.changed;
    expect(changed.find((c: { path: string }) => c.path === 'docs/style.md')).toMatchObject({ whitespaceOnly: true });
    writeFileSync(path.join(dirs.root, 'docs/style.md'), 'Use four spaces.\n');
    const again = JSON.parse((await run(['lock', '--check', '--format', 'json'])).stdout).diff.changed;
    expect(again.find((c: { path: string }) => c.path === 'docs/style.md')).toMatchObject({ whitespaceOnly: false });
  });

  it('--check names missing and extra entries, and fails without a lock or with a broken one', async () => {
    const { dirs, run } = workspace();
    expect((await run(['lock', '--check'])).code).toBe(1);
    await run(['lock']);
    writeTree(dirs.root, { '.claude/commands/new.md': 'New.\n' });
    execFileSync('rm', [path.join(dirs.root, '.claude/commands/ship.md')]);
    const r = await run(['lock', '--check']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^missing {2}\.claude\/commands\/new\.md/m);
    expect(r.stdout).toMatch(/^extra {4}\.claude\/commands\/ship\.md/m);
    writeFileSync(path.join(dirs.root, 'agentgov.lock.json'), '{ not json');
    const broken = await run(['lock', '--check', '--format', 'json']);
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout)).toMatchObject({ upToDate: false, problem: 'invalid', notCanonical: false });
  });

  it('--check fails on a lock with the right entries in another layout', async () => {
    const { dirs, run, lockText } = workspace();
    await run(['lock']);
    writeFileSync(path.join(dirs.root, 'agentgov.lock.json'), JSON.stringify(JSON.parse(lockText())));
    const r = await run(['lock', '--check', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ upToDate: false, notCanonical: true, diff: { changed: [], missing: [], extra: [], extensions: [], profileChanged: false } });
  });

  it('leaves out user, managed and personal files, and ancestors outside the repository', async () => {
    const base = tempDir();
    writeTree(base, { 'CLAUDE.md': 'outside the repo\n', 'repo/CLAUDE.md': 'repo top\n', 'repo/pkg/CLAUDE.md': 'package\n', 'repo/pkg/CLAUDE.local.md': 'mine\n' });
    await makeRepo(path.join(base, 'repo'), [{ author: 'Ana', date: '2026-10-01T00:00:00Z', message: 'init' }]);
    const home = tempDir();
    writeTree(home, { '.claude/CLAUDE.md': 'user\n' });
    const root = path.join(base, 'repo', 'pkg');
    expect((await cli(['lock', root, '--home', home, '--managed-dir', tempDir()])).code).toBe(0);
    const lock = JSON.parse(readFileSync(path.join(root, 'agentgov.lock.json'), 'utf8'));
    expect(Object.keys(lock.files)).toEqual(['../CLAUDE.md', 'CLAUDE.md']);
  });
});

describe('the prompt set of a git revision', () => {
  it('has the same lock as the same files on disk, and the lock at an old commit is the one written then', async () => {
    const { dirs, run, lockText } = workspace({ ...PROMPTS, '.claude/CLAUDE.md': { symlink: '../AGENTS.md' } });
    await run(['lock']);
    const first = lockText();
    const shas = await makeRepo(dirs.root, [
      { author: 'Ana', date: '2026-10-01T00:00:00Z', message: 'one' },
      { files: { 'docs/style.md': 'Use tabs.\n' }, author: 'Bo', date: '2026-10-02T00:00:00Z', message: 'two' },
    ]);
    await run(['lock']);
    const at = (rev: string) => loadPromptSetAt({ root: dirs.root, home: dirs.home, managedDir: dirs.managedDir, rev });
    expect(serializeLock(lockOf(await at(shas[1] as string)))).toBe(lockText());
    expect(serializeLock(lockOf(await at(shas[0] as string)))).toBe(first);
    expect(first).not.toBe(lockText());
  });
});

describe('a lock written in a working copy', () => {
  it('checks clean in a fresh clone: files git ignores are neither entries nor part of a bundle', async () => {
    const { dirs, run } = workspace({
      ...PROMPTS,
      '.gitignore': '.claude/commands/private-*.md\n.claude/skills/release/cache/\n',
      '.claude/commands/private-notes.md': 'mine only\n',
      '.claude/skills/release/cache/tmp.txt': 'build output\n',
    });
    await makeRepo(dirs.root, [{ author: 'Ana', date: '2026-10-01T00:00:00Z', message: 'prompts' }]);
    execFileSync('git', ['rm', '-r', '-q', '--cached', '.claude/commands/private-notes.md', '.claude/skills/release/cache'], { cwd: dirs.root });
    execFileSync('git', ['commit', '-q', '-m', 'untrack'], { cwd: dirs.root });
    await run(['lock']);
    const lock = JSON.parse(readFileSync(path.join(dirs.root, 'agentgov.lock.json'), 'utf8'));
    expect(Object.keys(lock.files)).not.toContain('.claude/commands/private-notes.md');
    execFileSync('git', ['add', 'agentgov.lock.json'], { cwd: dirs.root });
    execFileSync('git', ['commit', '-q', '-m', 'lock'], { cwd: dirs.root });
    const clone = path.join(tempDir(), 'clone');
    execFileSync('git', ['clone', '-q', dirs.root, clone]);
    const r = await run(['lock', '--check', '--format', 'json'], clone);
    expect(JSON.parse(r.stdout)).toMatchObject({ upToDate: true, notCanonical: false, diff: { changed: [], missing: [], extra: [] } });
    expect(r.code).toBe(0);
  });
});
