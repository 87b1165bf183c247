import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { cpSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { chownTree, plantProject, plantUncommittable, type Expected } from '../helpers/bad-workspace.js';
import { makeRepo } from '../helpers/git-repo.js';
import { REPO_ROOT } from '../helpers/shared.js';
import { json, makeWorkspaceDirs, tempDir } from '../helpers/tree.js';

/**
 * DESIGN §10, all at once: one workspace holding every kind of bad file beside good files that each carry a known
 * finding. The built CLI (bin/agentgov.js, a real process) must exit 1 (findings, never 2 or a crash), report every
 * problem at its file (and line, where it has one), still audit every good file, and never read a 50 MB file.
 *
 * Unreadable files: `chmod 000` does not stop root. When the tests run as root, the workspace is handed to `nobody`
 * and the CLI runs as `nobody` (spawn's uid/gid), where the mode does stop reads; a probe checks that before the
 * audit, and if even that user can read the file the test expects it to be audited like any other.
 */

const BIN = path.join(REPO_ROOT, 'bin/agentgov.js');
const FORMATS = ['text', 'json', 'sarif', 'markdown', 'html', 'github'] as const;
const run = promisify(execFile);
const NOBODY = 65534;
const asUser = process.getuid?.() === 0 ? { uid: NOBODY, gid: NOBODY } : {};

interface Dirs {
  base: string;
  root: string;
  home: string;
  managedDir: string;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Bytes the agentgov process read through read(2), from /proc/self/io at exit. */
  rchar: number;
}

/** Runs the CLI as the user the files were prepared for, recording how many bytes the process read in all. */
async function agentgov(dirs: Dirs, args: string[]): Promise<Run> {
  const ioFile = path.join(dirs.base, `io-${Math.random().toString(36).slice(2)}.txt`);
  const preload = path.join(dirs.base, 'record-io.cjs');
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dirs.home, NO_COLOR: '1', RECORD_IO: ioFile };
  let result: Omit<Run, 'rchar'>;
  try {
    const { stdout, stderr } = await run(process.execPath, ['--require', preload, binFor(dirs), ...args], { env, ...asUser, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
    result = { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number | string; signal?: string; stdout: string; stderr: string };
    result = { code: typeof e.code === 'number' ? e.code : null, stdout: e.stdout, stderr: `${e.stderr}${e.signal ? ` (signal ${e.signal})` : ''}` };
  }
  const io = readFileSync(ioFile, 'utf8');
  return { ...result, rchar: Number(/^rchar: (\d+)$/m.exec(io)?.[1] ?? Number.NaN) };
}

/**
 * Writes the preload that records /proc/self/io at exit and, when the CLI runs as `nobody`, copies the built CLI
 * (bin/, dist/cli/, package.json: byte for byte) into the tree, since the checkout may not be readable to `nobody`;
 * then hands the tree to that user.
 */
function prepare(dirs: Dirs): void {
  writeFileSync(path.join(dirs.base, 'record-io.cjs'), "process.on('exit', () => require('fs').writeFileSync(process.env.RECORD_IO, require('fs').readFileSync('/proc/self/io', 'utf8')));\n");
  if (asUser.uid === undefined) return;
  for (const part of ['bin', 'dist/cli', 'package.json']) cpSync(path.join(REPO_ROOT, part), path.join(dirs.base, 'agentgov', part), { recursive: true });
  chownTree(dirs.base, asUser.uid, asUser.gid);
}

function binFor(dirs: Dirs): string {
  return asUser.uid === undefined ? BIN : path.join(dirs.base, 'agentgov', 'bin/agentgov.js');
}

/** Whether the CLI's user can read `file` (false when chmod 000 works for it). */
function canRead(file: string): boolean {
  const probe = spawnSync(process.execPath, ['-e', 'require("fs").readFileSync(process.argv[1])', file], { ...asUser });
  return probe.status === 0;
}

interface JsonFinding {
  ruleId: string;
  file: string;
  line?: number | null;
  data?: Record<string, unknown>;
}

function sarifFile(loc: { uri: string; uriBaseId?: string }): string {
  if (loc.uriBaseId === 'HOME') return `~/${loc.uri}`;
  if (loc.uriBaseId === 'MANAGED') return `<managed>/${loc.uri}`;
  return loc.uri;
}

/** Checks one run in one format: exit 1, no crash, every expected problem at its location, no huge file read. */
function checkRun(format: (typeof FORMATS)[number], r: Run, expected: readonly Expected[]): void {
  expect(r.stderr, format).not.toMatch(/fatal|TypeError|RangeError|at .*\.c?js:\d+/);
  expect(r.code, `${format}: ${r.stderr}`).toBe(1);
  // Five files are 50 MB; reading any one of them to its end, or all of them up to their caps, would go over this bound.
  expect(r.rchar, format).toBeLessThan(16 * 1024 * 1024);
  if (format === 'json') {
    const findings = (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings;
    for (const e of expected) {
      expect(findings, JSON.stringify(e)).toContainEqual(expect.objectContaining({ ruleId: e.ruleId, file: e.file, ...(e.detail ? { data: expect.objectContaining({ detail: e.detail }) } : {}), ...(e.line ? { line: e.line } : {}) }));
    }
  } else if (format === 'sarif') {
    const results = (JSON.parse(r.stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region?: { startLine?: number } } }[] }[] }[] }).runs[0]?.results ?? [];
    const got = results.map((res) => {
      const loc = res.locations[0]?.physicalLocation;
      return { ruleId: res.ruleId, file: loc ? sarifFile(loc.artifactLocation) : '', line: loc?.region?.startLine };
    });
    for (const e of expected) expect(got, JSON.stringify(e)).toContainEqual(expect.objectContaining({ ruleId: e.ruleId, file: e.file, ...(e.line ? { line: e.line } : {}) }));
  } else if (format === 'github') {
    for (const e of expected) {
      const line = r.stdout.split('\n').find((l) => l.includes(`file=${e.file},`) && l.includes(`title=${e.ruleId}::`) && (!e.line || l.includes(`line=${e.line},`)));
      expect(line, JSON.stringify(e)).toBeDefined();
    }
  } else {
    // Each expected problem is one finding of the report: its rule id with its file (and line), not just both somewhere.
    const found = format === 'text' ? textFindings(r.stdout) : format === 'markdown' ? markdownFindings(r.stdout) : htmlFindings(r.stdout);
    for (const e of expected) {
      expect(found, `${format}: ${JSON.stringify(e)}`).toContainEqual(expect.objectContaining({ ruleId: e.ruleId, file: e.file, ...(e.line ? { line: e.line } : {}) }));
    }
  }
}

