import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const loader = path.join(repo, 'bin', 'load-bundle.js');

describe('the bundled CLI', () => {
  it.each(['', 'check', 'history', 'audit'])('loads with a code cache that this Node accepts (command %j)', (command) => {
    const script = `const { loadBundle } = await import(${JSON.stringify(loader)}); const r = loadBundle({ command: ${JSON.stringify(command)} }); console.log(JSON.stringify({ rejected: r.cacheRejected, main: typeof r.exports.main }));`;
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
    expect(out).toEqual({ rejected: false, main: 'function' });
  });

  it.each(['check', 'history'])('has its own, smaller code cache for %s', async (command) => {
    const { BUNDLE_FILE, cacheFileFor } = (await import(loader)) as { BUNDLE_FILE: string; cacheFileFor: (file: string, command: string) => string };
    const own = cacheFileFor(BUNDLE_FILE, command);
    expect(own).not.toBe(cacheFileFor(BUNDLE_FILE, 'audit'));
    expect(statSync(own).size).toBeLessThan(statSync(cacheFileFor(BUNDLE_FILE, 'audit')).size);
  });

  it('runs without its cache, and reports the package version', () => {
    const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { version: string };
    const script = `const { loadBundle } = await import(${JSON.stringify(loader)}); const { main } = loadBundle({ useCache: false }).exports; process.exitCode = await main(['--version']);`;
    expect(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).trim()).toBe(pkg.version);
  });
});
