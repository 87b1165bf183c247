import { LOCK_FILE_NAME } from '../../../workspace/prompts/build-prompt-set.js';
import { createRule } from '../../create-rule.js';
import { lockStateOf } from '../lock-state.js';

/**
 * The lock pins every prompt file's bytes; a file that differs from it was changed without anyone re-locking (and so,
 * in a team that runs `agentgov lock --check` in CI, without review of the prompt change). A change of an imported
 * file alone changes its importers' `closure` too; only the imported file is reported. The lock's extension entries
 * are `extensions/integrity-mismatch`'s.
 */
export const unlockedChange = createRule({
  id: 'prompts/unlocked-change',
  description: 'A prompt file differs from agentgov.lock.json, or is new or gone since the lock was written',
  defaultSeverity: 'warning',
  howToFix: 'Review the change (`git diff`), then run `agentgov lock` and commit agentgov.lock.json with it.',
  messages: {
    changed: 'This prompt file differs from {{lock}} ({{fields}} changed). Review the change, then run `agentgov lock` to record it.',
    whitespace: 'Only whitespace changed in this prompt file since {{lock}} (line endings, trailing spaces or final newlines; the normalized hash is unchanged). Run `agentgov lock` to record it.',
    bundle: "A file in this skill's folder changed since {{lock}} (the bundle hash differs). Review it, then run `agentgov lock`.",
    missing: 'This prompt file is not in {{lock}}: it was added without being locked. Review it, then run `agentgov lock`.',
    extra: '{{lock}} has an entry for this prompt file, but the file is gone (or no longer loaded as a prompt). Run `agentgov lock` to drop it.',
    profile: '{{lock}} was written with hash profile {{recorded}}; this agentgov uses {{current}}. Run `agentgov lock` to rewrite it.',
    invalid: '{{lock}} cannot be used: {{detail}}. Run `agentgov lock` to rewrite it.',
  },
  check({ workspace, report }) {
    if (!workspace.prompts) return;
    const state = lockStateOf(workspace.prompts);
    const lock = LOCK_FILE_NAME;
    if (state.invalid) {
      report({ file: lock, messageId: 'invalid', data: { lock, detail: state.invalid }, evidence: 'invalid' });
      return;
    }
    const diff = state.diff;
    if (!diff || !state.recorded) return;
    if (diff.profileChanged) report({ file: lock, messageId: 'profile', data: { lock, recorded: state.recorded.hashProfile, current: state.live.hashProfile }, evidence: 'profile' });
    for (const change of diff.changed) {
      const content = change.fields.filter((f) => f !== 'closure');
      if (content.length === 0) continue;
      if (change.whitespaceOnly) report({ file: change.path, messageId: 'whitespace', data: { lock }, evidence: 'whitespace', downgrade: true });
      else if (content.length === 1 && content[0] === 'bundle') report({ file: change.path, messageId: 'bundle', data: { lock }, evidence: 'bundle' });
      else report({ file: change.path, messageId: 'changed', data: { lock, fields: content.join(', ') }, evidence: 'changed' });
    }
    for (const path of diff.missing) report({ file: path, messageId: 'missing', data: { lock }, evidence: 'missing' });
    for (const path of diff.extra) report({ file: path, messageId: 'extra', data: { lock }, evidence: 'extra' });
  },
});
