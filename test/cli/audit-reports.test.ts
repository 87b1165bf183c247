import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { makeRepo } from '../helpers/git-repo.js';
import { daysAgo, fourItemStore, overIndexTarget, snapshotDir } from '../helpers/memory.js';
import { json, makeWorkspaceDirs } from '../helpers/tree.js';

const REQUIRED_DENY = ['Read(./.env)', 'Read(./.env.*)', 'Read(~/.ssh/**)', 'Read(~/.aws/**)'];
const settings = (allow: string[]) => json({ permissions: { allow, deny: REQUIRED_DENY } });
const FORMATS = ['json', 'sarif', 'markdown', 'html', 'text'] as const;

function workspace() {
  const dirs = makeWorkspaceDirs({ project: { '.claude/settings.json': settings(['Bash(npm test)', 'Bash(curl:*)']) }, home: { '.claude/settings.json': settings([]) } });
  const stateDir = path.join(dirs.base, 'state');
  return { ...dirs, stateDir, args: [dirs.root, '--home', dirs.home, '--managed-dir', dirs.managedDir, '--state-dir', stateDir] };
}

const read = (file: string) => readFileSync(file, 'utf8');

describe('agentgov audit --report', () => {
  it('writes every report from one run, and still prints text to the terminal', async () => {
    const w = workspace();
    const out = (f: string) => path.join(w.base, 'reports', `audit.${f}`);
    const r = await cli(['audit', ...w.args, ...FORMATS.flatMap((f) => ['--report', `${f}:${out(f)}`])]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✖ \d+ problems? \(0 errors/);
    for (const f of FORMATS) expect(r.stderr).toContain(`agentgov: wrote ${f} report to ${out(f)}`);
    const report = JSON.parse(read(out('json')));
    const sarif = JSON.parse(read(out('sarif')));
    // One run: the same start time and the same findings in every file.
    expect(sarif.runs[0].invocations[0].startTimeUtc).toBe(report.startedAt);
    expect(sarif.runs[0].results.map((x: { partialFingerprints: Record<string, string> }) => x.partialFingerprints['agentgovFingerprint/v1'])).toEqual(report.findings.map((f: { fingerprint: string }) => f.fingerprint));
    expect(read(out('markdown'))).toMatch(/^# agentgov weekly audit\n/);
    expect(read(out('html'))).toMatch(/^<!DOCTYPE html>/);
    expect(read(out('text'))).toBe(r.stdout);
    expect(readdirSync(path.join(w.base, 'reports')).sort()).toEqual(FORMATS.map((f) => `audit.${f}`).sort());
  });

  it('replaces {date} with the day the run started, and writes no status lines with --quiet', async () => {
    const w = workspace();
    const r = await cli(['audit', ...w.args, '--quiet', '--report', `markdown:${path.join(w.base, 'weekly-{date}.md')}`]);
    const startedAt = JSON.parse((await cli(['audit', ...w.args, '--format', 'json'])).stdout).startedAt as string;
    expect(r.stderr).toBe('');
    expect(existsSync(path.join(w.base, `weekly-${startedAt.slice(0, 10)}.md`))).toBe(true);
  });

  it.each([
    [['weekly.md'], /--report "weekly.md": expected <format>:<file>/],
    [['pdf:weekly.pdf'], /unknown format "pdf"/],
    [['github:x.txt'], /unknown format "github"/],
    [['html:'], /no file name after "html:"/],
    [['markdown:a.md', 'html:./a.md'], /write the same file/],
  ])('refuses %j with exit 2 before auditing anything', async (values, message) => {
    const w = workspace();
    const r = await cli(['audit', ...w.args, ...values.flatMap((v) => ['--report', v])], { cwd: w.base });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    expect(existsSync(w.stateDir)).toBe(false);
  });

  it('refuses a --report to the --output file', async () => {
    const w = workspace();
    const r = await cli(['audit', ...w.args, '--output', 'a.json', '--format', 'json', '--report', 'json:a.json'], { cwd: w.base });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/same file as --output/);
  });

  it('writes every report it can when one fails, names the failed one, exits 2, and keeps its findings new', async () => {
    const w = workspace();
    writeFileSync(path.join(w.base, 'not-a-folder'), 'x');
    const bad = path.join(w.base, 'not-a-folder', 'weekly.md');
    const good = path.join(w.base, 'audit.json');
    const r = await cli(['audit', ...w.args, '--report', `markdown:${bad}`, '--report', `json:${good}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`could not write the markdown report (--report markdown:${bad}) to ${bad}: EEXIST (a file is where a folder should be)`);
    expect(JSON.parse(read(good)).findings.length).toBeGreaterThan(0);
    expect(r.stdout).toMatch(/problems?/);
    // The digest never reached its reader: the next audit still calls these findings new.
    expect(existsSync(path.join(w.stateDir, 'reported.json'))).toBe(false);
    const again = await cli(['audit', ...w.args, '--report', `markdown:${path.join(w.base, 'weekly.md')}`]);
    expect(again.code).toBe(0);
    expect(read(path.join(w.base, 'weekly.md'))).toContain('First audit recorded in this state dir');
  });
});

describe('the weekly digest across audits', () => {
  it('lists only the findings the previous audit did not report, and the changes in scopes git cannot see', async () => {
    const w = workspace();
    const md = path.join(w.base, 'weekly.md');
    const first = await cli(['audit', ...w.args, '--report', `markdown:${md}`, '--report', `json:${path.join(w.base, 'a.json')}`]);
    expect(first.code).toBe(0);
    expect(read(md)).toContain('First audit recorded in this state dir');
    const firstFindings = JSON.parse(read(path.join(w.base, 'a.json'))).findings as { fingerprint: string }[];
    expect(JSON.parse(read(path.join(w.stateDir, 'reported.json'))).fingerprints).toEqual(firstFindings.map((f) => f.fingerprint).sort());

    writeFileSync(path.join(w.home, '.claude/settings.json'), settings(['Bash(wget:*)']));
    const second = await cli(['audit', ...w.args, '--report', `markdown:${md}`, '--report', `json:${path.join(w.base, 'b.json')}`]);
    expect(second.code).toBe(0);
    const secondReport = JSON.parse(read(path.join(w.base, 'b.json')));
    const fresh = secondReport.findings.filter((f: { fingerprint: string }) => !firstFindings.some((g) => g.fingerprint === f.fingerprint));
    expect(fresh.length).toBeGreaterThan(0);
    expect(secondReport.weekly.newFingerprints.sort()).toEqual(fresh.map((f: { fingerprint: string }) => f.fingerprint).sort());
    const digest = read(md);
    expect(digest).toMatch(new RegExp(`New since the last audit \\(.*\\): \\*\\*${fresh.length}\\*\\*`));
    expect(digest).toContain('| `~/.claude/settings.json` | user | `+ allow Bash(wget:*)` |');
    expect(digest.slice(digest.indexOf('## New findings'), digest.indexOf('## Top findings'))).toContain('~/.claude/settings.json');
  });

  it('never writes a secret into any report, even one added to a scope git cannot see', async () => {
    const w = workspace();
    await cli(['audit', ...w.args]);
    const token = `ghp_${'Q7wLm2Zr9Kd4'.repeat(3)}`;
    writeFileSync(path.join(w.home, '.claude/settings.json'), settings([`Bash(curl -H "Authorization: Bearer ${token}" https://api.github.com/*)`]));
    const files = FORMATS.map((f) => path.join(w.base, `r.${f}`));
    const r = await cli(['audit', ...w.args, ...FORMATS.flatMap((f, i) => ['--report', `${f}:${files[i]}`])]);
    expect(read(files[2]!)).toMatch(/\| `~\/.claude\/settings.json` \| user \| `\+ allow Bash\(curl/);
    for (const file of files) expect(read(file), file).not.toContain(token);
    expect(r.stdout + r.stderr).not.toContain(token);
    expect(read(path.join(w.stateDir, 'ledger.jsonl'))).not.toContain(token);
  });

  it('tolerates a corrupt reported-findings file: says so, counts every finding as new, and rewrites it', async () => {
    const w = workspace();
    await cli(['audit', ...w.args]);
    writeFileSync(path.join(w.stateDir, 'reported.json'), '{"version": 1, "fingerprints": [');
    const md = path.join(w.base, 'weekly.md');
    const r = await cli(['audit', ...w.args, '--report', `markdown:${md}`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('reported.json is corrupt');
    expect(read(md)).toContain('First audit recorded in this state dir');
    expect(JSON.parse(read(path.join(w.stateDir, 'reported.json'))).version).toBe(1);
  });

  it('shows the commits of the window with their authors, rules added and removed, and the index chart', async () => {
    const w = workspace();
    const now = new Date();
    await makeRepo(w.root, [
      { author: 'Old Timer', date: daysAgo(30, now), message: 'Start', files: { '.claude/settings.json': settings(['Bash(npm test)']) } },
      { author: 'Ada Lovelace', date: daysAgo(3, now), message: 'Allow curl', files: { '.claude/settings.json': settings(['Bash(npm test)', 'Bash(curl:*)']) } },
      { author: 'Grace Hopper', date: daysAgo(1, now), message: 'Drop npm test', files: { '.claude/settings.json': settings(['Bash(curl:*)']) } },
    ]);
    const md = path.join(w.base, 'weekly.md');
    const html = path.join(w.base, 'weekly.html');
    const r = await cli(['audit', ...w.args, '--report', `markdown:${md}`, '--report', `html:${html}`]);
    expect(r.code).toBe(0);
    const digest = read(md);
    expect(digest).toContain('2 commits changed the agent configuration, by 2 authors: Ada Lovelace (1), Grace Hopper (1).');
    expect(digest).toMatch(/\| allow \| `Bash\(curl:\*\)` \| `.claude\/settings.json` \| `[0-9a-f]{12}` \| Ada Lovelace \|/);
    expect(digest).toMatch(/\| allow \| `Bash\(npm test\)` \| `.claude\/settings.json` \| `[0-9a-f]{12}` \| Grace Hopper \|/);
    expect(digest).not.toContain('Old Timer');
    expect(digest).toMatch(/Permissiveness index: \*\*\d+\*\* now, \d+ at the start of the window/);
    expect(read(html).match(/<circle class="point"/g)).toHaveLength(2);
  });
});

describe('agentgov audit --apply-memory-plan', () => {
  const store = () => fourItemStore();
  type Store = ReturnType<typeof fourItemStore>;
  const memoryArgs = (dirs: Store) => [dirs.root, '--home', dirs.home, '--managed-dir', dirs.managedDir, '--state-dir', dirs.stateDir];

  /** The digest names the restore command of the applied plan, and running it puts the store back byte for byte. */
  async function undoneAsOffered(md: string, dirs: Store, before: Record<string, string>) {
    const planId = /Undo with `agentgov memory restore ([\w.-]+)`/.exec(read(md))?.[1];
    expect(planId).toBeDefined();
    expect(read(md)).toContain(`agentgov memory restore ${planId} ${dirs.root}`);
    const restored = await cli(['memory', 'restore', planId!, ...memoryArgs(dirs)]);
    expect(restored.code).toBe(0);
    expect(snapshotDir(dirs.memoryDir)).toEqual(before);
  }

  it('only reports the plan without the flag; with it, archives through the journal and the digest says how to undo', async () => {
    const dirs = store();
    const base = memoryArgs(dirs);
    const before = snapshotDir(dirs.memoryDir);
    const md = path.join(dirs.base, 'weekly.md');
    const dry = await cli(['audit', ...base, '--fail-on', 'never', '--report', `markdown:${md}`]);
    expect(dry.code).toBe(0);
    expect(snapshotDir(dirs.memoryDir)).toEqual(before);
    expect(read(md)).toMatch(/\*\*1\*\* of 4 memory items would be archived/);
    expect(read(md)).toContain('| `project_old.md` | project |');
    expect(read(md)).toContain('agentgov memory prune --apply');

    const applied = await cli(['audit', ...base, '--fail-on', 'never', '--apply-memory-plan', '--report', `markdown:${md}`]);
    expect(applied.code).toBe(0);
    expect(existsSync(path.join(dirs.memoryDir, 'project_old.md'))).toBe(false);
    expect(read(path.join(dirs.memoryDir, 'MEMORY.md'))).not.toContain('project_old.md');
    expect(read(path.join(dirs.stateDir, 'memory-journal.jsonl'))).toMatch(/"op":"begin"[\s\S]*"op":"move"/);
    await undoneAsOffered(md, dirs, before);
  });

  it('applies a plan that only drops MEMORY.md lines (the index over its target, nothing to archive), and the digest offers the undo', async () => {
    const dirs = overIndexTarget();
    const base = memoryArgs(dirs);
    const before = snapshotDir(dirs.memoryDir);
    const md = path.join(dirs.base, 'weekly.md');
    const r = await cli(['audit', ...base, '--fail-on', 'never', '--apply-memory-plan', '--report', `markdown:${md}`]);
    expect(r.code).toBe(0);
    const after = snapshotDir(dirs.memoryDir);
    // No file moved; only MEMORY.md lost lines (those of the four oldest items).
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    expect(Object.keys(before).filter((name) => after[name] !== before[name])).toEqual(['MEMORY.md']);
    for (const gone of ['feedback_4.md', 'feedback_5.md', 'feedback_6.md', 'feedback_7.md']) expect(after['MEMORY.md']).not.toContain(`(${gone})`);
    expect(read(path.join(dirs.stateDir, 'memory-journal.jsonl'))).toMatch(/"op":"begin"[\s\S]*"op":"index"/);
    await undoneAsOffered(md, dirs, before);
  });

  it('exits 2 after writing its reports when the plan cannot be applied (another memory command holds the lock)', async () => {
    const dirs = store();
    const base = memoryArgs(dirs);
    await cli(['audit', ...base, '--fail-on', 'never']);
    // A live process on this host holds the memory lock.
    writeFileSync(path.join(dirs.stateDir, 'memory.lock'), JSON.stringify({ time: new Date().toISOString(), pid: process.pid, hostname: os.hostname(), username: 'someone', command: 'memory prune --apply' }));
    const md = path.join(dirs.base, 'weekly.md');
    const r = await cli(['audit', ...base, '--fail-on', 'never', '--apply-memory-plan', '--report', `markdown:${md}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the memory plan was not applied/);
    expect(read(md)).toContain('**Not applied:**');
    expect(existsSync(path.join(dirs.memoryDir, 'project_old.md'))).toBe(true);
  });
});
