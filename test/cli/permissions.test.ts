import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/shared.js';
import { json, makeWorkspaceDirs } from '../helpers/tree.js';

type Dirs = ReturnType<typeof makeWorkspaceDirs>;

function dirsArgs(dirs: Dirs): string[] {
  return ['--home', dirs.home, '--managed-dir', dirs.managedDir];
}

/** Settings per scope, written with `json()` so that line numbers are predictable (first entry of a list on line 4). */
function workspace(settings: { managed?: unknown; user?: unknown; project?: unknown; local?: unknown }): Dirs {
  return makeWorkspaceDirs({
    project: {
      ...(settings.project !== undefined ? { '.claude/settings.json': json(settings.project) } : {}),
      ...(settings.local !== undefined ? { '.claude/settings.local.json': json(settings.local) } : {}),
    },
    home: settings.user !== undefined ? { '.claude/settings.json': json(settings.user) } : {},
    managed: settings.managed !== undefined ? { 'managed-settings.json': json(settings.managed) } : {},
  });
}

const fourScopes = () =>
  workspace({
    managed: { permissions: { deny: ['Bash(sudo *)'] } },
    user: { permissions: { deny: ['Read(~/.ssh/**)'] } },
    project: { permissions: { allow: ['Bash(npm test)', 'Read(src/**)'], deny: ['Write(.env)'] } },
    local: { permissions: { ask: ['Bash(git push *)'] } },
  });

