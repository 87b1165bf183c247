import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { json, makeWorkspaceDirs } from '../helpers/tree.js';

describe('report outputs never overwrite agent configuration', () => {
  const policy = json({ extends: 'agentgov:recommended' });
  const settings = json({ permissions: { allow: ['Bash(npm test)'] } });

  it.each([
    ['--output', 'agentgov.json'],
    ['--output', '.claude/settings.json'],
    ['--report', 'json:agentgov.lock.json'],
    ['--report', 'markdown:CLAUDE.md'],
    ['--output', '<home>/.claude/settings.json'],
  ])('%s %s is refused before anything runs, and the file is untouched', async (option, value) => {
    const dirs = makeWorkspaceDirs({ project: { 'agentgov.json': policy, '.claude/settings.json': settings, 'CLAUDE.md': '# x\n', 'agentgov.lock.json': '{}\n' }, home: { '.claude/settings.json': settings } });
    const target = value.replace('<home>', dirs.home);
    const file = path.resolve(dirs.root, target.includes(':') && !path.isAbsolute(target) ? (target.split(':')[1] as string) : target);
    const before = readFileSync(file, 'utf8');
    const r = await cli(['audit', dirs.root, '--home', dirs.home, '--managed-dir', dirs.managedDir, option, target], { cwd: dirs.root });
    expect(r.code).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('a report next to the configuration is written', async () => {
    const dirs = makeWorkspaceDirs({ project: { 'agentgov.json': policy } });
    const r = await cli(['audit', dirs.root, '--home', dirs.home, '--managed-dir', dirs.managedDir, '--output', 'agentgov-report.json', '--format', 'json'], { cwd: dirs.root });
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dirs.root, 'agentgov-report.json'), 'utf8')).reportVersion).toBe(1);
  });
});
