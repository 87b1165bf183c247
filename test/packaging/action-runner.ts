import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../helpers/shared.js';

/**
 * Runs a composite action's `run:` steps as the GitHub runner would, without GitHub: `${{ }}` expressions in `env:`,
 * `with:` and `if:` are evaluated (a small subset: context paths, quoted literals, `||`, `==`, `!=`, `&&`, and the
 * status functions), each script runs under `bash --noprofile --norc -eo pipefail`, `$GITHUB_OUTPUT` becomes the step's
 * outputs and `$GITHUB_STEP_SUMMARY` collects the summary. `uses:` steps are not run; whether they would run, and with
 * what inputs, is recorded.
 */

export interface ActionStep {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string | number | boolean>;
  'working-directory'?: string;
}

export interface ActionFile {
  name: string;
  description: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export interface StepResult {
  step: ActionStep;
  ran: boolean;
  code?: number;
  stdout?: string;
  stderr?: string;
  outputs: Record<string, string>;
  /** For a `uses:` step that would run: its `with:` inputs, evaluated. */
  with?: Record<string, string>;
}

export interface ActionRun {
  steps: StepResult[];
  /** The job's outcome: the first failing step's exit code, else 0. */
  exitCode: number;
  summary: string;
  outputs: Record<string, string>;
}

export const ACTION_PATH = path.join(REPO_ROOT, 'action.yml');

export function readAction(): ActionFile {
  return parse(readFileSync(ACTION_PATH, 'utf8')) as ActionFile;
}

type Context = Record<string, unknown>;

function lookup(ctx: Context, dotted: string): string {
  if (!/^[A-Za-z_][\w-]*(\.[\w-]+)*$/.test(dotted)) throw new Error(`unsupported expression operand: ${dotted}`);
  const [root = '', ...rest] = dotted.split('.');
  if (!(root in ctx)) throw new Error(`unknown context: ${root}`);
  let value: unknown = ctx[root];
  for (const key of rest) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return value === undefined || value === null ? '' : String(value);
}

function operand(text: string, ctx: Context): string {
  const alternatives = text.split('||').map((s) => s.trim());
  for (const alt of alternatives) {
    const literal = /^'(.*)'$/.exec(alt);
    const value = literal ? (literal[1] ?? '') : lookup(ctx, alt);
    if (value !== '') return value;
  }
  return '';
}

/** A value expression (`a.b || c.d`). */
export function evaluate(expression: string, ctx: Context): string {
  return operand(expression, ctx);
}

/** An `if:` condition; `jobFailed` drives the status functions, and a condition without one implies `success()`. */
export function condition(expression: string | undefined, ctx: Context, jobFailed: boolean): boolean {
  const text = (expression ?? 'success()').replace(/^\$\{\{(.*)\}\}$/s, '$1').trim();
  const terms = text.split('&&').map((s) => s.trim());
  const status = terms.some((t) => /^(always|success|failure)\(\)$/.test(t));
  const ok = terms.every((term) => {
    if (term === 'always()') return true;
    if (term === 'success()') return !jobFailed;
    if (term === 'failure()') return jobFailed;
    if (/[()!<>]/.test(term.replace(/'[^']*'/g, '').replace(/[!=]=/g, ''))) throw new Error(`unsupported condition: ${term}`);
    const cmp = /^(.*?)\s*(==|!=)\s*(.*)$/.exec(term);
    if (!cmp) return operand(term, ctx) !== '';
    const equal = operand(cmp[1] ?? '', ctx) === operand(cmp[3] ?? '', ctx);
    return cmp[2] === '==' ? equal : !equal;
  });
  return ok && (status || !jobFailed);
}

/** Replaces every `${{ … }}` in `text`. */
export function substitute(text: string, ctx: Context): string {
  return text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expression: string) => evaluate(expression, ctx));
}

/** `name=value` lines and `name<<DELIMITER` blocks, as the runner reads $GITHUB_OUTPUT. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const block = /^([^=<]+)<<(.+)$/.exec(line);
    if (block) {
      const end = lines.indexOf(block[2] ?? '', i + 1);
      out[block[1] ?? ''] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
  }
  return out;
}

export interface RunOptions {
  /** The repository the job checked out ($GITHUB_WORKSPACE, the steps' working directory). */
  workspace: string;
  /** A scratch folder for $RUNNER_TEMP, the output files and the summary. */
  temp: string;
  inputs?: Record<string, string>;
  /** The `github` context (event payload etc.); `action_path` and `workspace` are filled in. */
  github?: Record<string, unknown>;
  /** The action's checkout ($GITHUB_ACTION_PATH); this repository by default. */
  actionPath?: string;
  timeoutMs?: number;
}

export function runAction(action: ActionFile, options: RunOptions): ActionRun {
  const runnerTemp = path.join(options.temp, 'runner');
  const home = path.join(options.temp, 'home');
  mkdirSync(runnerTemp, { recursive: true });
  mkdirSync(home, { recursive: true });
  const summaryFile = path.join(options.temp, 'step-summary.md');
  writeFileSync(summaryFile, '');
  const actionPath = options.actionPath ?? REPO_ROOT;
  const github = { ...options.github, action_path: actionPath, workspace: options.workspace };
  // Input defaults may be expressions over `github` (GitHub evaluates them when the caller leaves the input out).
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) inputs[name] = options.inputs?.[name] ?? substitute(spec.default ?? '', { github });
  const stepsCtx: Record<string, { outputs: Record<string, string> }> = {};
  const ctx: Context = { github, inputs, steps: stepsCtx, runner: { temp: runnerTemp } };
  const baseEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_ACTION_PATH: actionPath,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: runnerTemp,
  };

  const results: StepResult[] = [];
  let exitCode = 0;
  action.runs.steps.forEach((step, index) => {
    const would = condition(step.if, ctx, exitCode !== 0);
    if (!would || step.uses) {
      const withInputs = would && step.with ? Object.fromEntries(Object.entries(step.with).map(([k, v]) => [k, substitute(String(v), ctx)])) : undefined;
      results.push({ step, ran: would, outputs: {}, ...(withInputs ? { with: withInputs } : {}) });
      return;
    }
    const outputFile = path.join(options.temp, `output-${index}.txt`);
    const script = path.join(options.temp, `step-${index}.sh`);
    writeFileSync(outputFile, '');
    writeFileSync(script, step.run ?? '');
    const env: Record<string, string> = { ...baseEnv, GITHUB_OUTPUT: outputFile };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = substitute(String(v), ctx);
    const cwd = path.resolve(options.workspace, substitute(step['working-directory'] ?? '.', ctx));
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd, env, encoding: 'utf8', timeout: options.timeoutMs ?? 120_000 });
    const code = r.status ?? 1;
    const outputs = parseOutputFile(readFileSync(outputFile, 'utf8'));
    if (step.id) stepsCtx[step.id] = { outputs };
    results.push({ step, ran: true, code, stdout: r.stdout, stderr: r.stderr, outputs });
    if (code !== 0 && exitCode === 0) exitCode = code;
  });
  const outputs = Object.fromEntries(Object.entries(action.outputs).map(([k, v]) => [k, substitute(v.value, ctx)]));
  return { steps: results, exitCode, summary: readFileSync(summaryFile, 'utf8'), outputs };
}
