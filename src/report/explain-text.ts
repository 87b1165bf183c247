import { Chalk } from 'chalk';
import type { ExplainedPart, ExplainedRule, Explanation } from '../policies/effective/explain.js';

export interface ExplainTextOptions {
  color: boolean;
}

type Decision = Explanation['decision'];

/**
 * `permissions explain` as text: `<decision>: <call>`, a `because:` line in words (the deciding rule with its file,
 * line and scope when there is one), then for a compound command one aligned line per part. Pure.
 */
export function renderExplainText(e: Explanation, options: ExplainTextOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const tool = toolOf(e.call);
  const out = [`${paintDecision(c, e.decision)(e.decision)}: ${e.call}`, `  because: ${explainReason(e, tool)}`];
  if (e.parts.length > 1) {
    const rows = e.parts.map((p) => [p.decision, p.command, partDetail(p)] as const);
    const w0 = Math.max(...rows.map((r) => r[0].length));
    const w1 = Math.max(...rows.map((r) => r[1].length));
    for (const [decision, command, detail] of rows) {
      out.push(`  ${paintDecision(c, decision)(decision.padEnd(w0))}  ${command.padEnd(w1)}  ${c.dim(detail)}`.trimEnd());
    }
  }
  return `${out.join('\n')}\n`;
}

/** The reason for a decision in words (`rule`, `read-only-command`, `mode`, `protected-path`, `no-rule`). */
export function explainReason(e: Pick<Explanation, 'decision' | 'reason' | 'rule' | 'mode'>, tool: string): string {
  const { decision, mode, rule } = e;
  switch (e.reason) {
    case 'rule': {
      if (!rule) return `a ${decision} rule matches`;
      const matched = `${rule.list} rule ${rule.raw} matches (${ruleWhere(rule)})`;
      if (rule.list === 'ask' && decision === 'deny') return `${matched}; dontAsk mode denies whatever would ask`;
      return matched;
    }
    case 'read-only-command':
      return 'no rule matches, and it is a read-only command, which needs no permission';
    case 'protected-path':
      return decision === 'deny'
        ? 'it writes to a protected path (.git, .claude, shell and tool config files), which would ask; dontAsk mode denies it'
        : 'it writes to a protected path (.git, .claude, shell and tool config files), which always asks; allow rules cannot pre-approve it';
    case 'no-rule':
      if (decision === 'allow') {
        return tool === 'Read' || tool === 'Glob' || tool === 'Grep'
          ? 'no rule matches; reads inside the working directories need no permission'
          : `no rule matches; ${tool} needs no permission`;
      }
      return `no rule matches; in ${mode} mode ${tool} ${decision === 'deny' ? 'is denied' : 'asks'}`;
    case 'mode':
      return modeReason(decision, mode, tool);
  }
}

function modeReason(decision: Decision, mode: Explanation['mode'], tool: string): string {
  if (mode === 'bypassPermissions' && decision === 'allow') return 'no deny or ask rule matches; bypassPermissions mode allows everything else';
  if (mode === 'dontAsk' && decision === 'deny') return 'no rule allows it; dontAsk mode denies whatever would ask';
  if (mode === 'plan' && decision === 'deny') return 'plan mode never edits files';
  if (mode === 'acceptEdits' && decision === 'allow') return 'no rule matches; acceptEdits mode allows edits (and mkdir, touch, mv, cp) inside the working directories';
  if (mode === 'auto' && decision === 'ask') return 'no rule matches; auto mode leaves it to Claude Code\'s classifier (shown as ask)';
  if (mode === 'default' && decision === 'ask') return 'the command cannot be split into simple commands safely, so Claude Code asks';
  return `no rule matches; in ${mode} mode ${tool} ${decision === 'allow' ? 'is allowed' : decision === 'deny' ? 'is denied' : 'asks'}`;
}

function partDetail(p: ExplainedPart): string {
  if (p.rule) return `${p.rule.list} rule ${p.rule.raw} (${ruleWhere(p.rule)})`;
  const words: Record<ExplainedPart['reason'], string> = {
    rule: 'rule',
    'read-only-command': 'read-only command',
    mode: 'by the mode',
    'protected-path': 'protected path',
    'no-rule': 'no rule matches',
  };
  return words[p.reason];
}

function ruleWhere(rule: ExplainedRule): string {
  return `${rule.line === null ? rule.file : `${rule.file}:${rule.line}`}, ${rule.scope} scope`;
}

/** The tool name of a call written like a rule: `Bash(git push)` → `Bash`. */
function toolOf(call: string): string {
  const s = call.trim();
  const open = s.indexOf('(');
  return open >= 0 ? s.slice(0, open) : s;
}

function paintDecision(c: InstanceType<typeof Chalk>, decision: Decision): (s: string) => string {
  return decision === 'deny' ? c.red.bold : decision === 'ask' ? c.yellow.bold : c.green.bold;
}
