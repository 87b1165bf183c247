import { createRule } from '../../create-rule.js';
import { reportRiskyGrants } from '../grants.js';

export const arbitraryCodeExecution = createRule({
  id: 'permissions/arbitrary-code-execution',
  description: 'Allowed command prefixes that run arbitrary code: interpreters, shells, package and script runners, eval, xargs, non-stripped wrappers',
  defaultSeverity: 'warning',
  howToFix: 'Replace the prefix with the exact commands you run (`Bash(python -m pytest)` instead of `Bash(python:*)`).',
  messages: {
    grant: '`{{rule}}` lets the agent run any code without asking ({{family}}: {{why}}). Allow the exact commands you need instead, e.g. `Bash(npm run test)` rather than `Bash(npm run *)`.',
  },
  check(context) {
    reportRiskyGrants(context, 'code-execution');
  },
});
