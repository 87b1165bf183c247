import { execFileSync } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WindowError } from '../../../src/audit/history/load-audit-history.js';
import { runAudit } from '../../../src/audit/run-audit.js';
import { startHistoryRead } from '../../../src/workspace/history-read.js';
import { makeRepo, type CommitSpec } from '../../helpers/git-repo.js';
import { json, makeWorkspaceDirs, tempDir, writeTree } from '../../helpers/tree.js';

const settings = (permissions: unknown, extra: object = {}) => ({ '.claude/settings.json': json({ permissions, ...extra }) });
const NOW = new Date('2026-11-21T12:00:00Z');

async function auditRepo(commits: CommitSpec[], window: { since?: string; window?: string } = { window: '30d' }, policy?: unknown) {
  const dirs = makeWorkspaceDirs();
  const shas = await makeRepo(dirs.root, policy === undefined ? commits : [{ files: { 'agentgov.json': json(policy) }, author: 'Admin', date: '2026-01-01T00:00:00Z', message: 'policy' }, ...commits]);
  const run = await runAudit({ root: dirs.root, home: dirs.home, managedDir: dirs.managedDir, now: NOW, window });
  const of = (ruleId: string) => run.report.findings.filter((f) => f.ruleId === ruleId);
  return { run, shas, of, dirs };
}

describe('history/permission-widened', () => {
  it('reports each widening commit with its author and date, and nothing for changes that do not widen', async () => {
    const { of, shas } = await auditRepo([
      { files: settings({ allow: ['Bash(npm *)'], deny: ['Bash(rm *)', 'Read(./.env)'] }), author: 'Ana', date: '2026-11-01T10:00:00Z', message: 'initial' },
      { files: settings({ allow: ['Bash(npm *)', 'Bash(npm test)'], deny: ['Read(./.env)', 'Bash(rm *)'] }), author: 'Bo', date: '2026-11-02T10:00:00Z', message: 'covered allow, reordered deny' },
      { files: { '.claude/settings.json': '{"permissions":{"allow":["Bash(npm *)","Bash(npm test)"],"deny":["Read(./.env)","Bash(rm *)","Bash(curl *)"]}}' }, author: 'Cy', date: '2026-11-03T10:00:00Z', message: 'reformat and add a deny' },
      { files: settings({ allow: ['Bash(npm *)', 'Bash(python:*)'], deny: ['Read(./.env)'], defaultMode: 'acceptEdits' }), author: 'Dee', date: '2026-11-04T10:00:00Z', message: 'widen' },
    ]);
    const widened = of('history/permission-widened');
    // The first commit creates the allow (a widening from nothing); Bo's covered allow and reordering, Cy's
    // reformatting and added deny widen nothing.
    expect(widened.map((f) => `${f.messageId} ${f.data.rule} ${f.commit?.author}`).sort()).toEqual([
      'allow-added Bash(npm *) Ana',
      'allow-added Bash(python:*) Dee',
      'deny-removed Bash(curl *) Dee',
      'deny-removed Bash(rm *) Dee',
      'mode-escalated acceptEdits Dee',
    ]);
    expect(widened.filter((f) => f.commit?.author === 'Dee').every((f) => f.commit?.sha === shas[3] && f.commit?.date.startsWith('2026-11-04'))).toBe(true);
    expect(widened.find((f) => f.data.rule === 'Bash(python:*)')?.location.line).toBe(5);
  });

  it('looks only at commits inside the window', async () => {
    const { of } = await auditRepo(
      [
        { files: settings({ allow: ['Bash(make)'] }), author: 'Old', date: '2026-01-05T10:00:00Z', message: 'old widening' },
        { files: settings({ allow: ['Bash(make)', 'Bash(cargo *)'] }), author: 'New', date: '2026-11-20T10:00:00Z', message: 'new widening' },
      ],
      { window: '7d' },
    );
    expect(of('history/permission-widened').map((f) => f.data.rule)).toEqual(['Bash(cargo *)']);
  });

  it('accepts --since as a date or a revision', async () => {
    const commits: CommitSpec[] = [
      { files: settings({ allow: ['Bash(a)'] }), author: 'A', date: '2026-03-01T10:00:00Z', message: 'a' },
      { files: settings({ allow: ['Bash(a)', 'Bash(b)'] }), author: 'B', date: '2026-04-01T10:00:00Z', message: 'b' },
      { files: settings({ allow: ['Bash(a)', 'Bash(b)', 'Bash(c)'] }), author: 'C', date: '2026-05-01T10:00:00Z', message: 'c' },
    ];
    expect((await auditRepo(commits, { since: '2026-03-15' })).of('history/permission-widened').map((f) => f.data.rule)).toEqual(['Bash(b)', 'Bash(c)']);
    const dirs = makeWorkspaceDirs();
    const shas = await makeRepo(dirs.root, commits);
    const run = await runAudit({ root: dirs.root, home: dirs.home, managedDir: dirs.managedDir, now: NOW, window: { since: shas[1] as string } });
    expect(run.report.findings.filter((f) => f.ruleId === 'history/permission-widened').map((f) => f.data.rule)).toEqual(['Bash(b)', 'Bash(c)']);
    // With the history already being read (as the CLI does), a revision is asked of the reading's cat-file; names
    // it cannot take (white space) or peel to a commit go to `git log` as before.
    execFileSync('git', ['tag', '-a', '-m', 'second', 'v-b', shas[1] as string], { cwd: dirs.root });
    // The reflog's entries carry the commits' dates: HEAD as it was in mid-April is the second commit.
    for (const since of [shas[1] as string, 'v-b', 'HEAD~1', 'HEAD@{2026-04-15 00:00:00}']) {
      const read = await runAudit({ root: dirs.root, home: dirs.home, managedDir: dirs.managedDir, now: NOW, window: { since }, historyRead: startHistoryRead(dirs.root) });
      expect(read.report.findings.filter((f) => f.ruleId === 'history/permission-widened').map((f) => f.data.rule), since).toEqual(['Bash(b)', 'Bash(c)']);
    }
    const blob = execFileSync('git', ['rev-parse', 'HEAD:.claude/settings.json'], { cwd: dirs.root, encoding: 'utf8' }).trim();
    await expect(runAudit({ root: dirs.root, home: dirs.home, managedDir: dirs.managedDir, now: NOW, window: { since: blob }, historyRead: startHistoryRead(dirs.root) })).rejects.toBeInstanceOf(WindowError);
  });
});

