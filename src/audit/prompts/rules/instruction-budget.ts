import { createRule } from '../../create-rule.js';
import { CLAUDE_MD_MAX_LINES, CLAUDE_MD_SKIP_BYTES, instructionBudget, MEMORY_INDEX_MAX_BYTES, MEMORY_INDEX_MAX_LINES } from '../budget.js';
import { promptsPolicy } from '../prompts-policy.js';

/**
 * Every character loaded at start is in every request, and long instruction files are followed less reliably. The
 * budgets are the team's (policy `prompts.budget`); the line and size limits are Claude Code's own.
 */
export const instructionBudgetRule = createRule({
  id: 'prompts/instruction-budget',
  description: 'Instructions loaded at session start exceed the per-file or total character budget, or Claude Code’s own size limits',
  defaultSeverity: 'warning',
  howToFix: 'Move detail into files read on demand (path-scoped rules, skills) and remove duplicated text.',
  messages: {
    perFile: 'This file loads {{chars}} characters at every session start, over the per-file budget of {{limit}} (policy prompts.budget.perFileChars). Move detail into files read on demand (skills, path-scoped rules).',
    total: 'With this file, the instructions loaded at session start reach {{total}} characters (distinct content, {{files}} files), over the total budget of {{limit}} (policy prompts.budget.totalChars).',
    claudeMdLines: 'This CLAUDE.md has {{lines}} lines; Claude Code advises under {{limit}}, as longer files are followed less reliably.',
    claudeMdSkipped: 'This CLAUDE.md is {{size}} bytes, over {{limit}}: Claude Code skips it entirely, so none of it reaches the model.',
    memoryTruncated: 'MEMORY.md has {{lines}} lines and {{bytes}} bytes: only the first {{maxLines}} lines or {{maxBytes}} bytes load at session start, the rest is silently dropped.',
  },
  check({ workspace, policy, report }) {
    if (!workspace.prompts) return;
    const budget = instructionBudget(workspace.prompts, promptsPolicy(policy));
    for (const row of budget.rows) {
      const { file } = row;
      if (row.skipped) {
        report({ file: file.path, messageId: 'claudeMdSkipped', data: { size: file.size, limit: CLAUDE_MD_SKIP_BYTES }, evidence: 'skipped' });
        continue;
      }
      if (file.kind === 'memory-index' && row.truncated) {
        report({ file: file.path, messageId: 'memoryTruncated', data: { lines: row.lines, bytes: file.size, maxLines: MEMORY_INDEX_MAX_LINES, maxBytes: MEMORY_INDEX_MAX_BYTES }, evidence: 'memory' });
      }
      if ((file.kind === 'claude-md' || file.kind === 'claude-local-md') && row.lines > CLAUDE_MD_MAX_LINES) {
        report({ file: file.path, messageId: 'claudeMdLines', data: { lines: row.lines, limit: CLAUDE_MD_MAX_LINES }, evidence: 'lines', downgrade: true });
      }
      if (row.duplicateOf === undefined && row.chars > budget.perFileChars) report({ file: file.path, messageId: 'perFile', data: { chars: row.chars, limit: budget.perFileChars }, evidence: 'per-file' });
    }
    const over = budget.overTotalAt;
    if (over) {
      const files = budget.rows.filter((r) => !r.skipped && r.duplicateOf === undefined).length;
      report({ file: over.file.path, messageId: 'total', data: { total: budget.total, files, limit: budget.totalChars }, evidence: 'total' });
    }
  },
});
