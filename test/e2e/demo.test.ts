import { execFile } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadSarifValidator } from '../helpers/sarif-validator.js';
import { REPO_ROOT } from '../helpers/shared.js';
import { tempDir } from '../helpers/tree.js';

const run = promisify(execFile);
const BIN = path.join(REPO_ROOT, 'bin/agentgov.js');
const DEMO = path.join(REPO_ROOT, 'examples/demo');
const DEMO_ARGS = ['--home', path.join(DEMO, 'home'), '--managed-dir', path.join(DEMO, 'managed')];

/** The built CLI as a user runs it: a real process, real exit code (`npm test` builds dist/ first). */
async function agentgov(args: string[], cwd = REPO_ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the demo workspace, end to end through bin/agentgov.js', () => {
  it('reports the broken managed drop-in at its line and column and still audits every other file', async () => {
    const r = await agentgov(['audit', 'examples/demo', ...DEMO_ARGS, '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    const invalid = report.findings.filter((f: { ruleId: string }) => f.ruleId === 'config/invalid-json');
    expect(invalid).toEqual([expect.objectContaining({ file: '<managed>/managed-settings.d/20-legacy.json', line: 8, column: 38 })]);
    const metrics = report.auditors.config.metrics;
    expect(metrics.files).toBeGreaterThanOrEqual(15);
    expect(metrics.byScope).toMatchObject({ managed: 3, project: expect.any(Number), local: 1, user: expect.any(Number) });
    expect(report.exitCode).toBe(1);
  });

  it('is what `npm start` runs: exit 0 with --fail-on never, a text report on stdout', async () => {
    const r = await agentgov(['audit', 'examples/demo', ...DEMO_ARGS, '--fail-on', 'never']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/20-legacy\.json\n\s+8:38\s+error/);
    expect(r.stdout).toMatch(/baselined: 0/);
  });

  it('prints every format; the SARIF validates against the SARIF 2.1.0 schema', async () => {
    const validate = loadSarifValidator();
    for (const format of ['text', 'json', 'sarif', 'markdown']) {
      const r = await agentgov(['audit', 'examples/demo', ...DEMO_ARGS, '--format', format]);
      expect(r.code, format).toBe(1);
      if (format === 'sarif') {
        const valid = validate(JSON.parse(r.stdout));
        expect(validate.errors ?? [], format).toEqual([]);
        expect(valid).toBe(true);
      }
      if (format === 'markdown') expect(r.stdout).toContain('config/invalid-json');
    }
  });

  it('exits 2 for an invalid policy and for bad arguments, printing every policy problem', async () => {
    const copy = path.join(tempDir(), 'demo');
    cpSync(DEMO, copy, { recursive: true });
    writeFileSync(path.join(copy, 'agentgov.json'), JSON.stringify({ rules: { 'config/invalid-json': 'loud', 'no/such-rule': 'error' }, colour: true }));
    const r = await agentgov(['audit', copy, '--home', path.join(copy, 'home'), '--managed-dir', path.join(copy, 'managed')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/rules\.config\/invalid-json:/);
    expect(r.stderr).toMatch(/\(root\):.*colour/);
    expect((await agentgov(['audit', '--fail-on', 'sometimes'])).code).toBe(2);
    expect((await agentgov(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
