import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAFE_GIT_CONFIG } from '../../src/workspace/git-process.js';
import { projectSlug } from '../../src/workspace/transcripts.js';
import { makeRepo } from '../helpers/git-repo.js';
import { REPO_ROOT } from '../helpers/shared.js';
import { json, makeWorkspaceDirs, writeTree } from '../helpers/tree.js';

const BIN = path.join(REPO_ROOT, 'bin', 'agentgov.js');

/**
 * Loaded with `node --import` before the CLI: wraps every way node:child_process starts a program, logging each call
 * (program, arguments, whether a shell was asked for) to $SPAWN_LOG before starting it.
 */
const PRELOAD = `import cp from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
const log = (entry) => appendFileSync(process.env.SPAWN_LOG, JSON.stringify(entry) + '\\n');
for (const fn of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
  const original = cp[fn];
  cp[fn] = function (file, ...rest) {
    const args = Array.isArray(rest[0]) ? rest[0] : [];
    const options = rest.find((r) => r && typeof r === 'object' && !Array.isArray(r)) ?? {};
    log({ fn, file: String(file), args: args.map(String), shell: options.shell ?? false });
    return original.call(this, file, ...rest);
  };
}
syncBuiltinESMExports();
log({ fn: 'preload', file: '', args: [], shell: false });
`;

interface SpawnEntry {
  fn: string;
  file: string;
  args: string[];
  shell: boolean | string;
}

/** The read-only git subcommands agentgov uses (global `-c key=value` options are skipped to find the subcommand). */
const GIT_SUBCOMMANDS = new Set(['rev-parse', 'ls-files', 'check-ignore', 'ls-tree', 'log', 'cat-file', 'diff', 'diff-tree']);
/** The only `-c` settings agentgov passes: the overrides every call carries, and one output setting. */
const GIT_CONFIG = new Set([...SAFE_GIT_CONFIG, 'core.quotepath=off']);

function subcommandOf(args: string[]): { subcommand: string | undefined; configs: string[] } {
  const configs: string[] = [];
  let i = 0;
  while (args[i] === '-c') {
    configs.push(args[i + 1] ?? '');
    i += 2;
  }
  return { subcommand: args[i], configs };
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
}

/** A commit carrying a (fake) PGP signature: what makes `git log` start gpg.program when log.showSignature is set. */
function signedCommit(root: string): void {
  const now = Math.floor(Date.now() / 1000) - 3600;
  const body = `tree ${git(root, 'write-tree')}\nparent ${git(root, 'rev-parse', 'HEAD')}\nauthor Dev <dev@example.com> ${now} +0000\ncommitter Dev <dev@example.com> ${now} +0000\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----\n\nSigned release\n`;
  const sha = execFileSync('git', ['hash-object', '-t', 'commit', '-w', '--stdin'], { cwd: root, input: body, encoding: 'utf8' }).trim();
  git(root, 'update-ref', 'HEAD', sha);
}

/**
 * A workspace where everything that could run does something visible: each hook, MCP server command, helper, status
 * line, skill and command shell injection, hook script, and the repository's own git configuration (fsmonitor, clean
 * filter, textconv) would create its own file in `markers/`.
 */