describe('history/local-file-committed', () => {
  it('is an error for a tracked local file and a warning for one committed in the past', async () => {
    const { of } = await auditRepo([
      { files: { 'CLAUDE.local.md': '# mine\n', '.claude/settings.local.json': json({ permissions: { allow: ['Bash(rm -rf:*)'] } }) }, author: 'Ana', date: '2026-02-01T10:00:00Z', message: 'oops' },
      { remove: ['.claude/settings.local.json'], author: 'Bo', date: '2026-02-02T10:00:00Z', message: 'untrack' },
    ]);
    const hits = of('history/local-file-committed');
    expect(hits.map((f) => [f.location.file, f.messageId, f.severity, f.commit?.author])).toEqual([
      ['.claude/settings.local.json', 'history-granted', 'warning', 'Ana'],
      ['CLAUDE.local.md', 'tracked-since', 'error', 'Ana'],
    ]);
    expect(hits[0]?.data).toMatchObject({ allows: '1', example: 'Bash(rm -rf:*)' });
  });

  it('is silent when local files were never committed', async () => {
    const { of } = await auditRepo([{ files: { ...settings({ allow: ['Bash(ls)'] }), '.gitignore': '.claude/settings.local.json\n' }, author: 'A', date: '2026-11-01T00:00:00Z', message: 'x' }]);
    expect(of('history/local-file-committed')).toEqual([]);
  });
});

describe('history/trending-permissive', () => {
  it('reports a rise of the index above the threshold, and not below it', async () => {
    const rising: CommitSpec[] = [
      { files: settings({ allow: ['Bash(npm test)'] }), author: 'A', date: '2026-10-01T00:00:00Z', message: 'start' },
      { files: settings({ allow: ['Bash(npm test)', 'Bash', 'WebFetch'] }), author: 'B', date: '2026-11-19T00:00:00Z', message: 'open up' },
    ];
    const hot = await auditRepo(rising, { window: '7d' });
    expect(hot.of('history/trending-permissive')).toHaveLength(1);
    expect(hot.run.report.auditors.history?.metrics).toMatchObject({ indexChange: expect.any(Number), commitsInWindow: 1 });
    const calm = await auditRepo(rising, { window: '7d' }, { history: { trendThreshold: 500 } });
    expect(calm.of('history/trending-permissive')).toEqual([]);
  });
});

