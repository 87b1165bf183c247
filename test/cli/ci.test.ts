import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { makeRepo } from '../helpers/git-repo.js';
import { bashHooks, json, makeWorkspaceDirs, writeTree } from '../helpers/tree.js';

const DENY = ['Read(./.env)', 'Read(./.env.*)', 'Read(~/.ssh/**)', 'Read(~/.aws/**)'];
const settings = (allow: string[], extra: object = {}) => json({ permissions: { allow, deny: DENY }, ...extra });

async function repoWithBase(allow: string[], extra: object = {}) {
  const dirs = makeWorkspaceDirs();
  await makeRepo(dirs.root, [{ files: { '.claude/settings.json': settings(allow, extra) }, author: 'Ana', date: '2026-11-01T00:00:00Z', message: 'base' }]);
  const args = (more: string[] = []) => ['ci', dirs.root, '--base', 'HEAD', '--home', dirs.home, '--managed-dir', dirs.managedDir, ...more];
  return { dirs, args };
}

describe('agentgov ci', () => {
  it('passes changes that do not widen: reorder, reformat, remove an allow, add a covered allow, add a deny', async () => {
    const { dirs, args } = await repoWithBase(['Bash(npm *)', 'Bash(make)']);
    writeTree(dirs.root, { '.claude/settings.json': JSON.stringify({ permissions: { deny: [...DENY, 'Bash(rm *)'], allow: ['Bash(npm test)', 'Bash(npm *)'] } }) });
    const r = await cli(args(['--format', 'json']));
    const report = JSON.parse(r.stdout);
    // The covered allow is new at head, so its (info) redundancy is reported; nothing widened.
    expect(report.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['permissions/redundant-rule']);
    expect(report.notices.join('\n')).toMatch(/no widening/);
    expect(r.code).toBe(0);
  });

  it('fails on a new allow, a removed deny, an escalated mode, a new MCP server and hook, and a new suppression', async () => {
    const { dirs, args } = await repoWithBase(['Bash(npm test)']);
    writeTree(dirs.root, {
      '.claude/settings.json': json({ permissions: { allow: ['Bash(npm test)', 'Bash(curl:*)'], deny: DENY.slice(1), defaultMode: 'acceptEdits' }, hooks: bashHooks('./check.sh') }),
      '.mcp.json': json({ mcpServers: { fs: { command: 'npx', args: ['-y', 'server-fs'] } } }),
      'agentgov.json': json({ rules: { 'permissions/network-egress': 'off' } }),
    });
    const r = await cli(args(['--format', 'json']));
    expect(r.code).toBe(1);
    const kinds = JSON.parse(r.stdout)
      .findings.filter((f: { ruleId: string }) => f.ruleId === 'history/permission-widened')
      .map((f: { data: { rule: string } }) => f.data.rule)
      .sort();
    expect(kinds).toEqual(
      ['Bash(curl:*)', 'PreToolUse Bash → command: ./check.sh', 'Read(./.env)', 'acceptEdits', 'fs', 'rule permissions/network-egress turned from warning to off in agentgov.json'].sort(),
    );
    // Each widening names what it is about (the suppression names the rule it turns down).
    for (const f of JSON.parse(r.stdout).findings.filter((x: { ruleId: string }) => x.ruleId === 'history/permission-widened')) {
      expect(f.message).toContain(f.data.rule.startsWith('rule ') ? 'permissions/network-egress' : f.data.rule);
    }
  });

  it('runs the extension rules on both sides: a hook with a missing script is new only when head adds it', async () => {
    const hook = (command: string) => ({ type: 'command', command });
    const { dirs, args } = await repoWithBase(['Bash(npm test)'], { hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [hook('./hooks/old.sh')] }] } });
    writeTree(dirs.root, { '.claude/settings.json': settings(['Bash(npm test)'], { hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [hook('./hooks/old.sh'), hook('./hooks/new.sh')] }] } }) });
    const report = JSON.parse((await cli(args(['--format', 'json']))).stdout);
    const risky = report.findings.filter((f: { ruleId: string }) => f.ruleId === 'extensions/risky-hook');
    expect(risky.map((f: { data: { script: string } }) => f.data.script)).toEqual(['hooks/new.sh']);
  });

  it('reports only findings that are new at head', async () => {
    const { dirs, args } = await repoWithBase(['Bash', 'Bash(python:*)']);
    writeTree(dirs.root, { '.claude/settings.json': settings(['Bash', 'Bash(python:*)', 'WebFetch']) });
    const report = JSON.parse((await cli(args(['--format', 'json']))).stdout);
    const rules = report.findings.map((f: { ruleId: string; data: { rule?: string } }) => `${f.ruleId} ${f.data.rule ?? ''}`.trim());
    expect(rules).toContain('permissions/unrestricted-tool WebFetch');
    expect(rules).not.toContain('permissions/unrestricted-tool Bash');
  });

  it('compares two revisions, and prints GitHub annotations with a step summary', async () => {
    const { dirs } = await repoWithBase(['Bash(npm test)']);
    writeTree(dirs.root, { '.claude/settings.json': settings(['Bash(npm test)', 'Bash(sudo *)']) });
    execFileSync('git', ['-c', 'user.name=B', '-c', 'user.email=b@e', 'commit', '-qam', 'head'], { cwd: dirs.root });
    writeTree(dirs.root, { '.claude/settings.json': settings(['Bash(npm test)']) });
    const summary = path.join(dirs.base, 'summary.md');
    writeFileSync(summary, '');
    const r = await cli(['ci', dirs.root, '--base', 'HEAD~1', '--head', 'HEAD', '--home', dirs.home, '--managed-dir', dirs.managedDir, '--format', 'github'], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::warning file=\.claude\/settings\.json,line=\d+,col=\d+,title=history\/permission-widened::/m);
    expect(r.stdout).toMatch(/^::error file=.*title=permissions\/privilege-escalation::/m);
    expect(readFileSync(summary, 'utf8')).toContain('# agentgov report');
  });

  it('exits 2 for an unknown base', async () => {
    const { dirs } = await repoWithBase(['Bash(npm test)']);
    const r = await cli(['ci', dirs.root, '--base', 'no-such-ref', '--home', dirs.home, '--managed-dir', dirs.managedDir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no-such-ref/);
  });
});
