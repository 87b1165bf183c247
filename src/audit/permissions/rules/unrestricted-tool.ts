import { createRule } from '../../create-rule.js';
import { analysisOf, reportRule } from '../analysis.js';

const WHAT: Record<string, string> = {
  Bash: 'any shell command',
  PowerShell: 'any PowerShell command',
  Edit: 'editing any file',
  Write: 'writing any file',
  WebFetch: 'fetching any URL',
  Agent: 'starting any subagent',
};

const INSTEAD: Record<string, string> = {
  Bash: '`Bash(npm test)`, `Bash(git diff *)`',
  PowerShell: '`PowerShell(Get-ChildItem *)`',
  Edit: '`Edit(./src/**)`',
  Write: '`Edit(./src/**)`',
  WebFetch: '`WebFetch(domain:docs.example.com)`',
  Agent: '`Agent(Explore)`',
};

export const unrestrictedTool = createRule({
  id: 'permissions/unrestricted-tool',
  description: 'A powerful tool allowed without any restriction (bare or `(*)` Bash, PowerShell, Edit, Write, WebFetch, Agent)',
  defaultSeverity: 'error',
  howToFix: 'Replace the bare rule with the specific calls the agent needs (`Bash(npm test)`, `Edit(src/**)`, `WebFetch(domain:…)`).',
  messages: {
    unrestricted: '`{{rule}}` allows {{what}} without asking. Allow the specific uses you need instead, e.g. {{instead}}.',
  },
  check(context) {
    const { live, shadowedBy } = analysisOf(context.workspace, context.policy);
    for (const r of live) {
      if (r.rule.list !== 'allow' || r.rule.form !== 'bare' || shadowedBy.has(r)) continue;
      const what = WHAT[r.rule.tool];
      if (what) reportRule(context, r, 'unrestricted', { what, instead: INSTEAD[r.rule.tool] ?? '' });
    }
  },
});
