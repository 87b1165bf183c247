import { createRule } from '../../create-rule.js';
import { reportRiskyGrants } from '../grants.js';

export const destructiveCommand = createRule({
  id: 'permissions/destructive-command',
  description: 'Allowed commands that destroy data or history with arguments the agent chooses',
  defaultSeverity: 'warning',
  howToFix: 'Allow only the exact commands the workflow needs (`Bash(rm -rf dist)`) and put the rest on ask.',
  messages: {
    grant: '`{{rule}}` lets the agent run destructive commands without asking ({{family}}: {{why}}). Allow exact, safe forms only, or move the rule to ask.',
  },
  check(context) {
    reportRiskyGrants(context, 'destructive');
  },
});
