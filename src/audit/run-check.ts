import path from 'node:path';
import { loadPolicy } from '../policies/load-policy.js';
import { readGitFacts } from '../workspace/git-facts.js';
import { relInside } from '../workspace/rel-inside.js';
import { loadWorkspace, resolveRoot, WorkspaceError } from '../workspace/load-workspace.js';
import { LOCK_FILE_NAME } from '../workspace/prompts/build-prompt-set.js';
import { loadLockedExtensions, loadPromptSet, promptKindOf } from '../workspace/prompts/load-prompt-set.js';
import { diskSource, withContents } from '../workspace/prompts/file-source.js';
import { isAgentConfigPath, readStagedFiles, type CheckTargets } from '../workspace/staged-files.js';
import type { Workspace } from '../workspace/types.js';
import { readBaselineFile } from './baseline-file.js';
import { applyBaseline } from './baseline.js';
import { runAuditors } from './engine.js';
import { AUDITORS, allRules } from './registry.js';
import { localFileCommitted } from './history/rules/local-file-committed.js';
import type { Auditor } from './types.js';
import { buildReport, loadAuditorInputs, runningAuditors, type FailOn } from './run-audit.js';
import type { Report } from '../report/types.js';
import { handled } from '../handled.js';
import { monotonicMs } from '../clock.js';

export interface CheckOptions {
  root: string;
  home: string;
  /** Claude Code's folder when `CLAUDE_CONFIG_DIR` moves it (default `<home>/.claude`). */
  claudeDir?: string | undefined;
  managedDir: string;
  /** Files to check (absolute, or relative to `root`); when absent, the staged agent-config files. */
  files?: readonly string[];
  policyPath?: string;
  failOn?: FailOn;
  now?: Date;
}

export interface CheckRun {
  report: Report;
  /** Root-relative paths whose findings are reported: the staged (or named) agent-config files. */
  checked: string[];
}

/** The auditors of one state of the files: history needs commits and memory lives outside the repository. */
const CHECK_AUDITORS = new Set(['config', 'permissions', 'extensions', 'prompts']);

/** Of the history rules, the one that needs no commits: a staged settings.local.json or CLAUDE.local.md is about to be shared. */
const LOCAL_FILES: Auditor = { id: 'history', description: 'Machine-local files about to be committed', rules: [localFileCommitted] };

/**
 * The pre-commit check: every scope is loaded (so shadowing and required denies stay right), staged files as they
 * will be committed, but only findings about the checked files are reported. No history, no memory, no ledger.
 */
export async function runCheck(options: CheckOptions): Promise<CheckRun> {
  const started = options.now ?? new Date();
  const t0 = monotonicMs();
  const failOn = options.failOn ?? 'error';
  // The real path, as the workspace keys its files: staged bytes and git facts keyed by a symlinked root would match nothing.
  const root = await resolveRoot(options.root);
  // git runs while the policy and the files are read; its answer (which files, which staged bytes) is applied after.
  const targets = handled(options.files ? namedTargets(root, path.resolve(options.root), options.files) : readStagedFiles(root));
  // When both fail, git's error (no repository: name the files) is the one to show.
  const policy = await loadPolicy({ root, ...(options.policyPath ? { policyPath: options.policyPath } : {}), rules: allRules(AUDITORS) }).catch(async (error: unknown) => {
    await targets;
    throw error;
  });
  const loading = handled(loadWorkspace({ root, home: options.home, claudeDir: options.claudeDir, managedDir: options.managedDir, ignore: policy.ignore, contents: handled(targets.then((t) => t.contents)), git: handled(targets.then((t) => t.git)) }));
  const { checked, contents } = await targets;
  // Most commits touch no agent configuration: nothing to report, so no auditor runs.
  if (checked.length === 0) return { report: buildReport({ root, started, t0, policy, promptSetHash: null, visible: [], baselined: 0, auditors: {}, failOn, rules: [], notices: [] }), checked };
  const loaded = await loading;
  // Read while the auditors' inputs load, as audit does.
  const baselineRead = handled(readBaselineFile(loaded.root));
  // The prompts auditor reports only on prompt files and the lock: without one of those checked, its findings could
  // never be shown, and the prompt set (every prompt file read and hashed) is not built.
  const prompts = needsPromptsAuditor(loaded, checked);
  const auditors = [...AUDITORS.filter((a) => CHECK_AUDITORS.has(a.id) && (a.id !== 'prompts' || prompts)), LOCAL_FILES];
  const running = runningAuditors(auditors, policy);
  // Without the prompts auditor, a lock is still compared with the checked MCP servers and hooks: its text and the
  // extension entries are enough, and no prompt file is read.
  const promptSet = prompts ? await loadPromptSet(loaded, policy.ignore, { contents, gitIgnored: false }) : await loadLockedExtensions(loaded, { contents });
  const workspace: Workspace = promptSet ? { ...loaded, prompts: promptSet } : loaded;
  // Checked files are the project's: plugins in Claude Code's cache could only have findings in their own files.
  // Signed manifests are checked against the bytes about to be committed, like every other finding of check.
  await loadAuditorInputs(workspace, policy, running, { cachePlugins: false, source: withContents(diskSource, contents), now: started });
  const engine = runAuditors(workspace, policy, auditors, undefined, undefined, new Set(checked));
  const { findings } = engine;
  const outcome = applyBaseline(findings, await baselineRead, started);
  const report = buildReport({ root: workspace.root, started, t0, policy, promptSetHash: null, visible: outcome.visible, baselined: outcome.baselined, auditors: engine.metrics, failOn, rules: auditors.flatMap((a) => a.rules), notices: [] });
  return { report, checked };
}

/** Whether a checked file is a prompt file, the lock, or a file the workspace does not load (a skill's bundled file). */
function needsPromptsAuditor(workspace: Workspace, checked: readonly string[]): boolean {
  const byPath = new Map(workspace.files.filter((f) => f.scope === 'project' || f.scope === 'local').map((f) => [f.path, f]));
  return checked.some((rel) => {
    const file = byPath.get(rel);
    return rel === LOCK_FILE_NAME || !file || promptKindOf(file) !== undefined;
  });
}

/**
 * Named files as root-relative paths; files outside the root are a usage error, other non-config files are skipped.
 * A file may be named through the root as given (a symlink) or through its real path.
 */
async function namedTargets(root: string, givenRoot: string, files: readonly string[]): Promise<CheckTargets> {
  const rels = new Set<string>();
  for (const file of files) {
    const abs = path.resolve(givenRoot, file);
    const rel = relInside(givenRoot, abs) ?? relInside(root, abs);
    if (rel === undefined) throw new WorkspaceError(`check: ${file} is outside ${givenRoot}`);
    if (isAgentConfigPath(rel)) rels.add(rel);
  }
  const checked = [...rels].sort();
  // Named files are not necessarily staged: git says whether each is tracked (only these: their findings alone are reported).
  return { checked, contents: new Map(), git: await readGitFacts(root, checked.map((rel) => path.join(root, rel))) };
}

