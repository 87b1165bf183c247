import type { LockEntry } from '../../../lock/lock-types.js';
import { lockOf } from '../../../lock/build-lock.js';
import { LOCK_FILE_NAME } from '../../../workspace/prompts/build-prompt-set.js';
import { createRule } from '../../create-rule.js';
import { lockStateOf } from '../lock-state.js';

/** Content changed (beyond whitespace) while the declared version stayed the same. */
function notBumped(now: LockEntry, then: LockEntry | undefined): boolean {
  return then !== undefined && now.version !== undefined && now.version === then.version && now.normalized !== then.normalized;
}

/**
 * A declared `version` is a promise that the same version means the same prompt: evaluations, changelogs and
 * `prompts log` rely on it. Whitespace-only changes (equal normalized hash) do not need a new version. In `ci`, the
 * base of the pull request is compared too, so a change is caught even when the lock was re-recorded with it.
 */
export const versionNotBumped = createRule({
  id: 'prompts/version-not-bumped',
  description: 'A prompt file with a declared version changed, but its version did not',
  defaultSeverity: 'warning',
  howToFix: 'Raise the version in the frontmatter, then run `agentgov lock`.',
  messages: {
    sinceLock: 'This prompt changed since {{lock}}, but its declared version is still {{version}}. Bump the version, then run `agentgov lock`.',
    sinceBase: 'This prompt changed since {{base}}, but its declared version is still {{version}}. Bump the version.',
  },
  check({ workspace, compare, report }) {
    if (!workspace.prompts) return;
    const state = lockStateOf(workspace.prompts);
    const base = compare?.basePrompts ? lockOf(compare.basePrompts) : undefined;
    for (const [path, entry] of Object.entries(state.live.files)) {
      if (base && notBumped(entry, base.files[path])) {
        report({ file: path, messageId: 'sinceBase', data: { base: compare?.label ?? 'the base', version: entry.version ?? '' }, evidence: 'base' });
      } else if (notBumped(entry, state.recorded?.files[path])) {
        report({ file: path, messageId: 'sinceLock', data: { lock: LOCK_FILE_NAME, version: entry.version ?? '' }, evidence: 'lock' });
      }
    }
  },
});
