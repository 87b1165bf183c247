import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRepo } from '../helpers/git-repo.js';
import { loadSarifValidator } from '../helpers/sarif-validator.js';
import { json, makeWorkspaceDirs } from '../helpers/tree.js';
import { ACTION_PATH, condition, readAction, runAction, type ActionRun, type StepResult } from './action-runner.js';

const action = readAction();
const steps = action.runs.steps;
const DENY = ['Read(./.env)', 'Read(~/.ssh/**)'];
const WIDENED = 'history/permission-widened';

/** A repository whose base commit allows `npm test` and whose head commit (checked out) writes `headSettings`. */
async function pullRequest(headSettings: unknown) {
  const dirs = makeWorkspaceDirs();
  const [base = '', head = ''] = await makeRepo(dirs.root, [
    { files: { '.claude/settings.json': json({ permissions: { allow: ['Bash(npm test)'], deny: DENY } }), 'README.md': '# app\n' }, author: 'Ana', date: '2026-11-01T09:00:00Z', message: 'base' },
    { files: { '.claude/settings.json': json(headSettings) }, author: 'Ben', date: '2026-11-02T09:00:00Z', message: 'head' },
  ]);
  const github = { event_name: 'pull_request', event: { pull_request: { base: { sha: base }, head: { sha: head } } } };
  return { dirs, base, head, github };
}

const stepNamed = (run: ActionRun, pattern: RegExp): StepResult => {
  const found = run.steps.find((s) => pattern.test(s.step.name ?? ''));
  if (!found) throw new Error(`no step named ${pattern}`);
  return found;
};
const upload = (run: ActionRun) => run.steps.find((s) => s.step.uses?.startsWith('github/codeql-action/upload-sarif@'));
const sarifRuleIds = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { runs: { results: { ruleId: string }[] }[] }).runs[0]?.results.map((r) => r.ruleId) ?? [];

describe('action.yml: structure', () => {
  it('is a composite action with the inputs base, fail-on and sarif', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs).sort()).toEqual(['base', 'fail-on', 'sarif']);
    expect(action.inputs.base?.default).toMatch(/^\$\{\{ github\.event\.pull_request\.base\.sha\b/);
    // Widenings are warnings: a gate failing only on errors would let them through (`agentgov ci` defaults to warning too).
    expect(action.inputs['fail-on']?.default).toBe('warning');
    expect(action.inputs.sarif?.default).toBe('agentgov.sarif');
  });

  it('runs every script under bash, with inputs passed through env (never spliced into the script)', () => {
    for (const step of steps) {
      expect(Boolean(step.run) !== Boolean(step.uses), step.name).toBe(true);
      if (step.run) {
        expect(step.shell, step.name).toBe('bash');
        expect(step.run, step.name).not.toContain('${{');
      }
    }
  });

  it('pins every action it uses to a full commit sha, with the version in a comment', () => {
    const used = steps.filter((s) => s.uses).map((s) => s.uses as string);
    expect(used.length).toBeGreaterThanOrEqual(2);
    for (const uses of used) expect(uses).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
    const lines = readFileSync(ACTION_PATH, 'utf8').split('\n').filter((l) => /^\s*(-\s*)?uses:/.test(l));
    expect(lines).toHaveLength(used.length);
    for (const line of lines) expect(line).toMatch(/@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });

  it('sets up Node 20 only when the runner lacks it, uploads SARIF only when asked, and fails the job last', () => {
    const setupNode = steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(setupNode?.with?.['node-version']).toBe(20);
    const probe = steps.find((s) => s.id === 'node');
    expect(setupNode?.if).toContain('steps.node.outputs.setup');
    expect(steps.indexOf(probe!)).toBeLessThan(steps.indexOf(setupNode!));
    const up = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(up?.if).toContain('always()');
    expect(up?.if).toContain("inputs.sarif != ''");
    const last = steps.at(-1);
    expect(steps.indexOf(up!)).toBeLessThan(steps.length - 1);
    expect(Object.values(last?.env ?? {})).toContain('${{ steps.gate.outputs.exit-code }}');
    // Outputs read only steps that exist.
    const ids = new Set(steps.map((s) => s.id).filter(Boolean));
    for (const output of Object.values(action.outputs)) expect(ids.has(/steps\.([\w-]+)\./.exec(output.value)?.[1])).toBe(true);
  });

  it('evaluates the upload condition as GitHub would: after a failure too, never without a SARIF file', () => {
    const ctx = (sarif: string, file: string) => ({ inputs: { sarif }, steps: { gate: { outputs: { 'sarif-file': file } } } });
    const up = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))?.if;
    expect(condition(up, ctx('agentgov.sarif', '/w/agentgov.sarif'), true)).toBe(true);
    expect(condition(up, ctx('agentgov.sarif', '/w/agentgov.sarif'), false)).toBe(true);
    expect(condition(up, ctx('', ''), false)).toBe(false);
    expect(condition(up, ctx('agentgov.sarif', ''), true)).toBe(false);
  });
});

