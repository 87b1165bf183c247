import type { Workspace } from '../../workspace/types.js';
import { redact } from '../catalogs/secrets.js';
import { parseCall } from '../permission-rules/call.js';
import type { ClaudeBehaviour } from '../permission-rules/claude-version.js';
import { decide, type Decision, type DecisionReason, type PartDecision } from '../permission-rules/decide.js';
import type { EffectiveRule, PermissionMode } from '../permission-rules/effective-types.js';
import type { EffectivePermissions } from './effective-permissions.js';

export interface ExplainedRule {
  raw: string;
  list: string;
  scope: string;
  file: string;
  line: number | null;
}

export interface ExplainedPart {
  command: string;
  decision: Decision;
  reason: DecisionReason;
  rule: ExplainedRule | null;
}

/** The `permissions explain` answer; `--format json` prints exactly this. */
export interface Explanation {
  call: string;
  mode: PermissionMode;
  decision: Decision;
  reason: DecisionReason;
  rule: ExplainedRule | null;
  parts: ExplainedPart[];
}

function describeRule(rule: EffectiveRule | null): ExplainedRule | null {
  if (!rule) return null;
  return { raw: redact(rule.rule.raw), list: rule.rule.list, scope: rule.source.scope, file: rule.source.file, line: rule.source.line };
}

const describePart = (p: PartDecision): ExplainedPart => ({ command: p.command, decision: p.decision, reason: p.reason, rule: describeRule(p.rule) });

/** Decides a call (written like a rule: `Bash(git push)`, `Read(./.env)`) against the effective rules of every scope. Throws CallParseError. */
export function explainCall(ws: Workspace, effective: EffectivePermissions, callText: string, behaviour: ClaudeBehaviour, mode?: PermissionMode): Explanation {
  const bases = { cwd: ws.root, home: ws.home };
  const call = parseCall(callText, bases);
  const usedMode = mode ?? effective.defaultMode.value;
  const result = decide(effective.rules, call, {
    mode: usedMode,
    cwd: ws.root,
    home: ws.home,
    workingDirs: [ws.root, ...effective.additionalDirectories.map((d) => d.path)],
    behaviour,
  });
  return { call: callText, mode: usedMode, decision: result.decision, reason: result.reason, rule: describeRule(result.rule), parts: result.parts.length > 1 || call.tool === 'Bash' ? result.parts.map(describePart) : [] };
}
