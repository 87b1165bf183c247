import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { lockOf } from '../../src/lock/build-lock.js';
import { findByPromptSetHash } from '../../src/prompts/find-by-hash.js';
import { loadPromptSetAt, repositoryOf } from '../../src/workspace/prompts/load-prompt-set.js';
import { makeRepo } from '../helpers/git-repo.js';
import { makeWorkspaceDirs, writeTree } from '../helpers/tree.js';

const day = (d: number) => `2026-10-${String(d).padStart(2, '0')}T10:00:00Z`;

describe('finding a commit by its prompt-set hash', () => {
  it('returns the newest commit with each hash, as computing every commit on its own does', async () => {
    const dirs = makeWorkspaceDirs();
    const skill = { '.claude/skills/s/SKILL.md': '---\nname: s\n---\nS\n', '.claude/skills/s/tool.sh': 'echo 1\n' };
    const shas = await makeRepo(dirs.root, [
      { files: { 'CLAUDE.md': 'v1\n@docs/a.md\n', 'README.md': 'r1\n' }, author: 'A', date: day(1), message: 'import of a missing file' },
      { files: { 'README.md': 'r2\n' }, author: 'A', date: day(2), message: 'unrelated' },
      { files: { 'docs/a.md': 'a1\n' }, author: 'A', date: day(3), message: 'the import target appears' },
      { files: { 'src/x.ts': 'x\n' }, author: 'A', date: day(4), message: 'unrelated' },
      { files: skill, author: 'A', date: day(6), message: 'a skill' },
      { files: { '.claude/skills/s/tool.sh': 'echo 2\n' }, author: 'A', date: day(8), message: 'a bundle file only' },
      { files: { 'AGENTS.md': 'g1\n', '.claude/CLAUDE.md': { symlink: '../AGENTS.md' } }, author: 'A', date: day(10), message: 'a link' },
      { files: { 'AGENTS.md': 'g2\n' }, author: 'A', date: day(11), message: 'the link target only' },
      { files: { 'AGENTS.md': 'g1\n' }, author: 'A', date: day(12), message: 'back to an earlier prompt set' },
      // The search walks from the newest commit back, so what it must notice is what older commits have and newer lack.
      {
        files: {
          '.claude/commands/c.md': 'c\n',
          '.claude/skills/s/extra.md': 'e\n',
          'docs/shared.txt': 's1\n',
          '.claude/rules/r.md': { symlink: '../../docs/shared.txt' },
          'docs/link.md': { symlink: 'shared.txt' },
          '.claude/agents/x.md': { symlink: '../../docs/link.md' },
        },
        author: 'A',
        date: day(14),
        message: 'links, a command, a bundle file',
      },
      { remove: ['.claude/commands/c.md'], author: 'A', date: day(15), message: 'a prompt file gone' },
      { remove: ['.claude/skills/s/extra.md'], author: 'A', date: day(16), message: 'a bundle file gone' },
      { files: { 'docs/shared.txt': 's2\n' }, author: 'A', date: day(17), message: 'a link target only' },
      { remove: ['docs/link.md'], author: 'A', date: day(18), message: 'a link in the middle of a chain only' },
      { files: { 'docs/link.md': { symlink: 'a.md' } }, author: 'A', date: day(19), message: 'that link again, elsewhere' },
    ]);
    // A side branch from the fourth commit, merged last: the log interleaves it by date, not along parents.
    const git = (date: string, ...args: string[]) => execFileSync('git', args, { cwd: dirs.root, env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } });
    git(day(7), 'checkout', '-q', '-b', 'side', shas[3] as string);
    writeTree(dirs.root, { 'docs/a.md': 'side\n' });
    git(day(7), 'commit', '-q', '-am', 'side change of the import');
    git(day(20), 'checkout', '-q', '-');
    git(day(20), 'merge', '-q', '--no-ff', 'side', '-m', 'merge');

    const commits = execFileSync('git', ['log', '--format=%H', 'HEAD'], { cwd: dirs.root, encoding: 'utf8' }).split('\n').filter(Boolean);
    const options = { root: dirs.root, home: dirs.home, managedDir: dirs.managedDir };
    const newest = new Map<string, string>();
    for (const commit of commits) {
      const hash = lockOf(await loadPromptSetAt({ ...options, rev: commit })).root;
      if (!newest.has(hash)) newest.set(hash, commit);
    }
    // Unrelated commits and the revert share hashes with others; every other change makes a new one.
    expect(newest.size).toBe(commits.length - 3);
    const repo = await repositoryOf(dirs.root);
    for (const [hash, commit] of newest) {
      const found = await findByPromptSetHash(options, repo, hash);
      expect(found?.commit, hash).toBe(commit);
      expect(found && lockOf(found.set).root).toBe(hash);
    }
    expect(await findByPromptSetHash(options, repo, 'h1:AAAA')).toBeUndefined();
  });
});
