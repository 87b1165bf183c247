import type { RuleModule, Severity, SeverityOrOff } from '../audit/types.js';

export type PresetName = 'agentgov:recommended' | 'agentgov:strict';

function strictSeverityOf(rule: RuleModule<any>): Severity {
  if (rule.meta.strictSeverity) return rule.meta.strictSeverity;
  const raised: Record<SeverityOrOff, Severity> = { off: 'warning', info: 'warning', warning: 'error', error: 'error' };
  return raised[rule.meta.defaultSeverity];
}

/** Presets are computed from rule metadata, so that a new rule is in both without anyone editing a list. */
export function presetRules(name: PresetName, rules: readonly RuleModule<any>[]): Record<string, SeverityOrOff> {
  const out: Record<string, SeverityOrOff> = {};
  for (const rule of rules) out[rule.meta.id] = name === 'agentgov:strict' ? strictSeverityOf(rule) : rule.meta.defaultSeverity;
  return out;
}

export function isPresetName(name: string): name is PresetName {
  return name === 'agentgov:recommended' || name === 'agentgov:strict';
}
