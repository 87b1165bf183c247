import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSecrets } from '../../src/policies/catalogs/secrets.js';
import { projectSlug } from '../../src/workspace/transcripts.js';
import { rng } from '../../bench/bench-lib.mjs';
import { makeRepo } from '../helpers/git-repo.js';
import { daysAgo, setMtimes } from '../helpers/memory.js';
import { REPO_ROOT } from '../helpers/shared.js';
import { json, makeWorkspaceDirs, writeTree } from '../helpers/tree.js';

const BIN = path.join(REPO_ROOT, 'bin', 'agentgov.js');

/** A deterministic random string over `alphabet` (mulberry32), so planted tokens are the same in every run. */
function randomText(seed: number, length: number, alphabet: string): string {
  const random = rng(seed);
  let out = '';
  // `random() * 2 ** 32` is the generator's 32-bit integer again, exactly.
  while (out.length < length) out += alphabet[(random() * 2 ** 32) % alphabet.length];
  return out;
}

const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const B64URL = `${B62}-_`;
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A planted credential: the text written into the file, and its random part (what must never reach any output). */
interface Planted {
  kind: string;
  text: string;
  secret: string;
}

/** One token of every kind src/policies/catalogs/secrets.ts recognises, each with fresh random material. */
function token(kind: string, seed: number): Planted {
  // Every random part starts with a digit-letter pair so the catalogue's "has a digit and a letter" checks hold.
  const r = (n: number, alphabet = B62) => `7Q${randomText(seed, n - 2, alphabet)}`;
  switch (kind) {
    case 'private-key': {
      const body = randomText(seed, 256, `${B62}+/`);
      const lines = body.match(/.{1,64}/g)!.join('\n');
      return { kind, text: `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines}\n-----END OPENSSH PRIVATE KEY-----`, secret: body };
    }
    case 'github-token': {
      const s = r(36);
      return { kind, text: `ghp_${s}`, secret: s };
    }
    case 'github-pat': {
      const s = r(82, `${B62}_`);
      return { kind: 'github-token', text: `github_pat_${s}`, secret: s };
    }
    case 'gitlab-token': {
      const s = r(24, B64URL);
      return { kind, text: `glpat-${s}`, secret: s };
    }
    case 'slack-webhook': {
      const s = r(24);
      return { kind, text: `https://hooks.slack.com/services/T${r(9, UPPER)}/B${r(9, UPPER)}/${s}`, secret: s };
    }
    case 'slack-token': {
      const s = r(40, `${B62}-`);
      return { kind, text: `xoxb-2210987654-${s}`, secret: s };
    }
    case 'aws-access-key-id': {
      const s = r(16, UPPER);
      return { kind, text: `AKIA${s}`, secret: s };
    }
    case 'anthropic-key': {
      const s = r(93, B64URL);
      return { kind, text: `sk-ant-api03-${s}`, secret: s };
    }
    case 'openai-key': {
      const s = r(48, B64URL);
      return { kind, text: `sk-proj-${s}`, secret: s };
    }
    case 'google-api-key': {
      const s = r(35, B64URL);
      return { kind, text: `AIza${s}`, secret: s };
    }
    case 'stripe-key': {
      const s = r(24);
      return { kind, text: `sk_live_${s}`, secret: s };
    }
    case 'npm-token': {
      const s = r(36);
      return { kind, text: `npm_${s}`, secret: s };
    }
    case 'pypi-token': {
      const s = r(64, B64URL);
      return { kind, text: `pypi-${s}`, secret: s };
    }
    case 'jwt': {
      const s = `${r(24, B64URL)}.eyJ${r(30, B64URL)}.${r(43, B64URL)}`;
      return { kind, text: `eyJ${s}`, secret: s };
    }
    case 'url-credentials': {
      const s = r(20);
      return { kind, text: `https://deploy:${s}@mcp.internal.corp/sse`, secret: s };
    }
    case 'bearer-token': {
      const s = r(40, `${B62}._~+/`);
      return { kind, text: `Bearer ${s}`, secret: s };
    }
    case 'generic-secret': {
      const s = r(20);
      return { kind, text: `password=${s}`, secret: s };
    }
    default:
      throw new Error(`unknown kind ${kind}`);
  }
}

