import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/shared.js';

const BIN = path.join(REPO_ROOT, 'bin', 'agentgov.js');
const DEMO = path.join(REPO_ROOT, 'examples', 'demo');

/** Runs the built CLI with a stdout pipe whose reader is gone before anything is written (`agentgov … | head -c 0`). */
function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('a reader that closes stdout early', () => {
  it('ends the run quietly, with the exit code of what the run found', async () => {
    const scopes = ['--home', path.join(DEMO, 'home'), '--managed-dir', path.join(DEMO, 'managed')];
    const passing = await runWithClosedStdout(['audit', DEMO, ...scopes, '--format', 'json', '--fail-on', 'never']);
    expect(passing.stderr).toBe('');
    expect(passing.code).toBe(0);
    const failing = await runWithClosedStdout(['audit', DEMO, ...scopes, '--format', 'json', '--fail-on', 'info']);
    expect(failing.stderr).toBe('');
    expect(failing.code).toBe(1);
  });
});
