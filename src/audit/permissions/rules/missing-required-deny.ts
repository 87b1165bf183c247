import { createRule } from '../../create-rule.js';
import { DEFAULT_REQUIRED_DENY } from '../../../policies/catalogs/sensitive-paths.js';
import { redact } from '../../../policies/catalogs/secrets.js';
import { CallParseError } from '../../../policies/permission-rules/call.js';
import { explainCall } from '../../../policies/effective/explain.js';
import { analysisOf } from '../analysis.js';

interface Required {
  call: string;
  reason?: string;
}

export function requiredDenies(section: Record<string, unknown> | undefined): Required[] {
  const configured = section?.requiredDeny as (string | Required)[] | undefined;
  if (configured === undefined) return DEFAULT_REQUIRED_DENY.map((d) => ({ call: d.rule, reason: d.reason }));
  return configured.map((c) => (typeof c === 'string' ? { call: c } : c));
}

/** Checked by deciding the call, not by comparing strings: a broader deny satisfies it, a dead or mis-anchored one does not. */
export const missingRequiredDeny = createRule({
  id: 'permissions/missing-required-deny',
  description: 'A call the policy requires to be denied (permissions.requiredDeny) is not denied by any effective deny rule',
  defaultSeverity: 'error',
  howToFix: 'Add a deny rule covering the call in the scope that should own it (managed, project or user settings).',
  messages: {
    missing: '`{{call}}` must be denied by policy, but Claude Code would {{decision}} it ({{why}}). Add a deny rule such as `{{call}}` to .claude/settings.json (or managed settings).{{reason}}',
    unreadable: 'The required deny `{{call}}` cannot be read as a call: {{error}}',
  },
  // Rule and call texts are redacted like every rule a report shows (secret-in-rule reports the credentials).
  check(context) {
    const { effective, behaviour } = analysisOf(context.workspace, context.policy);
    // Without any settings file Claude Code can read, the workspace is not configured for Claude Code: nothing to require.
    if (effective.layers.length === 0) return;
    for (const required of requiredDenies(context.policy.sections.permissions)) {
      let decision;
      try {
        decision = explainCall(context.workspace, effective, required.call, behaviour);
      } catch (error) {
        if (!(error instanceof CallParseError)) throw error;
        context.report({ file: '.claude/settings.json', messageId: 'unreadable', data: { call: redact(required.call), error: redact(error.message) }, evidence: required.call });
        continue;
      }
      if (decision.decision === 'deny' && decision.reason === 'rule') continue;
      const why = decision.rule ? `${decision.rule.list} rule \`${redact(decision.rule.raw)}\` in ${decision.rule.file}` : decision.reason === 'no-rule' ? 'no deny rule matches' : `mode ${decision.mode}`;
      context.report({
        file: '.claude/settings.json',
        messageId: 'missing',
        data: { call: redact(required.call), decision: decision.decision, why, reason: required.reason ? ` Why: ${required.reason}` : '' },
        evidence: required.call,
      });
    }
  },
});