/** Where a planted token must be reported: rule, display path, and JSON pointer (undefined: anywhere in the file). */
type Expected = [ruleId: string, file: string, pointer?: string];

let seed = 0x5ec7e7;
const all: (Planted & { expected: Expected | null })[] = [];
/** A fresh token of `kind`, remembered (with where it must be reported) so that every output can be searched for it. */
function plant(kind: string, expected: Expected | null): string {
  const t = token(kind, seed++);
  all.push({ ...t, expected });
  return t.text;
}

const MCP = '.mcp.json';
const SETTINGS = '.claude/settings.json';
const SKILL = '.claude/skills/deploy/SKILL.md';
const pointerKey = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');
const inConfig = (file: string, pointer: string): Expected => ['extensions/secret-in-config', file, pointer];
const inRule = (file: string, pointer: string): Expected => ['permissions/secret-in-rule', file, pointer];
const inPrompt = (file: string): Expected => ['prompts/secret-in-prompt', file];
const inMemory = (file: string): Expected => ['memory/secret-in-memory', file];

/**
 * A project whose agent configuration hides a credential in every place one can hide, committed in the history
 * window, plus a home (user settings, `~/.claude.json`, auto memory) and a managed folder.
 */
async function secretWorkspace() {
  const dirs = makeWorkspaceDirs();
  const { root, home, managedDir } = dirs;
  const now = new Date();
  const memoryDir = path.join(home, '.claude', 'projects', projectSlug(root), 'memory');
  const memory = `~/.claude/projects/${projectSlug(root)}/memory`;
  // keep.last 0: the two memories are old enough to archive, so that prune writes its journal.
  const start = { 'README.md': '# app\n', 'agentgov.json': json({ memory: { keep: { last: 0 } } }), '.claude/settings.json': json({ permissions: { allow: ['Bash(npm test)'] } }) };

  const skill = (body: string, hookCommand: string) =>
    ['---', 'name: deploy', 'description: Deploys the app', 'allowed-tools: Bash(./deploy.sh *)', 'hooks:', '  PreToolUse:', '    - matcher: Bash', '      hooks:', '        - type: command', `          command: ${JSON.stringify(hookCommand)}`, '---', body, ''].join('\n');
  const services = {
    '.mcp.json': json({
      mcpServers: {
        github: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github@1.2.3'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: plant('github-token', inConfig(MCP, '/mcpServers/github/env/GITHUB_PERSONAL_ACCESS_TOKEN')), GITLAB_TOKEN: plant('gitlab-token', inConfig(MCP, '/mcpServers/github/env/GITLAB_TOKEN')) } },
        api: { type: 'http', url: 'https://api.internal.corp/mcp', headers: { Authorization: plant('bearer-token', inConfig(MCP, '/mcpServers/api/headers/Authorization')), 'X-Api-Key': plant('anthropic-key', inConfig(MCP, '/mcpServers/api/headers/X-Api-Key')) } },
        sse: { type: 'sse', url: plant('url-credentials', inConfig(MCP, '/mcpServers/sse/url')) },
        cli: { command: 'node', args: ['server.js', '--api-key', plant('openai-key', inConfig(MCP, '/mcpServers/cli/args/2')), `--token=${plant('npm-token', inConfig(MCP, '/mcpServers/cli/args/3'))}`] },
        helper: { type: 'http', url: 'https://helper.internal.corp/mcp', headersHelper: `echo '{"Authorization":"${plant('bearer-token', inConfig(MCP, '/mcpServers/helper/headersHelper'))}"}'` },
      },
    }),
    '.claude/settings.json': json({
      env: { AWS_ACCESS_KEY_ID: plant('aws-access-key-id', inConfig(SETTINGS, '/env/AWS_ACCESS_KEY_ID')), STRIPE_KEY: plant('stripe-key', inConfig(SETTINGS, '/env/STRIPE_KEY')), DEPLOY_KEY: plant('private-key', inConfig(SETTINGS, '/env/DEPLOY_KEY')), SESSION: plant('jwt', inConfig(SETTINGS, '/env/SESSION')) },
      permissions: {
        allow: [
          'Bash(npm test)',
          `Bash(curl -H "Authorization: ${plant('bearer-token', inRule(SETTINGS, '/permissions/allow/1'))}" https://api.internal.corp/*)`,
          `Bash(npm publish --//registry.npmjs.org/:_authToken=${plant('npm-token', inRule(SETTINGS, '/permissions/allow/2'))})`,
          `Bash(mysql -u ops --${plant('generic-secret', inRule(SETTINGS, '/permissions/allow/3'))} *)`,
        ],
        deny: [`Bash(git push ${plant('url-credentials', inRule(SETTINGS, '/permissions/deny/0'))})`],
      },
      hooks: {
        PostToolUse: [{ matcher: 'Edit', hooks: [{ type: 'command', command: `curl -s -X POST ${plant('slack-webhook', inConfig(SETTINGS, '/hooks/PostToolUse/0/hooks/0/command'))} -d done` }] }],
        Stop: [{ hooks: [{ type: 'http', url: 'https://audit.internal.corp/stop', headers: { Authorization: plant('bearer-token', inConfig(SETTINGS, '/hooks/Stop/0/hooks/0/headers/Authorization')) } }] }],
        SessionStart: [{ hooks: [{ type: 'command', command: `export GH_TOKEN=${plant('github-pat', inConfig(SETTINGS, '/hooks/SessionStart/0/hooks/0/command'))}; ./scripts/setup.sh` }] }],
      },
      apiKeyHelper: `echo ${plant('anthropic-key', inConfig(SETTINGS, '/apiKeyHelper'))}`,
      statusLine: { type: 'command', command: `~/.claude/status.sh --key ${plant('google-api-key', inConfig(SETTINGS, '/statusLine/command'))}` },
    }),
    'CLAUDE.md': `# Project\n\nThe staging API answers to ${plant('slack-token', inPrompt('CLAUDE.md'))}; never commit it.\n`,
    '.claude/skills/deploy/SKILL.md': skill(
      `Deploy with \`PYPI=${plant('pypi-token', inPrompt(SKILL))} ./deploy.sh\`.\n`,
      `./check.sh ${plant('generic-secret', inConfig(SKILL, '/hooks/PreToolUse/0/hooks/0/command'))}`,
    ),
    '.claude/skills/deploy/deploy.sh': `#!/bin/sh\nexport GOOGLE_KEY=${plant('google-api-key', inPrompt('.claude/skills/deploy/deploy.sh'))}\n`,
    '.claude/agents/ops.md': ['---', 'name: ops', 'description: Operations', 'mcpServers:', '  - vault:', '      command: vault-mcp', '      env:', `        VAULT_TOKEN: ${plant('github-token', inConfig('.claude/agents/ops.md', '/mcpServers/0/vault/env/VAULT_TOKEN'))}`, '---', 'You run operations.', ''].join('\n'),
  };
  await makeRepo(root, [
    { files: start, author: 'Dev', date: daysAgo(5, now), message: 'start' },
    { files: services, author: 'Dev', date: daysAgo(1, now), message: 'wire the services' },
  ]);

  writeTree(home, {
    '.claude/settings.json': json({ env: { OPENAI_API_KEY: plant('openai-key', inConfig('~/.claude/settings.json', '/env/OPENAI_API_KEY')) }, permissions: { allow: [`WebFetch(domain:api.internal.corp)`] } }),
    '.claude.json': json({ mcpServers: { personal: { command: 'uvx', args: ['mcp-server-fetch==1.0.0'], env: { SLACK_BOT_TOKEN: plant('slack-token', inConfig('~/.claude.json', '/mcpServers/personal/env/SLACK_BOT_TOKEN')) } } },
      projects: { [root]: { mcpServers: { db: { command: 'pg-mcp', args: [plant('url-credentials', inConfig('~/.claude.json', `/projects/${pointerKey(root)}/mcpServers/db/args/0`)).replace('https', 'postgres')] } } } },
    }),
  });
  writeTree(memoryDir, {
    'MEMORY.md': `- [Deploy](deploy_notes.md) — deploy notes\n- [Old](old_freeze.md) — an old freeze\n\nRegistry: ${plant('pypi-token', inMemory(`${memory}/MEMORY.md`))}\n`,
    'deploy_notes.md': ['---', 'name: deploy notes', 'description: how deploys work', 'type: project', '---', `Deploys use the key ${plant('stripe-key', inMemory(`${memory}/deploy_notes.md`))} and ${plant('jwt', inMemory(`${memory}/deploy_notes.md`))}.`, ''].join('\n'),
    'old_freeze.md': ['---', 'name: old freeze', 'description: a code freeze', 'type: project', '---', `The freeze token was ${plant('aws-access-key-id', inMemory(`${memory}/old_freeze.md`))}.`, ''].join('\n'),
  });
  // Old enough to be archived by the plan (and not "being written right now").
  setMtimes(memoryDir, new Date(daysAgo(200, now)));
  writeTree(managedDir, { 'managed-settings.json': json({ env: { COMPANY_PROXY: plant('url-credentials', inConfig('<managed>/managed-settings.json', '/env/COMPANY_PROXY')).replace('/sse', '') } }) });
  return { ...dirs, memoryDir, stateDir: path.join(dirs.base, 'state') };
}

