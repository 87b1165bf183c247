import { createRule } from '../../create-rule.js';
import { reportRiskyGrants } from '../grants.js';

export const privilegeEscalation = createRule({
  id: 'permissions/privilege-escalation',
  description: 'Allowed commands that run as another user (sudo, su, doas, pkexec)',
  defaultSeverity: 'error',
  howToFix: 'Delete the allow; run privileged steps outside the agent (provisioning script, devcontainer, reviewed CI job).',
  messages: {
    grant: '`{{rule}}` lets the agent run commands as another user without asking ({{family}}: {{why}}). Remove it; run privileged steps yourself.',
  },
  check(context) {
    reportRiskyGrants(context, 'privilege-escalation');
  },
});