interface ShownFinding {
  ruleId: string;
  file: string;
  line: number | undefined;
}

/** `file:line` (or `file`) as the reports show a location. */
function location(where: string): { file: string; line: number | undefined } {
  const m = /^(.*):(\d+)$/.exec(where);
  return m ? { file: m[1] as string, line: Number(m[2]) } : { file: where, line: undefined };
}

/** The text report's findings: a file's name on a line of its own, then its findings, `  line:col  severity  message  rule-id`. */
function textFindings(stdout: string): ShownFinding[] {
  const out: ShownFinding[] = [];
  let file: string | undefined;
  for (const line of stdout.split('\n')) {
    if (line === '') file = undefined;
    else if (!line.startsWith(' ')) file = file === undefined ? line : undefined;
    else if (file !== undefined) {
      const m = /^ {2}\s*(-|(\d+):\d+) {2}\S+ {2}.* {2}(\S+)$/.exec(line);
      if (m) out.push({ ruleId: m[3] as string, file, line: m[2] ? Number(m[2]) : undefined });
    }
  }
  return out;
}

/** The Markdown report's finding rows: `| \`file:line\` | [rule-id](docs) | message |`. */
function markdownFindings(stdout: string): ShownFinding[] {
  return [...stdout.matchAll(/^\| (`+) ?(.*?) ?\1 \| \[([^\]]+)\]\(/gm)].map((m) => ({ ruleId: m[3] as string, ...location((m[2] as string).replace(/\\\|/g, '|')) }));
}

/** The HTML report's finding rows: `<td><code>file:line</code></td><td><a …><code>rule-id</code></a></td>`. */
function htmlFindings(stdout: string): ShownFinding[] {
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  return [...stdout.matchAll(/<tr data-auditor="[^"]*"[^>]*><td>.*?<\/td><td><code>(.*?)<\/code><\/td><td>(?:<a [^>]*>)?<code>(.*?)<\/code>/g)].map((m) => ({ ruleId: unescape(m[2] as string), ...location(unescape(m[1] as string)) }));
}

async function auditEveryFormat(dirs: Dirs, expected: readonly Expected[]): Promise<Record<string, Run>> {
  const args = ['audit', dirs.root, '--home', dirs.home, '--managed-dir', dirs.managedDir];
  const runs = await Promise.all(FORMATS.map((format) => agentgov(dirs, [...args, '--format', format])));
  const byFormat: Record<string, Run> = {};
  FORMATS.forEach((format, i) => {
    const r = runs[i] as Run;
    checkRun(format, r, expected);
    byFormat[format] = r;
  });
  return byFormat;
}

function notices(r: Run | undefined): string[] {
  return (JSON.parse(r?.stdout ?? '{}') as { notices: string[] }).notices;
}

/** Unreadable-file expectations hold only where the mode really stops the CLI's user. */
function withReadability(dirs: Dirs, expected: Expected[]): Expected[] {
  const locked = path.join(dirs.root, '.claude/agents/locked.md');
  return canRead(locked) ? expected.filter((e) => e.file !== '.claude/agents/locked.md') : expected;
}

describe('a workspace with every bad file of DESIGN §10 (built CLI, every format)', () => {
  it('outside git, the project\'s .claude a symlink: exit 1, every problem at its file, every good file audited, no 50 MB file read', async () => {
    const dirs = makeWorkspaceDirs();
    const expected = [...plantProject(dirs.root), ...plantUncommittable(dirs)];
    // The project's .claude lives elsewhere and is linked in (reported under .claude/ all the same).
    renameSync(path.join(dirs.root, '.claude'), path.join(dirs.base, 'project-claude'));
    symlinkSync(path.join(dirs.base, 'project-claude'), path.join(dirs.root, '.claude'));
    prepare(dirs);
    const runs = await auditEveryFormat(dirs, withReadability(dirs, expected));
    const notes = notices(runs.json);
    expect(notes.some((n) => /not in a git repository/.test(n))).toBe(true);
    // Memory files that cannot be audited are named, with where the bad byte is for invalid UTF-8.
    const memory = notes.filter((n) => n.startsWith('memory:')).join('\n');
    for (const name of ['loop.md', 'binary.md', 'huge.md', 'latin1.md:1:4']) expect(memory).toContain(name);
    // A file that could not be read is reported once, as unreadable: nothing else is made up about its content.
    const findings = (JSON.parse(runs.json?.stdout ?? '{}') as { findings: JsonFinding[] }).findings;
    const unread = ['AGENTS.md', '.claude/skills/dir-skill/SKILL.md', '.claude/agents/binary.md', '.claude/commands/loop.md', '.claude/rules/pipe.md', 'CLAUDE.local.md', '~/.claude.json'];
    if (!canRead(path.join(dirs.root, '.claude/agents/locked.md'))) unread.push('.claude/agents/locked.md');
    for (const file of unread) expect(findings.filter((f) => f.file === file).map((f) => f.ruleId), file).toHaveLength(1);
  }, 180_000);

  it('in a shallow clone: the same, plus history from what the clone has and a notice of what it cannot see', async () => {
    const source = tempDir();
    const day = 86_400_000;
    const date = (daysAgo: number) => new Date(Date.now() - daysAgo * day).toISOString();
    await makeRepo(source, [
      { author: 'Ann', date: date(5), message: 'settings', files: { '.claude/settings.local.json': json({ permissions: { allow: ['Bash(ls)'] } }) } },
      { author: 'Bob', date: date(3), message: 'readme', files: { 'README.md': 'hello\n' } },
    ]);
    plantProject(source);
    await makeRepo(source, [{ author: 'Cy', date: date(1), message: 'the bad files', files: {} }]);

    const dirs = makeWorkspaceDirs();
    rmSync(dirs.root, { recursive: true, force: true });
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${source}`, dirs.root]);
    expect(execFileSync('git', ['rev-parse', '--is-shallow-repository'], { cwd: dirs.root, encoding: 'utf8' }).trim()).toBe('true');
    // Empty folders do not survive git; plant the project again, then what git cannot carry.
    const expected = [...plantProject(dirs.root), ...plantUncommittable(dirs)];
    prepare(dirs);
    const runs = await auditEveryFormat(dirs, withReadability(dirs, expected));
    const report = JSON.parse(runs.json?.stdout ?? '{}') as { notices: string[]; findings: JsonFinding[]; auditors: { config: { metrics: { git: string } } } };
    expect(report.auditors.config.metrics.git).toBe('available');
    expect(report.notices.some((n) => /shallow clone/.test(n) && /--unshallow/.test(n))).toBe(true);
    // The one visible commit added a committed settings.local.json: history saw it, in the clone.
    expect(report.findings).toContainEqual(expect.objectContaining({ ruleId: 'history/local-file-committed', file: '.claude/settings.local.json' }));
  }, 180_000);
});
