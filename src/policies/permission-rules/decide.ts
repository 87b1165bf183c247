import { isReadOnlyBuiltin } from '../catalogs/read-only-commands.js';
import type { ClaudeBehaviour } from './claude-version.js';
import type { ToolCall } from './call.js';
import { commandForms } from './command-forms.js';
import { matches } from './matches.js';
import { resolveCallPath } from './path-match.js';
import { isProtectedPath } from './protected-paths.js';
import { splitCommand, words } from './shell.js';
import { EDIT_TOOLS, PROMPTING_TOOLS, READ_TOOLS } from './tools.js';
import type { EffectiveRule, PermissionMode } from './effective-types.js';

export type Decision = 'allow' | 'ask' | 'deny';
export type DecisionReason = 'rule' | 'read-only-command' | 'mode' | 'protected-path' | 'no-rule';

export interface PartDecision {
  command: string;
  decision: Decision;
  reason: DecisionReason;
  rule: EffectiveRule | null;
}

export interface CallDecision extends PartDecision {
  /** For Bash: each simple command (and each redirection target, as an Edit) in order. */
  parts: PartDecision[];
}

export interface DecideOptions {
  mode: PermissionMode;
  cwd: string;
  home: string;
  /** The working directories: cwd plus `additionalDirectories`. */
  workingDirs: readonly string[];
  behaviour: ClaudeBehaviour;
}

/** Commands acceptEdits runs without asking inside the working directories (reference §2.5). */
const ACCEPT_EDITS_COMMANDS: ReadonlySet<string> = new Set(['mkdir', 'touch', 'mv', 'cp']);

/**
 * Claude Code's decision for one call: deny → ask → allow, first match wins; then the mode. A Bash compound is
 * split and each part decided: deny if any part is denied, else ask if any part is not allowed.
 */
export function decide(rules: readonly EffectiveRule[], call: ToolCall, options: DecideOptions): CallDecision {
  if (call.command === undefined || (call.tool !== 'Bash' && call.tool !== 'PowerShell')) {
    const one = decideSimple(rules, call, options);
    return { ...one, parts: [] };
  }
  const split = splitCommand(call.command);
  const parts: PartDecision[] = [];
  for (const simple of split.commands) {
    if (simple.text !== '') parts.push(decideSimple(rules, { tool: call.tool, command: simple.text, input: { command: simple.text } }, options));
    for (const target of simple.writes) {
      const p = resolveCallPath(target, { cwd: options.cwd, home: options.home });
      parts.push({ ...decideSimple(rules, { tool: 'Edit', path: p, input: { file_path: p } }, options), command: `> ${target}` });
    }
  }
  if (split.unparseable || parts.length === 0) {
    // Claude Code asks for commands it cannot parse; a deny on the whole text still applies.
    const whole = decideSimple(rules, call, { ...options });
    const denied = whole.decision === 'deny' ? whole : parts.find((p) => p.decision === 'deny');
    if (denied) return { ...denied, command: call.command, parts };
    return { command: call.command, decision: options.mode === 'dontAsk' ? 'deny' : options.mode === 'bypassPermissions' ? 'allow' : 'ask', reason: 'mode', rule: null, parts };
  }
  const deciding = parts.find((p) => p.decision === 'deny') ?? parts.find((p) => p.decision === 'ask') ?? (parts.length === 1 ? parts[0] : undefined);
  if (deciding) return { ...deciding, command: call.command, parts };
  const byRule = parts.find((p) => p.rule);
  const reason = parts.every((p) => p.reason === parts[0]?.reason) ? (parts[0]?.reason ?? 'rule') : byRule ? 'rule' : (parts[0]?.reason ?? 'rule');
  return { command: call.command, decision: 'allow', reason, rule: byRule?.rule ?? null, parts };
}

function decideSimple(rules: readonly EffectiveRule[], call: ToolCall, options: DecideOptions): PartDecision {
  const command = call.command ?? call.path ?? call.url ?? call.name ?? call.tool;
  const ctxFor = (r: EffectiveRule) => ({ bases: r.bases, behaviour: options.behaviour });
  const first = (list: 'deny' | 'ask' | 'allow') => rules.find((r) => r.effective && r.rule.list === list && matches(r.rule, call, ctxFor(r))) ?? null;
  const result = (decision: Decision, reason: DecisionReason, rule: EffectiveRule | null = null): PartDecision => ({ command, decision, reason, rule });

  const deny = first('deny');
  if (deny) return result('deny', 'rule', deny);
  const ask = first('ask');
  if (ask) return result(options.mode === 'dontAsk' ? 'deny' : 'ask', 'rule', ask);
  if (options.mode === 'bypassPermissions') return result('allow', 'mode');

  const writesProtected = EDIT_TOOLS.has(call.tool) && call.path !== undefined && isProtectedPath(call.path);
  if (writesProtected) return result(options.mode === 'dontAsk' ? 'deny' : 'ask', 'protected-path');
  const exactOnly = call.command !== undefined && needsExactRule(call.command);
  const allow =
    options.mode === 'plan' && EDIT_TOOLS.has(call.tool)
      ? null
      : (rules.find((r) => r.effective && r.rule.list === 'allow' && (!exactOnly || r.rule.command?.kind === 'exact') && matches(r.rule, call, ctxFor(r))) ?? null);
  if (allow) return result('allow', 'rule', allow);

  if (call.tool === 'Bash' && call.command !== undefined) {
    const ws = words(commandForms(call.command).forAllow).map((w) => w.value);
    if (isReadOnlyBuiltin(ws)) return result('allow', 'read-only-command');
    if (options.mode === 'acceptEdits' && ACCEPT_EDITS_COMMANDS.has(ws[0] ?? '') && ws.slice(1).every((w) => w.startsWith('-') || inside(resolveCallPath(w, options), options.workingDirs))) {
      return result('allow', 'mode');
    }
  }
  if (READ_TOOLS.has(call.tool) && (call.path === undefined || inside(call.path, options.workingDirs))) return result('allow', 'no-rule');
  if (EDIT_TOOLS.has(call.tool)) {
    if (options.mode === 'plan') return result('deny', 'mode');
    if (options.mode === 'acceptEdits' && call.path !== undefined && inside(call.path, options.workingDirs)) return result('allow', 'mode');
  }
  const needsPermission = PROMPTING_TOOLS.has(call.tool) || call.tool.startsWith('mcp__') || READ_TOOLS.has(call.tool);
  if (!needsPermission) return result('allow', 'no-rule');
  if (options.mode === 'dontAsk') return result('deny', 'mode');
  // `auto` hands the question to a classifier agentgov cannot run: reported as ask.
  return result('ask', options.mode === 'default' ? 'no-rule' : 'mode');
}

/** `watch`, `setsid`, `ionice`, `flock` and `find -exec/-delete` cannot be approved by a prefix rule (reference §2.3). */
function needsExactRule(command: string): boolean {
  const ws = words(commandForms(command).stripped).map((w) => w.value);
  if (['watch', 'setsid', 'ionice', 'flock'].includes(ws[0] ?? '')) return true;
  return ws[0] === 'find' && ws.some((w) => ['-exec', '-execdir', '-ok', '-okdir', '-delete'].includes(w));
}

function inside(p: string, dirs: readonly string[]): boolean {
  return dirs.some((d) => p === d || p.startsWith(d.endsWith('/') ? d : `${d}/`));
}