async function armedWorkspace() {
  const dirs = makeWorkspaceDirs();
  const { root, home, managedDir, base } = dirs;
  const markers = path.join(base, 'markers');
  mkdirSync(markers);
  const names: string[] = [];
  const touch = (name: string) => {
    names.push(name);
    return `touch ${path.join(markers, name)}`;
  };
  const hooks = (prefix: string) =>
    Object.fromEntries(
      ['PreToolUse', 'PostToolUse', 'UserPromptSubmit', 'SessionStart', 'SessionEnd', 'Stop', 'SubagentStop', 'Notification', 'PreCompact'].map((event) => [
        event,
        [{ matcher: '*', hooks: [{ type: 'command', command: touch(`${prefix}-hook-${event}`) }] }],
      ]),
    );
  const commandSettings = (prefix: string) => ({
    apiKeyHelper: touch(`${prefix}-apiKeyHelper`),
    otelHeadersHelper: touch(`${prefix}-otelHeadersHelper`),
    awsAuthRefresh: touch(`${prefix}-awsAuthRefresh`),
    awsCredentialExport: touch(`${prefix}-awsCredentialExport`),
    statusLine: { type: 'command', command: touch(`${prefix}-statusLine`) },
    fileSuggestion: { type: 'command', command: touch(`${prefix}-fileSuggestion`) },
  });
  const servers = (prefix: string) => ({
    stdio: { command: 'sh', args: ['-c', touch(`${prefix}-mcp-stdio`)] },
    direct: { command: 'touch', args: [path.join(markers, `${prefix}-mcp-direct`)] },
    http: { type: 'http', url: 'https://mcp.example.com/mcp', headersHelper: touch(`${prefix}-mcp-headersHelper`) },
  });
  names.push('mcp-direct-project', 'mcp-direct-user', 'mcp-direct-managed');
  const hookScript = `#!/bin/sh\n${touch('hook-script')}\n`;

  writeTree(root, {
    'README.md': '# app\n',
    '.claude/settings.json': json({ ...commandSettings('project'), hooks: { ...hooks('project'), Stop: [{ hooks: [{ type: 'command', command: '.claude/hooks/on-stop.sh' }] }] }, permissions: { allow: ['Bash(npm test)'] } }),
    '.claude/settings.local.json': json({ ...commandSettings('local'), hooks: hooks('local') }),
    '.claude/hooks/on-stop.sh': hookScript,
    '.mcp.json': json({ mcpServers: servers('project') }),
    'CLAUDE.md': `# Project\n\n!\`${touch('claude-md-injection')}\`\n\n@docs/more.md\n`,
    'docs/more.md': `More: !\`${touch('import-injection')}\`\n`,
    '.claude/skills/deploy/SKILL.md': [
      '---',
      'name: deploy',
      'description: Deploys',
      'allowed-tools: Bash(./deploy.sh *)',
      'hooks:',
      '  PreToolUse:',
      '    - matcher: Bash',
      '      hooks:',
      '        - type: command',
      `          command: ${touch('skill-hook')}`,
      '---',
      `Status: !\`${touch('skill-injection')}\``,
      '',
      '```!',
      touch('skill-block-injection'),
      '```',
      '',
    ].join('\n'),
    '.claude/skills/deploy/deploy.sh': `#!/bin/sh\n${touch('skill-script')}\n`,
    '.claude/commands/ship.md': ['---', 'description: Ship it', 'allowed-tools: Bash(git status:*)', '---', `!\`${touch('command-injection')}\``, ''].join('\n'),
    '.claude/agents/ops.md': ['---', 'name: ops', 'description: Operations', 'hooks:', '  Stop:', '    - hooks:', '        - type: command', `          command: ${touch('agent-hook')}`, 'mcpServers:', '  - tool:', '      command: sh', '      args: ["-c", "' + touch('agent-mcp') + '"]', '---', 'You run operations.', ''].join('\n'),
    '.claude-plugin/plugin.json': json({ name: 'local-plugin', hooks: { Stop: [{ hooks: [{ type: 'command', command: touch('plugin-hook') }] }] }, mcpServers: { p: { command: 'sh', args: ['-c', touch('plugin-mcp')] } } }),
  });
  for (const script of ['.claude/hooks/on-stop.sh', '.claude/skills/deploy/deploy.sh']) chmodSync(path.join(root, script), 0o755);
  writeTree(home, {
    '.claude/settings.json': json({ ...commandSettings('user'), hooks: hooks('user') }),
    '.claude.json': json({ mcpServers: servers('user'), projects: { [root]: { mcpServers: { local: { command: 'sh', args: ['-c', touch('user-project-mcp')] } } } } }),
    '.claude/skills/mine/SKILL.md': `---\nname: mine\ndescription: Mine\n---\n!\`${touch('user-skill-injection')}\`\n`,
  });
  writeTree(path.join(home, '.claude', 'projects', projectSlug(root), 'memory'), {
    'MEMORY.md': `- [Note](note.md) — a note !\`${touch('memory-injection')}\`\n`,
    'note.md': '---\nname: note\ndescription: a note\ntype: project\n---\nA note.\n',
  });
  writeTree(managedDir, {
    'managed-settings.json': json({ ...commandSettings('managed'), hooks: hooks('managed') }),
    'managed-mcp.json': json({ mcpServers: servers('managed') }),
  });

  await makeRepo(root, [{ author: 'Dev', date: new Date(Date.now() - 2 * 3_600_000).toISOString(), message: 'agent configuration' }]);
  writeTree(root, { '.claude/settings.json': json({ ...commandSettings('project'), hooks: hooks('project'), permissions: { allow: ['Bash(npm test)', 'Bash(npm run lint)'] } }) });
  git(root, 'add', '.claude/settings.json');
  signedCommit(root);
  // Last, so that the setup's own git commands do not trip them: what a hostile clone's .git/config and hooks could hold.
  writeFileSync(path.join(root, '.gitattributes'), '* filter=armed diff=armed\n');
  for (const [key, name] of [['core.fsmonitor', 'git-fsmonitor'], ['filter.armed.clean', 'git-clean-filter'], ['filter.armed.smudge', 'git-smudge-filter'], ['diff.armed.textconv', 'git-textconv'], ['diff.external', 'git-diff-external'], ['core.pager', 'git-pager']] as const) {
    git(root, 'config', key, touch(name));
  }
  const gpg = path.join(base, 'gpg-program.sh');
  writeFileSync(gpg, `#!/bin/sh\n${touch('git-gpg-program')}\n`, { mode: 0o755 });
  git(root, 'config', 'gpg.program', gpg);
  git(root, 'config', 'log.showSignature', 'true');
  for (const hook of ['post-index-change', 'reference-transaction', 'post-checkout', 'post-commit', 'pre-commit', 'post-rewrite', 'pre-auto-gc', 'fsmonitor-watchman']) {
    writeFileSync(path.join(root, '.git', 'hooks', hook), `#!/bin/sh\n${touch(`git-hook-${hook}`)}\n`, { mode: 0o755 });
  }
  return { ...dirs, markers, names: [...new Set(names)] };
}