interface Output {
  what: string;
  bytes: Buffer;
}

/** Every file under `dir` (recursively), skipping folders named in `skip`. */
function filesUnder(dir: string, skip: (abs: string) => boolean = () => false): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, entry.name);
    if (skip(abs)) continue;
    if (entry.isDirectory()) out.push(...filesUnder(abs, skip));
    else if (entry.isFile()) out.push(abs);
  }
  return out;
}

/** Where a token (or any 12 characters of its random part) appears in `bytes`, as UTF-8 and as JSON-escaped text. */
function leaksIn(bytes: Buffer, t: Planted): string | undefined {
  const text = bytes.toString('utf8');
  if (text.includes(t.text)) return 'the whole token';
  for (let i = 0; i + 12 <= t.secret.length; i++) {
    const piece = t.secret.slice(i, i + 12);
    if (text.includes(piece) || text.includes(JSON.stringify(piece).slice(1, -1))) return `"${piece}" (characters ${i}–${i + 11} of its random part)`;
  }
  return undefined;
}

describe('secrets never leak', () => {
  it('plants a token of every kind the catalogue recognises, each recognised as that kind', () => {
    const source = readFileSync(path.join(REPO_ROOT, 'src/policies/catalogs/secrets.ts'), 'utf8');
    const kinds = new Set([...source.matchAll(/kind: '([a-z0-9-]+)',\s*label:/g)].map((m) => m[1] as string));
    const kindsSeen = new Set<string>();
    for (const kind of [...kinds, 'github-pat']) {
      const t = token(kind, 1);
      const hits = findSecrets(`x ${t.text} x`);
      expect(hits.map((h) => h.kind), t.text).toEqual([t.kind]);
      kindsSeen.add(t.kind);
    }
    expect(kinds.size).toBeGreaterThan(15);
    expect([...kindsSeen].sort()).toEqual([...kinds].sort());
  });

  it(
    'are reported where they are, and no byte of any token reaches any output or any file agentgov writes',
    async () => {
      const ws = await secretWorkspace();
      const out = path.join(ws.base, 'reports');
      mkdirSync(out);
      const outputs: Output[] = [];
      const common = ['--home', ws.home, '--managed-dir', ws.managedDir, '--no-color'];
      const run = (args: string[], expectCodes: number[] = [0, 1]) => {
        const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ws.root, encoding: 'buffer', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, XDG_STATE_HOME: path.join(ws.base, 'xdg'), NO_COLOR: '1' } });
        outputs.push({ what: `stdout of ${args.slice(0, 2).join(' ')}`, bytes: r.stdout }, { what: `stderr of ${args.slice(0, 2).join(' ')}`, bytes: r.stderr });
        expect(expectCodes, `${args.join(' ')} exited ${r.status}: ${r.stderr.toString()}`).toContain(r.status);
        return r.stdout.toString('utf8');
      };
      const state = ['--state-dir', ws.stateDir];
      const reports = ['json', 'sarif', 'markdown', 'html', 'text'].flatMap((f) => ['--report', `${f}:${path.join(out, `audit.${f}`)}`]);
      const report = JSON.parse(run(['audit', ws.root, ...common, ...state, '--format', 'json', ...reports]));
      for (const format of ['text', 'sarif', 'markdown', 'html', 'github']) run(['audit', ws.root, ...common, ...state, '--format', format]);
      run(['lock', ws.root, ...common]);
      run(['memory', 'plan', ws.root, ...common, ...state]);
      run(['extensions', 'list', ws.root, ...common, '--format', 'json']);
      run(['extensions', 'list', ws.root, ...common]);
      run(['history', ws.root, ...common, '--format', 'json']);
      run(['history', ws.root, ...common]);
      run(['permissions', 'effective', ws.root, ...common]);
      run(['baseline', ws.root, ...common]);
      expect(run(['memory', 'prune', '--apply', '--force', ws.root, ...common, ...state])).toMatch(/archived/i);
      // A change in a scope git cannot see, diffed against the ledger's snapshot by the next audit.
      writeTree(ws.home, { '.claude/settings.json': json({ env: {}, permissions: { allow: [`Bash(mysql --${plant('generic-secret', null)} -e *)`] } }) });
      run(['audit', ws.root, ...common, ...state, '--format', 'markdown', '--fail-on', 'never']);

      const written = [
        ...filesUnder(out),
        // The archive holds the memory files prune moved there (and the index as it was): the user's own text, kept
        // so that `memory restore` can put it back. Everything else in the state folder is agentgov's.
        ...filesUnder(ws.stateDir, (abs) => path.basename(abs) === 'memory-archive'),
        ...filesUnder(path.join(ws.base, 'xdg')),
        path.join(ws.root, 'agentgov.lock.json'),
        ...filesUnder(path.join(ws.root, '.agentgov')),
      ];
      expect(written.map((f) => path.relative(ws.base, f))).toEqual(expect.arrayContaining(['state/ledger.jsonl', 'state/memory-journal.jsonl', 'state/memory-ledger.json', 'project/agentgov.lock.json', 'project/.agentgov/baseline.json']));
      for (const file of written) outputs.push({ what: path.relative(ws.base, file), bytes: readFileSync(file) });
      const leaks = outputs.flatMap((o) =>
        all.flatMap((t) => {
          const where = leaksIn(o.bytes, t);
          return where ? [`${t.kind} in ${o.what}: ${where}`] : [];
        }),
      );
      expect(leaks).toEqual([]);

      // Reported: each token by a secret rule at the file (and JSON pointer) where it was written.
      const found = (report.findings as { ruleId: string; file: string; pointer: string | null }[]).map((f) => [f.ruleId, f.file, f.pointer]);
      const missing = all.flatMap((t) => (t.expected && !found.some(([rule, file, pointer]) => rule === t.expected![0] && file === t.expected![1] && (t.expected![2] === undefined || pointer === t.expected![2])) ? [t.expected.join(' ')] : []));
      expect(missing).toEqual([]);
    },
    240_000,
  );
});
