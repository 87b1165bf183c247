import type { Auditor } from '../types.js';
import { analysisOf } from './analysis.js';
import { absolutePathConfusion } from './rules/absolute-path-confusion.js';
import { arbitraryCodeExecution } from './rules/arbitrary-code-execution.js';
import { bypassablePattern } from './rules/bypassable-pattern.js';
import { dangerousDefaultMode } from './rules/dangerous-default-mode.js';
import { destructiveCommand } from './rules/destructive-command.js';
import { forbiddenRule } from './rules/forbidden-rule.js';
import { ineffectiveRule } from './rules/ineffective-rule.js';
import { invalidRule } from './rules/invalid-rule.js';
import { misplacedSetting } from './rules/misplaced-setting.js';
import { missingRequiredDeny } from './rules/missing-required-deny.js';
import { networkEgress } from './rules/network-egress.js';
import { policyTestFailed } from './rules/policy-test-failed.js';
import { privilegeEscalation } from './rules/privilege-escalation.js';
import { redundantRule } from './rules/redundant-rule.js';
import { secretInRule } from './rules/secret-in-rule.js';
import { sensitivePathExposure } from './rules/sensitive-path-exposure.js';
import { shadowedAllow } from './rules/shadowed-allow.js';
import { unrestrictedTool } from './rules/unrestricted-tool.js';
import { weakSandbox } from './rules/weak-sandbox.js';

/** Claude Code's permission rules across every scope, judged with its own semantics (reference §2). */
export const permissionsAuditor: Auditor = {
  id: 'permissions',
  description: 'Permission rules and modes across all scopes: what is invalid, dead, shadowed, too broad or missing',
  rules: [
    invalidRule, ineffectiveRule, misplacedSetting, absolutePathConfusion, shadowedAllow, redundantRule, unrestrictedTool,
    dangerousDefaultMode, arbitraryCodeExecution, networkEgress, destructiveCommand, privilegeEscalation,
    sensitivePathExposure, missingRequiredDeny, bypassablePattern, weakSandbox, secretInRule, forbiddenRule, policyTestFailed,
  ],
  metrics({ workspace, policy }) {
    const { effective, live, shadowedBy } = analysisOf(workspace, policy);
    const count = (list: string) => effective.rules.filter((r) => r.rule.list === list).length;
    return {
      rules: effective.rules.length,
      allow: count('allow'),
      ask: count('ask'),
      deny: count('deny'),
      live: live.length,
      shadowed: shadowedBy.size,
      defaultMode: effective.defaultMode.value,
      defaultModeSource: effective.defaultMode.source?.file ?? 'default',
      claudeVersion: policy.claudeVersion,
    };
  },
};