describe('nothing is executed', () => {
  it(
    'a full run of the built binary starts only git, with arguments agentgov chose, and nothing in the workspace runs',
    async () => {
      const ws = await armedWorkspace();
      const preload = path.join(ws.base, 'log-spawns.mjs');
      writeFileSync(preload, PRELOAD);
      const log = path.join(ws.base, 'spawns.jsonl');
      const common = ['--home', ws.home, '--managed-dir', ws.managedDir, '--no-color'];
      const state = ['--state-dir', path.join(ws.base, 'state')];
      const runs: string[][] = [
        ['audit', ws.root, ...common, ...state, '--format', 'json', '--report', `html:${path.join(ws.base, 'report.html')}`, '--report', `markdown:${path.join(ws.base, 'report.md')}`],
        ['check', ...common],
        ['ci', ws.root, '--base', 'HEAD', ...common],
        ['lock', ws.root, ...common],
        ['prompts', 'list', ws.root, ...common],
        ['extensions', 'list', ws.root, ...common, '--format', 'json'],
        ['history', ws.root, ...common],
        ['memory', 'plan', ws.root, ...common, ...state],
        ['permissions', 'explain', 'Bash(npm test)', ws.root, ...common],
      ];
      for (const args of runs) {
        const r = spawnSync(process.execPath, ['--import', preload, BIN, ...args], { cwd: ws.root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, SPAWN_LOG: log, NO_COLOR: '1' } });
        expect([0, 1], `${args.join(' ')} exited ${r.status}: ${r.stderr}`).toContain(r.status);
      }

      const entries = readFileSync(log, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as SpawnEntry);
      expect(entries.filter((e) => e.fn === 'preload')).toHaveLength(runs.length);
      const started = entries.filter((e) => e.fn !== 'preload');
      expect(started.length).toBeGreaterThan(runs.length);
      const unexpected = started.filter((e) => {
        const { subcommand, configs } = subcommandOf(e.args);
        const overridden = SAFE_GIT_CONFIG.every((c) => configs.includes(c));
        return e.fn !== 'spawn' || e.file !== 'git' || e.shell !== false || !GIT_SUBCOMMANDS.has(subcommand ?? '') || configs.some((c) => !GIT_CONFIG.has(c)) || !overridden;
      });
      expect(unexpected).toEqual([]);

      expect(ws.names.length).toBeGreaterThan(70);
      expect(readdirSync(ws.markers)).toEqual([]);
      // The traps work: run as a shell would, each command leaves its marker.
      execFileSync('sh', ['-c', `touch ${path.join(ws.markers, 'project-hook-Stop')} && .claude/hooks/on-stop.sh`], { cwd: ws.root });
      expect(readdirSync(ws.markers).sort()).toEqual(['hook-script', 'project-hook-Stop']);
      // And the repository's: plain git, without the overrides agentgov passes (SAFE_GIT_CONFIG), sets them off.
      const plainGit = (...args: string[]) => spawnSync('git', args, { cwd: ws.root, encoding: 'utf8' });
      plainGit('status');
      plainGit('log', '-1');
      plainGit('diff', 'HEAD~1', 'HEAD');
      expect(readdirSync(ws.markers)).toEqual(expect.arrayContaining(['git-fsmonitor', 'git-gpg-program', 'git-diff-external']));
      rmSync(ws.markers, { recursive: true });
    },
    240_000,
  );
});
