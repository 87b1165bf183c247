import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { specForRootPath } from '../../src/workspace/claude/discover.js';
import { CLAUDE_SOURCES } from '../../src/workspace/claude/sources.js';
import { CONFIG_PATHSPECS } from '../../src/workspace/git-history.js';
import { REPO_ROOT } from '../helpers/shared.js';
import { json, tempDir, writeTree } from '../helpers/tree.js';

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
  pass_filenames?: boolean;
  require_serial?: boolean;
}

const hooks = parse(readFileSync(path.join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
const hook = hooks.find((h) => h.id === 'agentgov-check') as Hook;
// pre-commit matches `files` with Python's re.search on the path relative to the repository root.
const files = new RegExp(hook.files);
const matches = (p: string) => files.test(p);

/** The file names Claude Code reads in every folder (ancestors at launch, subfolders on demand), not only at the root. */
const ANYWHERE = ['CLAUDE.md', 'CLAUDE.local.md', 'AGENTS.md'];

/** A concrete path for each shape of source pattern (see SourceSpec in src/workspace/claude/sources.ts). */
function sampleOf(pattern: string): string {
  return pattern.replace('/**/*', '/team/deep/review').replace('/*/', '/deploy/').replace('/*', '/style');
}

/** A file inside each CONFIG_PATHSPECS entry: the entry itself for a file, a file in it for a folder. */
function pathspecSample(spec: string): string {
  return path.extname(spec) ? spec : `${spec}/settings.json`;
}

const MUST_MATCH = [
  '.claude/settings.json',
  '.claude/settings.local.json',
  '.claude/CLAUDE.md',
  '.claude/rules/testing.md',
  '.claude/rules/backend/api.md',
  '.claude/skills/deploy/SKILL.md',
  '.claude/skills/deploy/scripts/run.sh',
  '.claude/agents/reviewer.md',
  '.claude/commands/release/notes.md',
  '.claude/output-styles/terse.md',
  '.claude/hooks/check.sh',
  '.mcp.json',
  '.claude.json',
  'CLAUDE.md',
  'CLAUDE.local.md',
  'AGENTS.md',
  'packages/api/CLAUDE.md',
  'packages/api/CLAUDE.local.md',
  'services/web/AGENTS.md',
  '.claude-plugin/plugin.json',
  '.claude-plugin/marketplace.json',
  'agentgov.json',
  'agentgov.lock.json',
  '.agentgov/baseline.json',
];

const MUST_NOT_MATCH = [
  'README.md',
  'src/index.ts',
  'package.json',
  'claude.md',
  'docs/CLAUDE.md.bak',
  'docs/MY-CLAUDE.md',
  'NOTCLAUDE.md',
  'AGENTS.markdown',
  'x.claude/settings.json',
  'my.claude/settings.json',
  '.claudeignore',
  '.claude',
  'my.mcp.json',
  '.mcp.json.bak',
  'packages/api/.mcp.json',
  'examples/agentgov.json',
  'agentgov.jsonc',
  'agentgov.lock.json.orig',
  'agentgov-baseline.json',
  'src/.agentgov/baseline.json',
  '.claude-pluginx/plugin.json',
];

describe('.pre-commit-hooks.yaml', () => {
  it('declares agentgov-check as a node hook that runs `agentgov check` on the staged files, all in one run', () => {
    expect(hooks.map((h) => h.id)).toEqual(['agentgov-check']);
    expect(hook).toMatchObject({ entry: 'agentgov check', language: 'node', pass_filenames: true, require_serial: true });
    // `language: node` installs this repository as an npm package: `entry` must name its bin.
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(Object.keys(pkg.bin)).toContain(hook.entry.split(' ')[0]);
  });

  it('uses only regular-expression syntax that Python and JavaScript read alike', () => {
    // Literals, escaped dots, groups, alternation and anchors: no lookbehind, named groups, classes or flags.
    expect(hook.files).toMatch(/^(?:[A-Za-z0-9_/-]|\\\.|[()|^$])+$/);
  });

  it.each(MUST_MATCH)('matches %s', (p) => {
    expect(matches(p)).toBe(true);
  });

  it.each(MUST_NOT_MATCH)('does not match %s', (p) => {
    expect(matches(p)).toBe(false);
  });

  it('matches every path whose history agentgov reads (CONFIG_PATHSPECS)', () => {
    const missed = CONFIG_PATHSPECS.map(pathspecSample).filter((p) => !matches(p));
    expect(missed).toEqual([]);
  });

  it('matches every project and local file Claude Code reads at the root (CLAUDE_SOURCES via specForRootPath)', () => {
    const rootPatterns = CLAUDE_SOURCES.filter((s) => s.base === 'root').map((s) => s.pattern);
    expect(rootPatterns.length).toBeGreaterThan(10);
    for (const pattern of rootPatterns) {
      const sample = sampleOf(pattern);
      // The sample really is a file of that source, so the check below is about the regex, not the sample.
      expect(specForRootPath(sample)?.pattern, sample).toBe(pattern);
      expect(matches(sample), sample).toBe(true);
    }
  });

  it('matches nothing that agentgov does not treat as agent configuration', () => {
    const known = (p: string) =>
      CONFIG_PATHSPECS.some((spec) => p === spec || p.startsWith(`${spec}/`)) || specForRootPath(p) !== undefined || ANYWHERE.includes(path.posix.basename(p));
    expect(MUST_MATCH.filter((p) => !known(p))).toEqual([]);
    // The names matched in any folder are root paths agentgov reads too.
    for (const name of ANYWHERE) expect(CONFIG_PATHSPECS).toContain(name);
  });

  it('installs the way pre-commit does it: `npm pack` under this repository\'s .npmrc prints only the tarball name', () => {
    // pre-commit installs a node hook with `npm install`, then `npm install -g $(npm pack)`. npm 10.5 and later print a
    // `prepare` script (which builds dist/ here) on stdout unless foreground scripts are off, and the install fails.
    const dir = tempDir();
    writeTree(dir, { 'package.json': json({ name: 'hook', version: '1.2.3', scripts: { prepare: 'npm run build', build: 'echo building dist' } }) });
    copyFileSync(path.join(REPO_ROOT, '.npmrc'), path.join(dir, '.npmrc'));
    const r = spawnSync('npm', ['pack'], { cwd: dir, encoding: 'utf8', env: { ...process.env, npm_config_foreground_scripts: undefined } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('hook-1.2.3.tgz\n');
  });
});
