import { readFileSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { json, makeWorkspaceDirs } from '../helpers/tree.js';

const broken = { '.claude/settings.json': '{\n  "permissions": {"allow": ["Bash(ls)",]}\n}\n', 'CLAUDE.md': '# ok\n' };
const REQUIRED_DENY = ['Read(./.env)', 'Read(./.env.*)', 'Read(~/.ssh/**)', 'Read(~/.aws/**)'];
const clean = { '.claude/settings.json': json({ permissions: { allow: ['Bash(npm test)'], deny: REQUIRED_DENY } }) };

function dirsArgs(dirs: ReturnType<typeof makeWorkspaceDirs>): string[] {
  return ['--home', dirs.home, '--managed-dir', dirs.managedDir];
}

describe('agentgov audit', () => {
  it('exits 0 on a clean workspace and 1 when an error is found', async () => {
    const ok = makeWorkspaceDirs({ project: clean });
    expect((await cli(['audit', ok.root, ...dirsArgs(ok)])).code).toBe(0);
    const bad = makeWorkspaceDirs({ project: broken });
    const r = await cli(['audit', bad.root, ...dirsArgs(bad)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('.claude/settings.json');
    expect(r.stdout).toMatch(/2:39\s+error\s+.*config\/invalid-json/);
  });

  it('honours --fail-on', async () => {
    const bad = makeWorkspaceDirs({ project: broken });
    expect((await cli(['audit', bad.root, ...dirsArgs(bad), '--fail-on', 'never'])).code).toBe(0);
    const policy = makeWorkspaceDirs({ project: { ...broken, 'agentgov.json': json({ rules: { 'config/invalid-json': 'warning' } }) } });
    expect((await cli(['audit', policy.root, ...dirsArgs(policy)])).code).toBe(0);
    expect((await cli(['audit', policy.root, ...dirsArgs(policy), '--fail-on', 'warning'])).code).toBe(1);
  });

  it('defaults the root to the working directory and the home to AGENTGOV_HOME', async () => {
    const dirs = makeWorkspaceDirs({ home: { '.claude/settings.json': '{,}' } });
    const r = await cli(['audit', '--managed-dir', dirs.managedDir, '--format', 'json'], { cwd: dirs.root, env: { AGENTGOV_HOME: dirs.home } });
    const report = JSON.parse(r.stdout);
    expect(report.root).toBe(dirs.root);
    expect(report.findings.map((f: { file: string }) => f.file)).toEqual(['~/.claude/settings.json']);
    expect(r.code).toBe(1);
  });

  it('prints every format and writes --output atomically', async () => {
    const dirs = makeWorkspaceDirs({ project: broken });
    for (const format of ['text', 'json', 'sarif', 'markdown']) {
      const r = await cli(['audit', dirs.root, ...dirsArgs(dirs), '--format', format]);
      expect(r.code).toBe(1);
      expect(r.stdout.length).toBeGreaterThan(0);
    }
    const out = path.join(dirs.base, 'reports', 'audit.sarif');
    const r = await cli(['audit', dirs.root, ...dirsArgs(dirs), '--format', 'sarif', '--output', out]);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).version).toBe('2.1.0');
  });

  it('uses colour only on a terminal, and never with NO_COLOR or --no-color', async () => {
    const dirs = makeWorkspaceDirs({ project: broken });
    const args = ['audit', dirs.root, ...dirsArgs(dirs)];
    const ansi = /\u001b\[/;
    expect((await cli(args)).stdout).not.toMatch(ansi);
    expect((await cli(args, { tty: true })).stdout).toMatch(ansi);
    expect((await cli(args, { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toMatch(ansi);
    expect((await cli([...args, '--no-color'], { tty: true })).stdout).not.toMatch(ansi);
    expect((await cli(args, { env: { FORCE_COLOR: '1' } })).stdout).toMatch(ansi);
  });

  it('--quiet shows only findings at or above --fail-on', async () => {
    const dirs = makeWorkspaceDirs({
      project: { ...broken, '.mcp.json': '[]', 'agentgov.json': json({ rules: { 'config/wrong-type': 'warning' } }) },
    });
    const r = await cli(['audit', dirs.root, ...dirsArgs(dirs), '--quiet', '--format', 'json']);
    const report = JSON.parse(r.stdout);
    expect(report.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['config/invalid-json']);
    expect(report.summary.warning).toBe(1);
  });

  it('exits 2 for bad arguments, a missing root, an invalid policy and a broken baseline', async () => {
    const dirs = makeWorkspaceDirs({ project: clean });
    expect((await cli(['audit', dirs.root, '--format', 'xml'])).code).toBe(2);
    expect((await cli(['audit', dirs.root, '--fail-on', 'sometimes'])).code).toBe(2);
    expect((await cli(['frobnicate'])).code).toBe(2);
    expect((await cli(['audit', path.join(dirs.root, 'missing'), ...dirsArgs(dirs)])).code).toBe(2);
    const badPolicy = makeWorkspaceDirs({ project: { 'agentgov.json': json({ rules: { 'config/invalid-json': 'loud' }, extra: true }) } });
    const r = await cli(['audit', badPolicy.root, ...dirsArgs(badPolicy)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('rules.config/invalid-json:');
    expect(r.stderr).toContain('(root):');
    const missingPolicy = await cli(['audit', dirs.root, ...dirsArgs(dirs), '--policy', path.join(dirs.base, 'org.json')]);
    expect(missingPolicy.code).toBe(2);
    const badBaseline = makeWorkspaceDirs({ project: { ...broken, '.agentgov/baseline.json': '{"version": 2, "findings": []}' } });
    const b = await cli(['audit', badBaseline.root, ...dirsArgs(badBaseline)]);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('.agentgov/baseline.json');
  });

  it('prints --help and --version on every command with exit 0', async () => {
    for (const argv of [['--help'], ['--version'], ['audit', '--help'], ['init', '--help'], ['baseline', '--help'], ['audit', '--version'], ['init', '--version'], ['baseline', '--version']]) {
      const r = await cli(argv);
      expect(r.code, argv.join(' ')).toBe(0);
      expect(r.stdout.length, argv.join(' ')).toBeGreaterThan(0);
    }
  });

  it('defines only the command the first word names, with the same help as when every command is defined', async () => {
    const all = await cli(['--help']);
    const names = [...all.stdout.matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1] as string).filter((name) => name !== 'help');
    expect(names.length).toBeGreaterThanOrEqual(11);
    for (const name of names) {
      // `help <name>` defines every command (its first word is no command); `<name> --help` defines only <name>.
      const alone = await cli([name, '--help']);
      const among = await cli(['help', name]);
      expect(alone.code, name).toBe(0);
      expect(alone.stdout, name).toBe(among.stdout);
      expect(alone.stdout, name).toContain(`Usage: agentgov ${name} `);
    }
    // A word that is no command, even one every object has, is an unknown command (a usage error), as before.
    for (const word of ['__proto__', 'constructor', 'toString', 'nosuch']) expect((await cli([word])).code, word).toBe(2);
  });
});

describe('agentgov init', () => {
  it('writes a starter policy that loads, and refuses to overwrite without --force', async () => {
    const dirs = makeWorkspaceDirs();
    expect((await cli(['init', dirs.root])).code).toBe(0);
    const file = path.join(dirs.root, 'agentgov.json');
    const policy = JSON.parse(readFileSync(file, 'utf8'));
    expect(policy).toMatchObject({ $schema: expect.stringContaining('policy.schema.json'), extends: 'agentgov:recommended' });
    expect((await cli(['audit', dirs.root, ...dirsArgs(dirs)])).code).toBe(0);
    writeFileSync(file, '{"rules": {}}');
    const again = await cli(['init', dirs.root]);
    expect(again.code).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe('{"rules": {}}');
    expect((await cli(['init', dirs.root, '--force'])).code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).extends).toBe('agentgov:recommended');
  });
});

describe('agentgov baseline', () => {
  it('accepts current findings so later audits pass, counts them, and reports new ones', async () => {
    const dirs = makeWorkspaceDirs({ project: broken });
    const b = await cli(['baseline', dirs.root, ...dirsArgs(dirs), '--reason', 'legacy file, fixing in Q1', '--expires', '2099-01-01']);
    expect(b.code).toBe(0);
    const baseline = JSON.parse(readFileSync(path.join(dirs.root, '.agentgov/baseline.json'), 'utf8'));
    expect(baseline.findings).toEqual([expect.objectContaining({ ruleId: 'config/invalid-json', file: '.claude/settings.json', reason: 'legacy file, fixing in Q1', expires: '2099-01-01' })]);
    const after = await cli(['audit', dirs.root, ...dirsArgs(dirs), '--format', 'json']);
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout).summary).toEqual({ error: 0, warning: 0, info: 0, baselined: 1 });
    for (const format of ['text', 'markdown', 'sarif']) {
      expect((await cli(['audit', dirs.root, ...dirsArgs(dirs), '--format', format])).stdout).toMatch(/baselined/i);
    }
    writeFileSync(path.join(dirs.root, '.mcp.json'), '{"mcpServers": [],}');
    const worse = await cli(['audit', dirs.root, ...dirsArgs(dirs), '--format', 'json']);
    expect(worse.code).toBe(1);
    expect(JSON.parse(worse.stdout).findings.map((f: { file: string }) => f.file)).toEqual(['.mcp.json']);
  });

  it('brings back findings whose acceptance expired', async () => {
    const dirs = makeWorkspaceDirs({ project: broken });
    expect((await cli(['baseline', dirs.root, ...dirsArgs(dirs), '--expires', '2020-01-01'])).code).toBe(0);
    const r = await cli(['audit', dirs.root, ...dirsArgs(dirs), '--format', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).auditors.baseline.metrics).toMatchObject({ entries: 1, baselined: 0, expired: 1 });
  });

  it('rejects a malformed --expires', async () => {
    const dirs = makeWorkspaceDirs({ project: broken });
    expect((await cli(['baseline', dirs.root, ...dirsArgs(dirs), '--expires', '2026-02-30'])).code).toBe(2);
    expect(existsSync(path.join(dirs.root, '.agentgov/baseline.json'))).toBe(false);
  });
});

describe('global options', () => {
  it('are accepted before the command as well as after it; the command-level value wins', async () => {
    const dirs = makeWorkspaceDirs({ project: broken });
    const before = await cli(['--format', 'json', '--home', dirs.home, '--managed-dir', dirs.managedDir, 'audit', dirs.root]);
    expect(JSON.parse(before.stdout).findings).toHaveLength(1);
    const both = await cli(['--format', 'json', 'audit', dirs.root, ...dirsArgs(dirs), '--format', 'sarif']);
    expect(JSON.parse(both.stdout).version).toBe('2.1.0');
    expect((await cli(['--fail-on', 'never', 'audit', dirs.root, ...dirsArgs(dirs)])).code).toBe(0);
    expect((await cli(['--no-color', 'audit', dirs.root, ...dirsArgs(dirs)], { tty: true })).stdout).not.toMatch(/\u001b\[/);
  });
});

describe('history window arguments', () => {
  it('exit 2 with the reason for a malformed --window or an unknown --since', async () => {
    const dirs = makeWorkspaceDirs({ project: clean });
    const bad = await cli(['audit', dirs.root, ...dirsArgs(dirs), '--window', '3x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--window 3x');
    const since = await cli(['history', dirs.root, ...dirsArgs(dirs), '--since', 'not-a-ref']);
    expect(since.code).toBe(2);
    expect(since.stderr).toContain('--since not-a-ref');
  });
});
