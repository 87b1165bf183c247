import { createRule } from '../../create-rule.js';
import { indexOverWindow } from '../index-over-time.js';
import { commitsInWindow, DEFAULT_TREND_THRESHOLD } from '../window.js';

export const trendingPermissive = createRule({
  id: 'history/trending-permissive',
  description: 'The permissiveness index rose by more than the policy threshold over the audit window',
  defaultSeverity: 'warning',
  howToFix: 'Work through the widening commits (`agentgov history`): narrow broad grants and restore removed denies and asks.',
  messages: {
    rising: 'The permissiveness index rose from {{start}} to {{end}} (+{{delta}}) over {{window}} ({{commits}} commits), more than the threshold of {{threshold}}. Review the widening commits (history/permission-widened) or raise history.trendThreshold.',
  },
  check({ history, policy, report }) {
    if (!history) return;
    const threshold = (policy.sections.history?.trendThreshold as number | undefined) ?? DEFAULT_TREND_THRESHOLD;
    const { start, end, commits } = indexOverWindow(history, policy);
    if (end - start <= threshold) return;
    report({ file: '.claude/settings.json', messageId: 'rising', data: { start, end, delta: end - start, window: history.window.label, commits, threshold }, evidence: `trend:${commitsInWindow(history).commits.at(-1)?.sha ?? ''}` });
  },
});
