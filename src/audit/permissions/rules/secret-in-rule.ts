import { createRule } from '../../create-rule.js';
import { findSecrets, redact } from '../../../policies/catalogs/secrets.js';
import { analysisOf, reportRule } from '../analysis.js';

export const secretInRule = createRule({
  id: 'permissions/secret-in-rule',
  description: 'A credential embedded in a permission rule (the finding never shows it)',
  defaultSeverity: 'error',
  howToFix: 'Rotate the credential now, then delete the rule or rewrite it without the secret.',
  messages: {
    secret: 'A {{kind}} is written into the {{list}} rule at this position ({{redacted}}). Settings files are read by every tool and often committed: rotate the credential and reference an environment variable instead.',
  },
  check(context) {
    const { effective } = analysisOf(context.workspace, context.policy);
    for (const r of effective.rules) {
      const hits = findSecrets(r.rule.raw);
      if (hits.length === 0) continue;
      const redacted = redact(r.rule.raw);
      // `rule` is overwritten with the redacted text: no byte of the secret reaches any report.
      reportRule(context, r, 'secret', { rule: redacted, redacted, kind: [...new Set(hits.map((h) => h.label))].join(', '), list: r.rule.list }, redacted);
    }
  },
});
