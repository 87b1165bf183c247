import { createRule } from '../../create-rule.js';
import { analysisOf, reportRule } from '../analysis.js';
import { reportRiskyGrants } from '../grants.js';

export const networkEgress = createRule({
  id: 'permissions/network-egress',
  description: 'Allowed commands or fetches that can send data anywhere on the network',
  defaultSeverity: 'warning',
  howToFix: 'Remove Bash network allows, allow `WebFetch(domain:<host>)` per host, and deny `Bash(curl *)` and `Bash(wget *)`.',
  messages: {
    'broad-webfetch': '`{{rule}}` allows fetching from any host that anyone can register under this pattern. Name the exact domains, e.g. `WebFetch(domain:docs.example.com)`.',
    grant: '`{{rule}}` lets the agent reach any host without asking ({{family}}: {{why}}). Prefer `WebFetch(domain:…)` allows for the hosts you need and the sandbox network allowlist.',
  },
  check(context) {
    reportRiskyGrants(context, 'network-egress');
    const { live, shadowedBy } = analysisOf(context.workspace, context.policy);
    for (const r of live) {
      const d = r.rule.domain;
      if (r.rule.list !== 'allow' || !d || d.kind === 'any' || shadowedBy.has(r)) continue;
      // `*.com`, `example.*`, `*-cdn.io`: a wildcard at the registrable level admits domains an attacker can buy.
      const labels = d.host.split('.');
      const registrable = labels.slice(-2);
      if ((d.kind === 'subdomains' && labels.length < 2) || registrable.some((l) => l.includes('*'))) reportRule(context, r, 'broad-webfetch');
    }
  },
});