describe('history gaps', () => {
  it('explains a shallow clone and still audits the rest', async () => {
    const origin = makeWorkspaceDirs();
    await makeRepo(origin.root, [
      { files: settings({ allow: ['Bash(a)'] }), author: 'A', date: '2026-11-10T00:00:00Z', message: 'a' },
      { files: settings({ allow: ['Bash(a)', 'Bash(b)'] }), author: 'B', date: '2026-11-18T00:00:00Z', message: 'b' },
    ]);
    const clone = path.join(tempDir(), 'clone');
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${origin.root}`, clone]);
    const run = await runAudit({ root: clone, home: origin.home, managedDir: origin.managedDir, now: NOW, window: { window: '30d' } });
    expect(run.report.notices.join('\n')).toMatch(/shallow clone.*fetch-depth: 0/s);
    expect(run.report.auditors.history?.metrics).toMatchObject({ shallow: true });
    expect(run.report.findings.some((f) => f.ruleId.startsWith('permissions/'))).toBe(true);
  });

  it('says so outside a repository and in a repository without commits', async () => {
    const plain = makeWorkspaceDirs({ project: settings({ allow: ['Bash(ls)'] }) });
    const a = await runAudit({ root: plain.root, home: plain.home, managedDir: plain.managedDir, now: NOW });
    expect(a.report.notices.join('\n')).toMatch(/not in a git repository/);
    const empty = makeWorkspaceDirs({ project: settings({ allow: ['Bash(ls)'] }) });
    execFileSync('git', ['init', '-q', empty.root]);
    const b = await runAudit({ root: empty.root, home: empty.home, managedDir: empty.managedDir, now: NOW });
    expect(b.report.notices.join('\n')).toMatch(/no commits/);
  });
});

describe('history/local-file-committed for files agentgov does not parse', () => {
  it('reports a tracked .claude.json and committed transcripts as tracked (error)', async () => {
    const { of } = await auditRepo([{ files: { '.claude.json': json({ mcpServers: {} }), '.claude/projects/x/session.jsonl': '{}\n' }, author: 'Ana', date: '2026-11-01T00:00:00Z', message: 'oops' }]);
    expect(of('history/local-file-committed').map((f) => [f.location.file, f.messageId, f.severity])).toEqual([
      ['.claude.json', 'tracked-since', 'error'],
      ['.claude/projects/x/session.jsonl', 'tracked-since', 'error'],
    ]);
  });
});

describe('history/local-file-committed and a home folder inside the repository', () => {
  it('leaves a tracked ~/.claude.json of a home folder that lives in the repository to the user (not shared by clones of the project)', async () => {
    const dirs = makeWorkspaceDirs();
    const home = path.join(dirs.root, 'home');
    await makeRepo(dirs.root, [{ files: { 'home/.claude.json': json({ mcpServers: {} }), ...settings({ allow: ['Bash(ls)'] }) }, author: 'Ana', date: '2026-11-01T00:00:00Z', message: 'dotfiles' }]);
    const run = await runAudit({ root: dirs.root, home, managedDir: dirs.managedDir, now: NOW, window: { window: '30d' } });
    expect(run.workspace.files.find((f) => f.path === '~/.claude.json')?.git?.tracked).toBe(true);
    expect(run.report.findings.filter((f) => f.ruleId === 'history/local-file-committed')).toEqual([]);
  });
});

describe('commit attribution', () => {
  it('gives findings of other auditors the commit that introduced their rule', async () => {
    const { of, shas } = await auditRepo([
      { files: settings({ allow: ['Bash(npm test)'] }), author: 'Ana', date: '2026-06-01T00:00:00Z', message: 'base' },
      { files: settings({ allow: ['Bash(npm test)', 'Bash(python:*)'] }), author: 'Bo', date: '2026-07-01T00:00:00Z', message: 'python' },
      { files: settings({ allow: ['Bash(python:*)', 'Bash(npm test)'], deny: ['Read(./.env)'] }), author: 'Cy', date: '2026-08-01T00:00:00Z', message: 'reorder' },
    ]);
    const hit = of('permissions/arbitrary-code-execution')[0];
    expect(hit?.commit).toEqual({ sha: shas[1], author: 'Bo', date: '2026-07-01T00:00:00+00:00' });
  });
});

describe('history/untracked-scope-changed (ledger)', () => {
  it('compares the scopes git cannot see with the previous audit, and survives a corrupt ledger line', async () => {
    const dirs = makeWorkspaceDirs({ home: { '.claude/settings.json': json({ permissions: { allow: ['Bash(npm test)'] } }) } });
    await makeRepo(dirs.root, [{ files: settings({ allow: ['Bash(ls)'] }), author: 'A', date: '2026-11-01T00:00:00Z', message: 'x' }]);
    const stateDir = path.join(dirs.base, 'state');
    const audit = (at: string) => runAudit({ root: dirs.root, home: dirs.home, managedDir: dirs.managedDir, now: new Date(at), stateDir, recordLedger: true });
    const first = await audit('2026-11-16T09:00:00Z');
    expect(first.report.findings.filter((f) => f.ruleId === 'history/untracked-scope-changed')).toEqual([]);
    writeFileSync(path.join(dirs.home, '.claude/settings.json'), json({ permissions: { allow: ['Bash(npm test)', 'Bash(python3:*)'] }, mcpServers: {} }));
    appendFileSync(path.join(stateDir, 'ledger.jsonl'), 'not json\n');
    const second = await audit('2026-11-20T09:00:00Z');
    const hits = second.report.findings.filter((f) => f.ruleId === 'history/untracked-scope-changed');
    expect(hits.map((f) => [f.location.file, f.messageId, f.data.rule ?? ''])).toEqual([['~/.claude/settings.json', 'widened', 'Bash(python3:*)']]);
    expect(second.report.notices.join('\n')).toMatch(/corrupt line/);
    const ledger = readFileSync(path.join(stateDir, 'ledger.jsonl'), 'utf8').trim().split('\n');
    expect(ledger).toHaveLength(3);
    expect(JSON.parse(ledger[2] as string).files[0]).toMatchObject({ path: '~/.claude/settings.json', rules: { allow: ['Bash(npm test)', 'Bash(python3:*)'] } });
  });
});

describe('history/low-denial-rate', () => {
  const record = (type: string, content: unknown[], at: string) => JSON.stringify({ type, timestamp: at, message: { role: type, content } });
  it('reports a risky tool used often and never denied, and reads denial rates', async () => {
    const dirs = makeWorkspaceDirs({ project: settings({ allow: ['Bash(ls)'] }) });
    await makeRepo(dirs.root, [{ files: settings({ allow: ['Bash(ls)'] }), author: 'A', date: '2026-11-01T00:00:00Z', message: 'x' }]);
    const lines: string[] = [];
    for (let i = 0; i < 60; i++) lines.push(record('assistant', [{ type: 'tool_use', id: `b${i}`, name: 'Bash', input: { command: 'ls' } }], '2026-11-20T10:00:00Z'));
    for (let i = 0; i < 55; i++) lines.push(record('assistant', [{ type: 'tool_use', id: `e${i}`, name: 'Edit', input: {} }], '2026-11-20T10:00:00Z'));
    lines.push(record('user', [{ type: 'tool_result', tool_use_id: 'e1', is_error: true, content: "The user doesn't want to proceed with this tool use. The tool use was rejected" }], '2026-11-20T10:01:00Z'));
    const transcripts = path.join(dirs.base, 'transcripts');
    writeTree(transcripts, { 'session.jsonl': `${lines.join('\n')}\n` });
    const run = await runAudit({ root: dirs.root, home: dirs.home, managedDir: dirs.managedDir, now: NOW, transcriptsDir: transcripts });
    const hits = run.report.findings.filter((f) => f.ruleId === 'history/low-denial-rate');
    expect(hits.map((f) => [f.data.tool, f.data.uses])).toEqual([['Bash', 60]]);
    expect(run.report.auditors.history?.metrics.denialRates).toMatchObject({ Bash: { uses: 60, denials: 0 }, Edit: { uses: 55, denials: 1 } });
  });
});