describe('action.yml: its steps run against a real pull request', () => {
  it('fails with exit code 1 on a widening, after writing SARIF, annotations and the summary', async () => {
    const pr = await pullRequest({ permissions: { allow: ['Bash(npm test)', 'Bash(curl:*)'], deny: DENY } });
    const run = runAction(action, { workspace: pr.dirs.root, temp: pr.dirs.base, github: pr.github });

    expect(run.exitCode).toBe(1);
    const gate = stepNamed(run, /agentgov ci/);
    expect(gate.code).toBe(0); // the gate step succeeds so that the upload runs; the last step fails the job
    expect(gate.outputs['exit-code']).toBe('1');
    expect(gate.stdout).toMatch(/^::warning file=\.claude\/settings\.json,line=\d+,col=\d+,title=history\/permission-widened::/m);
    expect(run.steps.at(-1)?.code).toBe(1);
    expect(run.outputs['exit-code']).toBe('1');

    const sarif = path.join(pr.dirs.root, 'agentgov.sarif');
    expect(existsSync(sarif)).toBe(true);
    const validate = loadSarifValidator();
    expect(validate(JSON.parse(readFileSync(sarif, 'utf8'))), JSON.stringify(validate.errors)).toBe(true);
    expect(sarifRuleIds(sarif)).toContain(WIDENED);
    expect(upload(run)?.ran).toBe(true);
    expect(upload(run)?.with?.sarif_file).toBe(realpathSync(sarif));

    expect(run.summary).toMatch(/^# /m);
    expect(run.summary).toContain(WIDENED);
    // The runner has Node 20 or later, so setup-node is skipped.
    expect(run.steps.find((s) => s.step.uses?.startsWith('actions/setup-node@'))?.ran).toBe(false);
  });

  it('passes with exit code 0 on a change that does not widen', async () => {
    const pr = await pullRequest({ permissions: { deny: [...DENY, 'Bash(rm *)'], allow: ['Bash(npm test)'] } });
    const run = runAction(action, { workspace: pr.dirs.root, temp: pr.dirs.base, github: pr.github });

    expect(run.exitCode).toBe(0);
    expect(stepNamed(run, /agentgov ci/).outputs['exit-code']).toBe('0');
    expect(run.steps.filter((s) => s.step.run).map((s) => s.code)).toEqual(steps.filter((s) => s.run).map(() => 0));
    const sarif = path.join(pr.dirs.root, 'agentgov.sarif');
    expect(JSON.parse(readFileSync(sarif, 'utf8')).version).toBe('2.1.0');
    expect(sarifRuleIds(sarif)).not.toContain(WIDENED);
    expect(upload(run)?.ran).toBe(true);
    expect(run.summary.trim().length).toBeGreaterThan(0);
    expect(run.summary).not.toContain(WIDENED);
  });

  it('honours the inputs: no SARIF file and no upload with sarif empty; fail-on never passes a widening', async () => {
    const pr = await pullRequest({ permissions: { allow: ['Bash(npm test)', 'Bash(curl:*)'], deny: DENY } });
    const run = runAction(action, { workspace: pr.dirs.root, temp: pr.dirs.base, github: pr.github, inputs: { sarif: '', 'fail-on': 'never', base: pr.base } });

    expect(run.exitCode).toBe(0);
    expect(existsSync(path.join(pr.dirs.root, 'agentgov.sarif'))).toBe(false);
    expect(upload(run)?.ran).toBe(false);
    expect(run.summary).toContain(WIDENED);
  });

  it('stops with exit code 2 and says why when the base is not in a shallow clone', async () => {
    const pr = await pullRequest({ permissions: { allow: ['Bash(npm test)', 'Bash(curl:*)'], deny: DENY } });
    const clone = path.join(pr.dirs.base, 'clone');
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${pr.dirs.root}`, clone]);
    const run = runAction(action, { workspace: clone, temp: pr.dirs.base, github: pr.github });

    expect(run.exitCode).toBe(2);
    expect(stepNamed(run, /agentgov ci/).stdout).toMatch(/^::error title=agentgov::.*shallow/m);
    expect(run.summary).toContain('fetch-depth: 0');
    expect(existsSync(path.join(clone, 'agentgov.sarif'))).toBe(false);
    expect(upload(run)?.ran).toBe(false);
  });

  it('stops with exit code 2 outside a pull request when no base is given', async () => {
    const pr = await pullRequest({ permissions: { allow: ['Bash(npm test)'], deny: DENY } });
    const run = runAction(action, { workspace: pr.dirs.root, temp: pr.dirs.base, github: { event_name: 'push', event: {} } });
    expect(run.exitCode).toBe(2);
    expect(run.summary).toMatch(/base/);
  });
});
