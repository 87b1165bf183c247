import path from 'node:path';
import { loadPolicy, POLICY_FILE_NAME } from '../policies/load-policy.js';
import { readTextFile } from '../workspace/read-file.js';
import type { Report } from '../report/types.js';
import { parseJsonDocument } from '../workspace/json-document.js';
import { loadWorkspace } from '../workspace/load-workspace.js';
import { loadPromptSet, loadPromptSetAt } from '../workspace/prompts/load-prompt-set.js';
import type { Workspace } from '../workspace/types.js';
import { promptSetHashOf } from '../lock/build-lock.js';
import { loadWorkspaceAt, readFileAt } from '../workspace/revision-workspace.js';
import { readBaselineFile } from './baseline-file.js';
import { applyBaseline, BASELINE_PATH } from './baseline.js';
import { runAuditors } from './engine.js';
import { AUDITORS, allRules } from './registry.js';
import { buildReport, loadAuditorInputs, runningAuditors, type FailOn } from './run-audit.js';
import { SEVERITY_RANK, type AuditComparison, type SeverityOrOff } from './types.js';
import { monotonicMs } from '../clock.js';

export interface CiOptions {
  root: string;
  home: string;
  /** `CLAUDE_CONFIG_DIR`: Claude Code's folder when it is not `<home>/.claude`. */
  claudeDir?: string | undefined;
  managedDir: string;
  base: string;
  /** A revision; the working tree when absent. */
  head?: string;
  policyPath?: string;
  failOn?: FailOn;
  now?: Date;
}

const WIDENED = 'history/permission-widened';

/**
 * The pull-request gate: every auditor on base and head; only what is new at head is reported (by fingerprint), plus
 * the semantic comparison of the effective configuration (widenings, new MCP servers, hooks, plugins, suppressions).
 */
export async function runCiGate(options: CiOptions): Promise<{ report: Report; widenings: number }> {
  const started = options.now ?? new Date();
  const t0 = monotonicMs();
  const rules = allRules(AUDITORS);
  const policy = await loadPolicy({ root: options.root, rules, ...(options.policyPath ? { policyPath: options.policyPath } : {}) });
  const wsOptions = { root: options.root, home: options.home, claudeDir: options.claudeDir, managedDir: options.managedDir, ignore: policy.ignore };
  const headFiles = options.head ? await loadWorkspaceAt({ ...wsOptions, rev: options.head }) : await loadWorkspace(wsOptions);
  const headPrompts = options.head ? await loadPromptSetAt({ ...wsOptions, rev: options.head }) : await loadPromptSet(headFiles, policy.ignore);
  const head: Workspace = { ...headFiles, prompts: headPrompts };
  const basePrompts = await loadPromptSetAt({ ...wsOptions, rev: options.base });
  const base: Workspace = { ...(await loadWorkspaceAt({ ...wsOptions, rev: options.base })), prompts: basePrompts };
  // The same inputs on both sides, so that a finding present at base is recognised at head.
  const running = runningAuditors(AUDITORS, policy);
  await Promise.all([loadAuditorInputs(head, policy, running, { now: started }), loadAuditorInputs(base, policy, running, { now: started })]);
  const perFile = AUDITORS.filter((a) => !a.needsHistory);
  const baseFindings = runAuditors(base, policy, perFile).findings;
  const compare: AuditComparison = { base, basePrompts, label: options.base, suppressions: await suppressionsAdded(head.root, options.base, options.head) };
  const { findings, metrics } = runAuditors(head, policy, AUDITORS, undefined, compare);
  const known = new Set(baseFindings.map((f) => f.fingerprint));
  const fresh = findings.filter((f) => f.ruleId === WIDENED || !known.has(f.fingerprint));
  const outcome = applyBaseline(fresh, await readBaselineFile(head.root), started);
  const widenings = outcome.visible.filter((f) => f.ruleId === WIDENED).length;
  const notices = [widenings === 0 ? `ci: no widening of the effective configuration from ${options.base} to ${options.head ?? 'the working tree'}.` : `ci: ${widenings} widening(s) from ${options.base} to ${options.head ?? 'the working tree'}.`];
  const auditors = { ...metrics, ci: { metrics: { base: options.base, head: options.head ?? 'working tree', baseFindings: baseFindings.length, newFindings: outcome.visible.length - widenings, widenings } } };
  const report = buildReport({ root: head.root, started, t0, policy, promptSetHash: promptSetHashOf(headPrompts), visible: outcome.visible, baselined: outcome.baselined, auditors, failOn: options.failOn ?? 'warning', rules, notices });
  return { report, widenings };
}

type RuleEntry = string | [string, ...unknown[]];

/** Policy rules turned off or down, ignore globs and baseline entries that head has and base had not. */
async function suppressionsAdded(root: string, baseRev: string, headRev?: string): Promise<AuditComparison['suppressions']> {
  const read = async (rev: string | undefined, rel: string) => {
    if (rev) return readFileAt(root, rev, rel);
    return (await readTextFile(path.join(root, rel), 16 * 1024 * 1024)).text;
  };
  const json = (text: string | undefined) => (text === undefined ? undefined : (parseJsonDocument(text).value as Record<string, unknown> | undefined));
  const out: AuditComparison['suppressions'] = [];
  const basePolicy = json(await read(baseRev, POLICY_FILE_NAME)) ?? {};
  const headPolicy = json(await read(headRev, POLICY_FILE_NAME)) ?? {};
  const severity = (entry: unknown): SeverityOrOff | undefined => {
    const s = Array.isArray(entry) ? entry[0] : entry;
    return typeof s === 'string' && s in SEVERITY_RANK ? (s as SeverityOrOff) : undefined;
  };
  const headRules = (headPolicy.rules ?? {}) as Record<string, RuleEntry>;
  const baseRules = (basePolicy.rules ?? {}) as Record<string, RuleEntry>;
  const defaults = Object.fromEntries(allRules(AUDITORS).map((r) => [r.meta.id, r.meta.defaultSeverity]));
  for (const [id, entry] of Object.entries(headRules)) {
    const now = severity(entry);
    const before = severity(baseRules[id]) ?? defaults[id];
    if (now && before && SEVERITY_RANK[now] < SEVERITY_RANK[before]) out.push({ file: POLICY_FILE_NAME, pointer: `/rules/${id}`, what: `rule ${id} turned from ${before} to ${now} in ${POLICY_FILE_NAME}` });
  }
  const baseIgnore = new Set(Array.isArray(basePolicy.ignore) ? basePolicy.ignore : []);
  for (const glob of Array.isArray(headPolicy.ignore) ? headPolicy.ignore : []) {
    if (!baseIgnore.has(glob)) out.push({ file: POLICY_FILE_NAME, pointer: '/ignore', what: `ignore glob \`${String(glob)}\` added to ${POLICY_FILE_NAME}` });
  }
  const entries = (v: Record<string, unknown> | undefined) => (Array.isArray(v?.findings) ? (v.findings as { fingerprint?: string; ruleId?: string }[]) : []);
  const baseBaseline = new Set(entries(json(await read(baseRev, BASELINE_PATH))).map((e) => e.fingerprint));
  const added = entries(json(await read(headRev, BASELINE_PATH))).filter((e) => !baseBaseline.has(e.fingerprint));
  if (added.length > 0) {
    const ids = [...new Set(added.map((e) => e.ruleId))].join(', ');
    out.push({ file: BASELINE_PATH, pointer: '/findings', what: `${added.length} baseline entr${added.length === 1 ? 'y' : 'ies'} added to ${BASELINE_PATH} (${ids})` });
  }
  return out;
}
