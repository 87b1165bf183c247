import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupDigits } from '../../src/progress.js';
import type { CliIo } from '../../src/cli/io.js';
import { progressEnabled, progressLine } from '../../src/cli/progress-line.js';
import { makeRepo } from '../helpers/git-repo.js';
import { REPO_ROOT } from '../helpers/shared.js';
import { daysAgo, memoryWorkspace, topic } from '../helpers/memory.js';
import { json } from '../helpers/tree.js';

const run = promisify(execFile);
const BIN = path.join(REPO_ROOT, 'bin/agentgov.js');
const CLEAR = '\r\u001b[2K';
/** The audit ran to its end and wrote its whole report (a JSON report parses and has its summary). */
const finished = (stdout: string) => expect(JSON.parse(stdout)).toHaveProperty('summary');

function fakeIo(over: Partial<CliIo> = {}): CliIo & { err: string[] } {
  const err: string[] = [];
  return { stdout: () => undefined, stderr: (t) => err.push(t), env: {}, cwd: '/', stdoutIsTTY: false, stderrIsTTY: true, homedir: '/', platform: 'linux', err, ...over };
}

describe('groupDigits', () => {
  it("writes integers as toLocaleString('en-US') does", () => {
    for (const n of [0, 7, 999, 1000, -1000, 1204, 999_999, 1_000_000, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER]) expect(groupDigits(n)).toBe(n.toLocaleString('en-US'));
    fc.assert(fc.property(fc.maxSafeInteger(), (n) => groupDigits(n) === n.toLocaleString('en-US')));
  });
});

describe('progressEnabled', () => {
  it('is on only for a terminal stderr, without --quiet, outside CI, on a capable terminal', () => {
    expect(progressEnabled(fakeIo(), false)).toBe(true);
    expect(progressEnabled(fakeIo({ stderrIsTTY: false }), false)).toBe(false);
    expect(progressEnabled(fakeIo(), true)).toBe(false);
    expect(progressEnabled(fakeIo({ env: { CI: 'true' } }), false)).toBe(false);
    expect(progressEnabled(fakeIo({ env: { CI: 'false' } }), false)).toBe(true);
    expect(progressEnabled(fakeIo({ env: { TERM: 'dumb' } }), false)).toBe(false);
  });
});

describe('progressLine', () => {
  it('rewrites one line, at most every 100 ms per task, and clears it at the end', () => {
    const io = fakeIo();
    let t = 0;
    const line = progressLine(io, true, () => t);
    line.sink({ task: 'reading git history', done: 1, unit: 'commits' });
    t = 50;
    line.sink({ task: 'reading git history', done: 2000, unit: 'commits' });
    t = 120;
    line.sink({ task: 'reading git history', done: 4321, unit: 'commits' });
    line.sink({ task: 'running the auditors' });
    line.clear();
    expect(io.err).toEqual([`${CLEAR}agentgov: reading git history… 1 commit`, `${CLEAR}agentgov: reading git history… 4,321 commits`, `${CLEAR}agentgov: running the auditors…`, CLEAR]);
  });

  it('writes nothing at all when disabled, not even the clearing sequence', () => {
    const io = fakeIo();
    const line = progressLine(io, false);
    line.sink({ task: 'reading memory stores', done: 10, unit: 'files' });
    line.clear();
    expect(io.err).toEqual([]);
  });
});

/** A repository with some history and a memory store, audited by the built binary. */
async function repoWithHistory() {
  const dirs = memoryWorkspace({ 'MEMORY.md': '- [A](a.md)\n', 'a.md': topic({ name: 'a', type: 'project' }), 'b.md': topic({ name: 'b', type: 'reference' }) });
  const now = new Date();
  await makeRepo(
    dirs.root,
    Array.from({ length: 12 }, (_, i) => ({ author: `Dev ${i % 3}`, date: daysAgo(20 - i, now), message: `change ${i}`, files: { '.claude/settings.json': json({ permissions: { allow: [`Bash(make t${i})`] } }) } })),
  );
  const args = ['audit', dirs.root, '--home', dirs.home, '--managed-dir', dirs.managedDir, '--state-dir', path.join(dirs.base, 'state'), '--fail-on', 'never', '--format', 'json'];
  return { dirs, args };
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const envWithout = (...keys: string[]) => Object.fromEntries(Object.entries(process.env).filter(([k]) => !keys.includes(k)));

/** Runs the CLI with stderr on a pseudo-terminal (util-linux `script`), stdout to a file; returns what the terminal showed. */
async function onTerminal(args: string[], base: string, env: NodeJS.ProcessEnv): Promise<{ terminal: string; stdout: string }> {
  const out = path.join(base, 'stdout.txt');
  const transcript = path.join(base, 'terminal.txt');
  const command = `${quote(process.execPath)} ${quote(BIN)} ${args.map(quote).join(' ')} > ${quote(out)}`;
  await run('script', ['-q', '-e', '-c', command, transcript], { env: { ...env, TERM: 'xterm' } });
  return { terminal: readFileSync(transcript, 'utf8'), stdout: readFileSync(out, 'utf8') };
}

describe('progress on a real terminal, and none when piped or in CI', () => {
  it('shows the progress line on a terminal stderr and clears it; stdout (the report) never gets any', async () => {
    const { dirs, args } = await repoWithHistory();
    const { terminal, stdout } = await onTerminal(args, dirs.base, envWithout('CI'));
    expect(terminal).toContain(`${CLEAR}agentgov: loading the workspace…`);
    expect(terminal).toMatch(/agentgov: reading git history… \d+ commits?/);
    expect(terminal).toMatch(/agentgov: reading memory stores… \d+ files?/);
    expect(terminal).toContain('agentgov: running the auditors over 12 config commits…');
    // The last thing the line does is clear itself.
    expect(terminal.slice(terminal.lastIndexOf('agentgov: '))).toContain(CLEAR);
    expect(stdout).not.toContain('\u001b[2K');
    finished(stdout);
  });

  it('shows nothing in CI or with --quiet, even on a terminal', async () => {
    const { dirs, args } = await repoWithHistory();
    const ci = await onTerminal(args, dirs.base, { ...envWithout('CI'), CI: 'true' });
    expect(ci.terminal).not.toContain('agentgov: ');
    // Silence is not a crash before the audit started.
    finished(ci.stdout);
    const quiet = await onTerminal([...args, '--quiet'], dirs.base, envWithout('CI'));
    expect(quiet.terminal).not.toContain('agentgov: ');
    finished(quiet.stdout);
  });

  it('shows nothing when stderr is piped', async () => {
    const { args } = await repoWithHistory();
    const { stderr, stdout } = await run(process.execPath, [BIN, ...args], { env: envWithout('CI') });
    expect(stderr).toBe('');
    expect(stdout).not.toContain('\u001b[');
    finished(stdout);
  });
});
