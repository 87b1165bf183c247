import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/shared.js';
import { json, makeWorkspaceDirs } from '../helpers/tree.js';

const README = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

function block(info: string, containing: string): string {
  const blocks = [...README.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].filter((m) => m[1] === info && m[2]!.includes(containing));
  expect(blocks, `a \`\`\`${info} block with ${containing}`).toHaveLength(1);
  return blocks[0]![2]!;
}

/** Shell words of a simple command line: spaces separate, single quotes group (all the README's lines need). */
function words(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

/** The README's weekly commands, run as written (paths moved into a temp dir), must work and keep dated reports. */
describe('the weekly audit as the README schedules it', () => {
  const cron = block('crontab', 'agentgov audit').split('\n').find((l) => l.includes('agentgov audit'))!;
  const service = block('ini', 'ExecStart=').replace(/\\\n\s*/g, '').split('\n').find((l) => l.startsWith('ExecStart='))!;

  it.each([
    ['crontab', words(cron.slice(cron.indexOf('npx agentgov ') + 'npx agentgov '.length, cron.indexOf(' >>')))],
    ['systemd', words(service.slice(service.indexOf('npx agentgov ') + 'npx agentgov '.length))],
  ])('%s line', async (_name, args) => {
    expect(args[0]).toBe('audit');
    const dirs = makeWorkspaceDirs({ project: { '.claude/settings.json': json({ permissions: { allow: ['Bash(curl:*)'] } }) } });
    const moved = args.map((a) => a.replaceAll('/var/lib/agentgov', path.join(dirs.base, 'var')));
    const r = await cli([...moved, '--home', dirs.home, '--managed-dir', dirs.managedDir], { cwd: dirs.root });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const date = new Date().toISOString().slice(0, 10);
    for (const name of [`weekly-${date}.md`, `weekly-${date}.html`, `audit-${date}.sarif`]) expect(existsSync(path.join(dirs.base, 'var/reports', name)), name).toBe(true);
    expect(existsSync(path.join(dirs.base, 'var/state/reported.json'))).toBe(true);
  });
});
