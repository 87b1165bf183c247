import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEarlyHistoryLog } from '../../src/cli/early-history.js';
import { readHistory } from '../../src/workspace/git-history.js';
import { cli } from '../helpers/cli.js';
import { makeRepo } from '../helpers/git-repo.js';
import { REPO_ROOT } from '../helpers/shared.js';
import { json, tempDir, writeTree } from '../helpers/tree.js';

// bin/agentgov.js starts `git log` for `history` and `audit` before the CLI loads (src/cli/early-history.ts); the
// history read takes that process over when it is the same `git log` in the same folder, else stops it.

async function repoWithHistory(): Promise<string> {
  const root = tempDir('agentgov-early-');
  await makeRepo(root, [
    { files: { '.claude/settings.json': json({ permissions: { allow: ['Bash(npm test)'] } }) }, author: 'Ada', date: '2026-01-05T10:00:00Z', message: 'add settings' },
    { files: { 'src/a.ts': 'export const a = 1;\n' }, author: 'Grace', date: '2026-01-06T10:00:00Z', message: 'code' },
    { files: { '.claude/settings.json': json({ permissions: { allow: ['Bash(npm test)', 'Bash(curl *)'] } }), '.mcp.json': json({ mcpServers: {} }) }, author: 'Linus', date: '2026-01-07T10:00:00Z', message: 'widen' },
  ]);
  return root;
}

/** One more commit to the root's settings (after an early log has read the history). */
function commitMore(root: string): void {
  writeTree(root, { '.claude/settings.json': json({ permissions: { allow: ['Bash(npm test)', 'Bash(curl *)', 'WebFetch'] } }) });
  const env = { ...process.env, GIT_AUTHOR_NAME: 'Ken', GIT_AUTHOR_EMAIL: 'ken@example.com', GIT_AUTHOR_DATE: '2026-01-08T10:00:00Z', GIT_COMMITTER_NAME: 'Ken', GIT_COMMITTER_EMAIL: 'ken@example.com', GIT_COMMITTER_DATE: '2026-01-08T10:00:00Z' };
  execFileSync('git', ['commit', '-q', '-am', 'later'], { cwd: root, env });
}

const subjects = (history: { commits: { subject: string }[] }) => history.commits.map((c) => c.subject);

/**
 * Starts an early log and waits until git has ended it: a commit made afterwards is then in a history read anew but
 * not in one read from the early log, which tells which of the two a read was.
 */
async function startAndWait(argv: string[], cwd: string) {
  const child = startEarlyHistoryLog(argv, cwd);
  if (child) await new Promise((resolve) => child.once('close', resolve));
  return child;
}

afterEach(async () => {
  // Nothing left waiting for the next test: a read of a folder without a repository takes any early log over.
  await readHistory(tempDir('agentgov-early-none-')).catch(() => undefined);
});

describe('the early git log', () => {
  it('is taken over by the history read of its root: what it printed is the history read', async () => {
    const root = await repoWithHistory();
    expect(await startAndWait(['history', root, '--format', 'json'], '/')).toBeDefined();
    commitMore(root);
    const early = await readHistory(root);
    expect(subjects(early)).toEqual(['add settings', 'widen']);
    // Read anew, the history has the commit made after the early log ended.
    const fresh = await readHistory(root);
    expect(subjects(fresh)).toEqual(['add settings', 'widen', 'later']);
    expect(fresh.commits.slice(0, 2)).toEqual(early.commits);
  });

  it('takes the root from the command line relative to the working folder, or the working folder itself', async () => {
    const root = await repoWithHistory();
    await startAndWait(['audit', path.basename(root), '--format', 'json'], path.dirname(root));
    commitMore(root);
    expect(subjects(await readHistory(root))).toEqual(['add settings', 'widen']);
    await startAndWait(['history'], root);
    writeTree(root, { '.mcp.json': json({ mcpServers: { a: { command: 'x' } } }) });
    execFileSync('git', ['commit', '-q', '-am', 'servers'], { cwd: root });
    expect(subjects(await readHistory(root))).toEqual(['add settings', 'widen', 'later']);
  });

  it('is stopped, not read, when the history read is of another folder', async () => {
    const root = await repoWithHistory();
    const other = await repoWithHistory();
    await startAndWait(['history', other], '/');
    commitMore(root);
    expect(subjects(await readHistory(root))).toEqual(['add settings', 'widen', 'later']);
  });

  it('is read by the history read however early git finished, even with nothing to print', async () => {
    const root = tempDir('agentgov-early-');
    await makeRepo(root, [{ files: { 'README.md': '# no agent configuration\n' }, author: 'Ada', date: '2026-01-05T10:00:00Z', message: 'readme' }]);
    await startAndWait(['history', root], '/');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const read = await readHistory(root);
    expect(read.commits).toEqual([]);
    expect(read.gaps).toEqual((await readHistory(root)).gaps);
  });

  it('waits alone: a second start leaves the first in place', async () => {
    const root = await repoWithHistory();
    expect(await startAndWait(['history', root], '/')).toBeDefined();
    expect(startEarlyHistoryLog(['history', root], '/')).toBeUndefined();
    commitMore(root);
    expect(subjects(await readHistory(root))).toEqual(['add settings', 'widen']);
  });

  it('changes nothing when git cannot start there', async () => {
    const missing = path.join(tempDir('agentgov-early-'), 'no-such-folder');
    const early = startEarlyHistoryLog(['history', missing], '/');
    expect(early).toBeDefined();
    const read = await readHistory(missing);
    expect(read.gaps.notARepository).toBe(true);
    expect(read).toEqual(await readHistory(missing));
  });

  it.each([
    [[]],
    [['check']],
    [['ci', '.', '--base', 'HEAD']],
    [['history', '--format', 'json', '.']],
    [['audit', '--quiet']],
    [['history', '.', '--until', 'HEAD~1']],
    [['history', '.', '--until=2026-01-01']],
  ])('is not started for %j (another command, or a form only the CLI can parse)', (argv) => {
    expect(startEarlyHistoryLog(argv, REPO_ROOT)).toBeUndefined();
  });
});

describe('bin/agentgov.js with the early git log', () => {
  it('prints the same history as the CLI run in-process', async () => {
    const root = await repoWithHistory();
    const home = tempDir('agentgov-early-home-');
    const managed = path.join(home, 'managed');
    mkdirSync(managed);
    const argv = ['history', root, '--since', '2026-01-01', '--format', 'json', '--home', home, '--managed-dir', managed, '--fail-on', 'never'];
    const printed = execFileSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'agentgov.js'), ...argv], { cwd: root, encoding: 'utf8' });
    const inProcess = await cli(argv, { cwd: root });
    expect(inProcess.code).toBe(0);
    expect(JSON.parse(printed)).toEqual(JSON.parse(inProcess.stdout));
    expect((JSON.parse(printed) as { commits: unknown[] }).commits).toHaveLength(2);
  });
});
