import { createRule } from '../../create-rule.js';

/** Tools whose every use deserves a human look; never denying them suggests approvals are rubber-stamped. */
const RISKY_TOOLS: ReadonlySet<string> = new Set(['Bash', 'PowerShell', 'Edit', 'Write', 'NotebookEdit', 'WebFetch']);
export const DEFAULT_LOW_DENIAL_USES = 50;

export const lowDenialRate = createRule({
  id: 'history/low-denial-rate',
  description: 'A risky tool was used often in the window’s transcripts and never denied: approvals that look rubber-stamped',
  defaultSeverity: 'info',
  howToFix: 'Allow the exact commands that are always approved, deny what should never run, and keep broad tools on ask.',
  messages: {
    rubber: '{{tool}} was used {{uses}} times in Claude Code transcripts over {{window}} and never denied. If these calls are approved without reading, allow the exact commands that are safe and keep the rest asking, or deny what should never run.',
  },
  check({ history, policy, report }) {
    const scan = history?.transcripts;
    if (!scan) return;
    const threshold = (policy.sections.history?.lowDenialUses as number | undefined) ?? DEFAULT_LOW_DENIAL_USES;
    for (const usage of scan.tools) {
      const risky = RISKY_TOOLS.has(usage.tool) || usage.tool.startsWith('mcp__');
      if (!risky || usage.uses < threshold || usage.denials > 0) continue;
      report({ file: '~/.claude/projects', messageId: 'rubber', data: { tool: usage.tool, uses: usage.uses, window: history.window.label }, evidence: usage.tool });
    }
  },
});
