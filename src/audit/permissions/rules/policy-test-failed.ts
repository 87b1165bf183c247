import { createRule } from '../../create-rule.js';
import { redact } from '../../../policies/catalogs/secrets.js';
import { CallParseError } from '../../../policies/permission-rules/call.js';
import type { PermissionMode } from '../../../policies/permission-rules/effective-types.js';
import { explainCall } from '../../../policies/effective/explain.js';
import { analysisOf, policyDisplayPath } from '../analysis.js';

interface PolicyTest {
  call: string;
  expect: 'allow' | 'ask' | 'deny';
  mode?: PermissionMode;
}

const PAST = { allow: 'allowed', ask: 'asked', deny: 'denied' } as const;

/** `permissions.tests` turn `permissions explain` into CI assertions. */
export const policyTestFailed = createRule({
  id: 'permissions/policy-test-failed',
  description: 'A policy test (permissions.tests) expects a decision that Claude Code would not make',
  defaultSeverity: 'error',
  howToFix: 'Fix the rule the finding names (or the test, if the expectation is what is wrong).',
  messages: {
    failed: 'Policy test failed: `{{call}}` in {{mode}} mode is expected to be {{expected}}, but Claude Code would {{actual}} it ({{why}}). Change the rules, or the expectation if the rules are right.',
    unreadable: 'Policy test `{{call}}` cannot be read as a call: {{error}}',
  },
  // Rule and call texts are redacted like every rule a report shows (secret-in-rule reports the credentials).
  check(context) {
    const tests = (context.policy.sections.permissions?.tests as PolicyTest[] | undefined) ?? [];
    if (tests.length === 0) return;
    const { effective, behaviour } = analysisOf(context.workspace, context.policy);
    tests.forEach((test, i) => {
      let result;
      try {
        result = explainCall(context.workspace, effective, test.call, behaviour, test.mode);
      } catch (error) {
        if (!(error instanceof CallParseError)) throw error;
        context.report({ file: policyDisplayPath(context), messageId: 'unreadable', data: { call: redact(test.call), error: redact(error.message) }, pointer: `/permissions/tests/${i}`, evidence: test.call });
        return;
      }
      if (result.decision === test.expect) return;
      const why = result.rule ? `${result.rule.list} rule \`${redact(result.rule.raw)}\` in ${result.rule.file}${result.rule.line ? `:${result.rule.line}` : ''}` : result.reason;
      context.report({
        file: result.rule?.file ?? policyDisplayPath(context),
        messageId: 'failed',
        data: { call: redact(test.call), mode: result.mode, expected: PAST[test.expect], actual: result.decision, why },
        evidence: `${test.call}\0${test.mode ?? ''}`,
      });
    });
  },
});
