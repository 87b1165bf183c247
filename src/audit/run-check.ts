import path from 'node:path';
import { loadPolicy } from '../policies/load-policy.js';
import { loadWorkspace, WorkspaceError } from '../workspace/load-workspace.js';
import { loadPromptSet } from '../workspace/prompts/load-prompt-set.js';
import { isAgentConfigPath, readStagedFiles, repositoryRootOf, type CheckTargets } from '../workspace/staged-files.js';
import type { Workspace } from '../workspace/types.js';
import { readBaselineFile } from './baseline-file.js';
import { applyBaseline } from './baseline.js';
import { runAuditors } from './engine.js';
import { AUDITORS, allRules } from './registry.js';
import { buildReport, loadAuditorInputs, runningAuditors, type AuditRun, type FailOn } from './run-audit.js';

export interface CheckOptions {
  root: string;
  home: string;
  managedDir: string;
  /** Files to check (absolute, or relative to `root`); when absent, the staged agent-config files. */
  files?: readonly string[];
  policyPath?: string;
  failOn?: FailOn;
  now?: Date;
}

export interface CheckRun extends AuditRun {
  /** Root-relative paths whose findings are reported: the staged (or named) agent-config files. */
  checked: string[];
}

/** The auditors of one state of the files: history needs commits and memory lives outside the repository. */
const CHECK_AUDITORS = new Set(['config', 'permissions', 'extensions', 'prompts']);

/**
 * The pre-commit check: every scope is loaded (so shadowing and required denies stay right), staged files as they
 * will be committed, but only findings about the checked files are reported. No history, no memory, no ledger.
 */
export async function runCheck(options: CheckOptions): Promise<CheckRun> {
  const started = options.now ?? new Date();
  const t0 = performance.now();
  const root = path.resolve(options.root);
  const { checked, contents, repoRoot } = options.files ? await namedTargets(root, options.files) : await readStagedFiles(root);
  const auditors = AUDITORS.filter((a) => CHECK_AUDITORS.has(a.id));
  const policy = await loadPolicy({ root, ...(options.policyPath ? { policyPath: options.policyPath } : {}), rules: allRules(AUDITORS) });
  const running = runningAuditors(auditors, policy);
  // The checked files are (about to be) tracked; facts about the others could only change findings not reported.
  const facts = new Map(checked.map((rel) => [path.join(root, rel), { tracked: true, ignored: false }]));
  const git = repoRoot ? { info: { repoRoot }, facts } : { info: { unavailableReason: 'not-a-repository' as const }, facts: new Map() };
  const loaded = await loadWorkspace({ root, home: options.home, managedDir: options.managedDir, ignore: policy.ignore, contents, git });
  const workspace: Workspace = { ...loaded, prompts: await loadPromptSet(loaded, policy.ignore, { contents, gitIgnored: false }) };
  await loadAuditorInputs(workspace, policy, running);
  const engine = runAuditors(workspace, policy, auditors);
  const wanted = new Set(checked);
  const findings = engine.findings.filter((f) => wanted.has(f.location.file));
  const baseline = await readBaselineFile(workspace.root);
  const outcome = applyBaseline(findings, baseline, started);
  const report = buildReport({ root: workspace.root, started, t0, policy, promptSetHash: null, visible: outcome.visible, baselined: outcome.baselined, auditors: engine.metrics, failOn: options.failOn ?? 'error', rules: auditors.flatMap((a) => a.rules), notices: [] });
  return { report, workspace, policy, allFindings: findings, checked };
}

/** Named files as root-relative paths; files outside the root are a usage error, other non-config files are skipped. */
async function namedTargets(root: string, files: readonly string[]): Promise<CheckTargets> {
  const rels = new Set<string>();
  for (const file of files) {
    const rel = path.relative(root, path.resolve(root, file));
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) throw new WorkspaceError(`check: ${file} is outside ${root}`);
    const posix = rel.split(path.sep).join('/');
    if (isAgentConfigPath(posix)) rels.add(posix);
  }
  const repoRoot = await repositoryRootOf(root);
  return { checked: [...rels].sort(), contents: new Map(), ...(repoRoot ? { repoRoot } : {}) };
}