async function effectiveJson(dirs: Dirs) {
  const r = await cli(['permissions', 'effective', dirs.root, ...dirsArgs(dirs), '--format', 'json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as { defaultMode: string; rules: Record<string, unknown>[] };
}

async function explainJson(dirs: Dirs, call: string, ...extra: string[]) {
  const r = await cli(['permissions', 'explain', call, dirs.root, ...dirsArgs(dirs), '--format', 'json', ...extra]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

describe('agentgov permissions effective', () => {
  it('lists every rule of every scope with its provenance, sorted deny → ask → allow, then scope, then file order', async () => {
    const dirs = fourScopes();
    const table = await effectiveJson(dirs);
    expect(table.defaultMode).toBe('default');
    expect(table.rules).toEqual([
      { raw: 'Bash(sudo *)', list: 'deny', tool: 'Bash', specifier: 'sudo *', scope: 'managed', file: '<managed>/managed-settings.json', line: 4, column: 7, effective: true },
      {
        raw: 'Write(.env)',
        list: 'deny',
        tool: 'Write',
        specifier: '.env',
        scope: 'project',
        file: '.claude/settings.json',
        line: 8,
        column: 7,
        effective: false,
        reason: 'never consulted: Write(path) rules are ignored; use Edit(path)',
      },
      { raw: 'Read(~/.ssh/**)', list: 'deny', tool: 'Read', specifier: '~/.ssh/**', scope: 'user', file: '~/.claude/settings.json', line: 4, column: 7, effective: true },
      { raw: 'Bash(git push *)', list: 'ask', tool: 'Bash', specifier: 'git push *', scope: 'local', file: '.claude/settings.local.json', line: 4, column: 7, effective: true },
      { raw: 'Bash(npm test)', list: 'allow', tool: 'Bash', specifier: 'npm test', scope: 'project', file: '.claude/settings.json', line: 4, column: 7, effective: true },
      { raw: 'Read(src/**)', list: 'allow', tool: 'Read', specifier: 'src/**', scope: 'project', file: '.claude/settings.json', line: 5, column: 7, effective: true },
    ]);
  });

  it('marks invalid rules, rules outside managed settings under allowManagedPermissionRulesOnly, and allow rules under bypassPermissions', async () => {
    const managedOnly = workspace({
      managed: { allowManagedPermissionRulesOnly: true, permissions: { deny: ['Bash(rm -rf *)'] } },
      project: { permissions: { allow: ['Bash(npm test)', 'Frobnicate'], deny: ['Read(./.env)'] } },
    });
    const table = await effectiveJson(managedOnly);
    const byRaw = (raw: string) => table.rules.find((r) => r.raw === raw);
    expect(byRaw('Bash(rm -rf *)')).toMatchObject({ scope: 'managed', effective: true });
    for (const raw of ['Bash(npm test)', 'Frobnicate', 'Read(./.env)']) {
      expect(byRaw(raw), raw).toMatchObject({ scope: 'project', effective: false, reason: expect.stringContaining('allowManagedPermissionRulesOnly') });
    }

    const plain = workspace({ project: { permissions: { allow: ['Frobnicate', 'Bash(npm test)'] } } });
    expect((await effectiveJson(plain)).rules[0]).toMatchObject({ raw: 'Frobnicate', effective: false, reason: 'invalid: unknown tool' });

    const bypass = workspace({ project: { permissions: { defaultMode: 'bypassPermissions', allow: ['Bash(npm test)'], deny: ['Bash(curl *)'] } } });
    const b = await effectiveJson(bypass);
    expect(b.defaultMode).toBe('bypassPermissions');
    expect(b.rules).toEqual([
      expect.objectContaining({ raw: 'Bash(curl *)', effective: true }),
      expect.objectContaining({ raw: 'Bash(npm test)', effective: false, reason: 'bypassPermissions allows everything; allow rules have no effect' }),
    ]);
  });

  it('prints an aligned text table headed by the default mode and where it comes from', async () => {
    const dirs = workspace({ project: { permissions: { defaultMode: 'acceptEdits', allow: ['Bash(npm test)'], deny: ['Write(.env)'] } } });
    const r = await cli(['permissions', 'effective', dirs.root, ...dirsArgs(dirs)]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('defaultMode: acceptEdits (from .claude/settings.json)');
    const header = lines.find((l) => l.startsWith('list'));
    expect(header).toMatch(/^list\s+rule\s+scope\s+file:line\s+effective \/ reason$/);
    const deny = lines.find((l) => l.startsWith('deny'));
    const allow = lines.find((l) => l.startsWith('allow'));
    expect(deny).toMatch(/^deny\s+Write\(\.env\)\s+project\s+\.claude\/settings\.json:8\s+no: never consulted: Write\(path\) rules are ignored; use Edit\(path\)$/);
    expect(allow).toMatch(/^allow\s+Bash\(npm test\)\s+project\s+\.claude\/settings\.json:5\s+yes$/);
    // Columns line up: the scope column starts at the same offset on every row.
    expect(deny?.indexOf('project')).toBe(allow?.indexOf('project'));
    expect(header?.indexOf('scope')).toBe(deny?.indexOf('project'));

    const none = workspace({});
    const empty = await cli(['permissions', 'effective', none.root, ...dirsArgs(none)]);
    expect(empty.stdout.split('\n')[0]).toBe('defaultMode: default (default)');
  });

  it('accepts only text and json, and writes --output', async () => {
    const dirs = fourScopes();
    for (const format of ['sarif', 'markdown']) {
      const r = await cli(['permissions', 'effective', dirs.root, ...dirsArgs(dirs), '--format', format]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('permissions effective supports text and json');
    }
    const out = path.join(dirs.base, 'out', 'effective.json');
    const r = await cli(['permissions', 'effective', dirs.root, ...dirsArgs(dirs), '--format', 'json', '--output', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).rules).toHaveLength(6);
  });
});

describe('agentgov permissions explain', () => {
  it('names the deny rule that decides, with its file, line and scope', async () => {
    const dirs = workspace({ project: { permissions: { allow: ['Bash(git *)'], deny: ['Bash(git push --force *)'] } } });
    const e = await explainJson(dirs, 'Bash(git push --force origin main)');
    expect(e).toMatchObject({
      call: 'Bash(git push --force origin main)',
      decision: 'deny',
      reason: 'rule',
      rule: { raw: 'Bash(git push --force *)', list: 'deny', scope: 'project', file: '.claude/settings.json', line: 7 },
    });
    expect(Object.keys(e)).toEqual(expect.arrayContaining(['call', 'decision', 'reason', 'rule', 'parts']));
    expect(e.parts).toEqual([{ command: 'git push --force origin main', decision: 'deny', reason: 'rule', rule: e.rule }]);

    const text = await cli(['permissions', 'explain', 'Bash(git push --force origin main)', dirs.root, ...dirsArgs(dirs)]);
    expect(text.code).toBe(0);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('deny: Bash(git push --force origin main)');
    expect(lines[1]).toBe('  because: deny rule Bash(git push --force *) matches (.claude/settings.json:7, project scope)');
  });

  it('decides each part of a compound command', async () => {
    const dirs = workspace({ project: { permissions: { allow: ['Bash(npm test)'] } } });
    const e = await explainJson(dirs, 'Bash(npm test && curl x)');
    expect(e.decision).toBe('ask');
    expect(e.rule).toBeNull();
    expect(e.parts).toEqual([
      { command: 'npm test', decision: 'allow', reason: 'rule', rule: { raw: 'Bash(npm test)', list: 'allow', scope: 'project', file: '.claude/settings.json', line: 4 } },
      { command: 'curl x', decision: 'ask', reason: 'no-rule', rule: null },
    ]);
    const text = await cli(['permissions', 'explain', 'Bash(npm test && curl x)', dirs.root, ...dirsArgs(dirs)]);
    expect(text.stdout.split('\n').slice(0, 4)).toEqual([
      'ask: Bash(npm test && curl x)',
      '  because: no rule matches; in default mode Bash asks',
      '  allow  npm test  allow rule Bash(npm test) (.claude/settings.json:4, project scope)',
      '  ask    curl x    no rule matches',
    ]);
  });

  it('applies --mode, else the effective defaultMode', async () => {
    const dirs = workspace({ project: { permissions: { ask: ['Bash(npm publish *)'] } } });
    expect(await explainJson(dirs, 'Bash(npm publish --tag next)')).toMatchObject({ mode: 'default', decision: 'ask', reason: 'rule', rule: { list: 'ask' } });
    expect(await explainJson(dirs, 'Bash(npm publish --tag next)', '--mode', 'dontAsk')).toMatchObject({ mode: 'dontAsk', decision: 'deny', reason: 'rule', rule: { list: 'ask' } });
    expect(await explainJson(dirs, 'mcp__github__create_issue', '--mode', 'dontAsk')).toMatchObject({ decision: 'deny', reason: 'mode', rule: null });
    expect(await explainJson(dirs, 'mcp__github__create_issue')).toMatchObject({ decision: 'ask', reason: 'no-rule' });

    const dontAsk = workspace({ project: { permissions: { defaultMode: 'dontAsk' } } });
    expect(await explainJson(dontAsk, 'mcp__github__create_issue')).toMatchObject({ mode: 'dontAsk', decision: 'deny', reason: 'mode' });
    expect((await cli(['permissions', 'explain', 'Bash(ls)', dirs.root, ...dirsArgs(dirs), '--mode', 'yolo'])).code).toBe(2);
  });

  it('allows reads inside the project with no rule, and says so', async () => {
    const dirs = workspace({});
    expect(await explainJson(dirs, 'Read(./.env)')).toEqual({ call: 'Read(./.env)', mode: 'default', decision: 'allow', reason: 'no-rule', rule: null, parts: [] });
    const text = await cli(['permissions', 'explain', 'Read(./.env)', dirs.root, ...dirsArgs(dirs)]);
    expect(text.stdout).toBe('allow: Read(./.env)\n  because: no rule matches; reads inside the working directories need no permission\n');
    expect(await explainJson(dirs, 'WebFetch(https://evil.example/x)')).toMatchObject({ decision: 'ask', reason: 'no-rule' });
  });

  it('exits 2 for a call it cannot read, 0 whatever the decision', async () => {
    const dirs = workspace({ project: { permissions: { deny: ['Bash'] } } });
    const bad = await cli(['permissions', 'explain', 'Bash(unclosed', dirs.root, ...dirsArgs(dirs)]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('cannot read "Bash(unclosed"');
    const denied = await cli(['permissions', 'explain', 'Bash(ls)', dirs.root, ...dirsArgs(dirs)]);
    expect(denied.code).toBe(0);
    expect(denied.stdout.split('\n')[0]).toBe('deny: Bash(ls)');
    expect((await cli(['permissions', 'explain', 'Bash(ls)', dirs.root, ...dirsArgs(dirs), '--format', 'sarif'])).code).toBe(2);
  });

  it('explains a call against the demo workspace', async () => {
    const r = await cli(['permissions', 'explain', 'Bash(python -c "print(1)")', 'examples/demo', '--home', 'examples/demo/home', '--managed-dir', 'examples/demo/managed', '--format', 'json'], {
      cwd: REPO_ROOT,
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ decision: 'allow', reason: 'rule', rule: { raw: 'Bash(python:*)', scope: 'project', file: '.claude/settings.json' } });
  });
});

describe('agentgov permissions: command forms', () => {
  it('runs the permissions auditor alone for `permissions <root>`', async () => {
    const dirs = workspace({ project: { permissions: { allow: ['Bash'] } } });
    const r = await cli(['permissions', dirs.root, ...dirsArgs(dirs), '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('permissions/unrestricted-tool');
    expect(report.findings.every((f: { ruleId: string }) => f.ruleId.startsWith('permissions/'))).toBe(true);
    expect(Object.keys(report.auditors)).toEqual(['permissions']);
    expect((await cli(['permissions', dirs.root, ...dirsArgs(dirs), '--fail-on', 'never'])).code).toBe(0);
  });

  it('accepts a policy that sets rules of other auditors (validated against every rule, as `audit` does)', async () => {
    const dirs = workspace({ project: { permissions: { allow: ['Bash'] } } });
    const policy = path.join(dirs.base, 'policy.json');
    writeFileSync(policy, json({ rules: { 'config/invalid-json': 'warning' } }));
    const r = await cli(['permissions', dirs.root, ...dirsArgs(dirs), '--policy', policy, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    for (const sub of [['effective', dirs.root], ['explain', 'Bash(ls)', dirs.root]]) {
      expect((await cli(['permissions', ...sub, ...dirsArgs(dirs), '--policy', policy])).code, sub[0]).toBe(0);
    }
  });

  it('takes a relative root for the root, not for an unknown subcommand', async () => {
    const args = ['--home', 'examples/demo/home', '--managed-dir', 'examples/demo/managed'];
    const effective = await cli(['permissions', 'effective', 'examples/demo', ...args], { cwd: REPO_ROOT });
    expect(effective.code).toBe(0);
    expect(effective.stdout).toContain('Bash(python:*)');
    const explain = await cli(['permissions', 'explain', 'Read(./.env)', 'examples/demo', ...args], { cwd: REPO_ROOT });
    expect(explain.stdout.split('\n')[0]).toBe('deny: Read(./.env)');
    // `permissions <root>` reaches the audit action: a missing root is a usage error about the root, not "unknown command".
    const missing = await cli(['permissions', 'examples/nope', ...args], { cwd: REPO_ROOT });
    expect(missing.code).toBe(2);
    expect(missing.stderr).not.toMatch(/unknown command/);
    expect((await cli(['permissions', 'effective', 'examples/demo', 'extra'], { cwd: REPO_ROOT })).code).toBe(2);
  });

  it('accepts the common options before or after the command and subcommand, and defaults the root to the working directory', async () => {
    const dirs = fourScopes();
    const variants = [
      ['--format', 'json', 'permissions', 'effective', dirs.root, ...dirsArgs(dirs)],
      ['permissions', '--format', 'json', 'effective', dirs.root, ...dirsArgs(dirs)],
      ['permissions', 'effective', '--format', 'json', dirs.root, ...dirsArgs(dirs)],
      [...dirsArgs(dirs), 'permissions', 'effective', dirs.root, '--format', 'json'],
      ['permissions', ...dirsArgs(dirs), 'effective', dirs.root, '--format=json'],
    ];
    const outputs = [];
    for (const argv of variants) {
      const r = await cli(argv);
      expect(r.code, argv.join(' ')).toBe(0);
      outputs.push(JSON.parse(r.stdout));
    }
    for (const o of outputs) expect(o).toEqual(outputs[0]);
    expect(outputs[0].rules).toHaveLength(6);
    const inCwd = await cli(['permissions', 'effective', ...dirsArgs(dirs), '--format', 'json'], { cwd: dirs.root });
    expect(JSON.parse(inCwd.stdout)).toEqual(outputs[0]);

    const explains = [
      ['--format', 'json', 'permissions', 'explain', 'Bash(git push x)', dirs.root, ...dirsArgs(dirs), '--mode', 'dontAsk'],
      ['permissions', 'explain', '--mode', 'dontAsk', 'Bash(git push x)', dirs.root, '--format', 'json', ...dirsArgs(dirs)],
      ['permissions', 'explain', 'Bash(git push x)', '--format', 'json', ...dirsArgs(dirs), '--mode', 'dontAsk'],
    ];
    for (const argv of explains) {
      const r = await cli(argv, { cwd: dirs.root });
      expect(r.code, argv.join(' ')).toBe(0);
      expect(JSON.parse(r.stdout), argv.join(' ')).toMatchObject({ mode: 'dontAsk', decision: 'deny', rule: { raw: 'Bash(git push *)', list: 'ask', scope: 'local' } });
    }
  });

  it('prints --help and --version on each form with exit 0', async () => {
    for (const argv of [
      ['permissions', '--help'],
      ['permissions', 'effective', '--help'],
      ['permissions', 'explain', '--help'],
      ['permissions', '--version'],
      ['permissions', 'effective', '--version'],
      ['permissions', 'explain', '--version'],
      ['permissions', 'explain', 'Bash(ls)', '--help'],
      ['permissions', 'examples/demo', '--help'],
      ['help', 'permissions'],
    ]) {
      const r = await cli(argv, { cwd: REPO_ROOT });
      expect(r.code, argv.join(' ')).toBe(0);
      expect(r.stdout.length, argv.join(' ')).toBeGreaterThan(0);
    }
    const help = await cli(['permissions', '--help']);
    expect(help.stdout).toContain('effective');
    expect(help.stdout).toContain('explain');
    expect((await cli(['permissions', 'explain', '--help'])).stdout).toContain('--mode <mode>');
    expect((await cli(['--help'])).stdout).toContain('permissions');
  });

  it('exits 2 when explain has no call', async () => {
    const r = await cli(['permissions', 'explain']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing required argument 'call'/);
  });
});
