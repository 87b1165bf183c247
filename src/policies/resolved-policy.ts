import type { Severity, SeverityOrOff } from '../audit/types.js';

export interface ResolvedRuleSetting {
  severity: SeverityOrOff;
  options?: unknown;
}

/** A policy after `extends` is applied and every rule has a severity: what the engine reads. */
export interface ResolvedPolicy {
  claudeVersion: string;
  rules: Record<string, ResolvedRuleSetting>;
  ignore: string[];
  sections: Record<string, Record<string, unknown>>;
  /** Files the policy was built from, outermost last (for messages). */
  sources: string[];
  /** sha256 of the canonical JSON of everything above except `sources`. */
  hash: string;
}

export type { Severity };
