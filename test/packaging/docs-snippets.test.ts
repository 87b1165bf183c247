import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { makeRepo } from '../helpers/git-repo.js';
import { REPO_ROOT } from '../helpers/shared.js';
import { json, makeWorkspaceDirs } from '../helpers/tree.js';

const DOCS = ['README.md', 'docs/ci.md', 'docs/pre-commit.md'];
const BIN = path.join(REPO_ROOT, 'bin', 'agentgov.js');

/**
 * Every ```yaml block of a Markdown file that is a mapping (a list, such as a fragment of steps, is left out). A block
 * that does not parse fails the test: a reader would copy it as it is.
 */
function yamlBlocks(file: string): Record<string, unknown>[] {
  const text = readFileSync(path.join(REPO_ROOT, file), 'utf8');
  return [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].flatMap((m, i) => {
    let value: unknown;
    try {
      value = parse(m[1] ?? '') as unknown;
    } catch (error) {
      throw new Error(`${file}: yaml block ${i + 1} does not parse: ${error instanceof Error ? error.message : String(error)}`);
    }
    return value && typeof value === 'object' && !Array.isArray(value) ? [value as Record<string, unknown>] : [];
  });
}

interface WorkflowStep {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  permissions?: Record<string, string>;
  jobs: Record<string, { permissions?: Record<string, string>; steps: WorkflowStep[] }>;
}
interface GitlabJob {
  image: string;
  script: string[];
  variables?: Record<string, string>;
  artifacts?: { paths?: string[]; reports?: Record<string, string> };
}

const workflows = DOCS.flatMap((file) => yamlBlocks(file).filter((b) => 'jobs' in b).map((b) => ({ file, workflow: b as unknown as Workflow })));
const gitlabJobs = DOCS.flatMap((file) =>
  yamlBlocks(file).flatMap((b) =>
    Object.entries(b)
      .filter(([, v]) => v !== null && typeof v === 'object' && 'script' in v && 'image' in v)
      .map(([name, job]) => ({ file, name, job: job as GitlabJob })),
  ),
);

describe('documented GitHub workflows', () => {
  it('check out the full history, grant the permissions the upload needs, and pin every action', () => {
    expect(workflows.map((w) => w.file)).toEqual(expect.arrayContaining(['README.md', 'docs/ci.md']));
    for (const { file, workflow } of workflows) {
      for (const job of Object.values(workflow.jobs)) {
        const checkout = job.steps.find((s) => s.uses?.startsWith('actions/checkout@'));
        expect(checkout?.with?.['fetch-depth'], file).toBe(0);
        const permissions = { ...workflow.permissions, ...job.permissions };
        expect(permissions, file).toMatchObject({ contents: 'read', 'security-events': 'write' });
        for (const step of job.steps.filter((s) => s.uses)) {
          // The placeholder for agentgov's own release stands where users put a sha.
          expect(step.uses, file).toMatch(/^(?:[\w.-]+\/[\w./-]+@[0-9a-f]{40}|agentgov\/agentgov@<full commit sha>)$/);
        }
      }
    }
  });

  it('show the pre-commit framework the hook this repository ships', () => {
    const hooks = (parse(readFileSync(path.join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string }[]).map((h) => h.id);
    const configs = DOCS.flatMap((file) => yamlBlocks(file).filter((b) => 'repos' in b)) as { repos: { repo: string; hooks: { id: string }[] }[] }[];
    expect(configs.length).toBeGreaterThanOrEqual(2);
    for (const config of configs) for (const repo of config.repos) for (const h of repo.hooks) expect(hooks).toContain(h.id);
  });

  it('show husky, lefthook and a plain git hook, each calling agentgov check', () => {
    for (const file of ['README.md', 'docs/pre-commit.md']) {
      const text = readFileSync(path.join(REPO_ROOT, file), 'utf8');
      for (const manager of ['husky', 'lefthook', '.git/hooks/pre-commit']) expect(text, `${file}: ${manager}`).toContain(manager);
      expect(text.match(/agentgov check/g)?.length ?? 0).toBeGreaterThanOrEqual(4);
    }
  });
});

/** Runs a documented GitLab job's script in a real merge-request repository (agentgov from this checkout). */
async function runGitlabJob(job: GitlabJob, headAllow: string[]) {
  const dirs = makeWorkspaceDirs();
  const [base = ''] = await makeRepo(dirs.root, [
    { files: { '.claude/settings.json': json({ permissions: { allow: ['Bash(npm test)'] } }) }, author: 'Ana', date: '2026-11-01T09:00:00Z', message: 'base' },
    { files: { '.claude/settings.json': json({ permissions: { allow: headAllow } }) }, author: 'Ben', date: '2026-11-02T09:00:00Z', message: 'head' },
  ]);
  // The job's own `npm ci` installs agentgov from the registry; here the checkout's build stands in for it.
  const script = job.script.filter((line) => line.trim() !== 'npm ci').map((line) => line.replaceAll('npx agentgov', `node "${BIN}"`));
  const env = { PATH: process.env.PATH ?? '', HOME: dirs.home, CI: 'true', GITLAB_CI: 'true', CI_PIPELINE_SOURCE: 'merge_request_event', CI_MERGE_REQUEST_DIFF_BASE_SHA: base, ...job.variables };
  const r = spawnSync('bash', ['-e', '-c', script.join('\n')], { cwd: dirs.root, env, encoding: 'utf8', timeout: 120_000 });
  return { ...r, root: dirs.root };
}

describe('documented GitLab jobs', () => {
  it('are there, in the README and in docs/ci.md, with a full clone', () => {
    expect(gitlabJobs.map((j) => j.file).sort()).toEqual(['README.md', 'docs/ci.md']);
    for (const { job } of gitlabJobs) expect(job.variables?.GIT_DEPTH).toBe('0');
  });

  it.each(gitlabJobs.map((j) => [j.file, j.job] as const))('%s: the job fails on a widening and keeps its artifacts', async (_file, job) => {
    const r = await runGitlabJob(job, ['Bash(npm test)', 'Bash(curl:*)']);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toContain('history/permission-widened');
    for (const artifact of job.artifacts?.paths ?? []) expect(existsSync(path.join(r.root, artifact)), artifact).toBe(true);
    const codequality = job.artifacts?.reports?.codequality;
    if (codequality) {
      // GitLab's Code Quality format: description, check_name, fingerprint, severity, location.path and lines.begin.
      const issues = JSON.parse(readFileSync(path.join(r.root, codequality), 'utf8')) as { check_name: string; severity: string; fingerprint: string; description: string; location: { path: string; lines: { begin: number } } }[];
      const widened = issues.find((i) => i.check_name === 'history/permission-widened');
      expect(widened?.location.path).toBe('.claude/settings.json');
      expect(widened?.location.lines.begin).toBeGreaterThan(0);
      expect(widened?.description).toContain('history/permission-widened');
      for (const issue of issues) expect(['info', 'minor', 'major', 'critical', 'blocker']).toContain(issue.severity);
      expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
    }
  });

  it.each(gitlabJobs.map((j) => [j.file, j.job] as const))('%s: the job passes a change that does not widen', async (_file, job) => {
    const r = await runGitlabJob(job, []);
    expect(r.status, r.stderr).toBe(0);
  });
});
