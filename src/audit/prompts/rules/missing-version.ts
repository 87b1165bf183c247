import { minimatch } from 'minimatch';
import { declaredVersion } from '../../../lock/build-lock.js';
import { createRule } from '../../create-rule.js';
import { promptsPolicy } from '../prompts-policy.js';

/** Off by default: teams that version their prompts turn it on (strict does) and choose which files with `prompts.requireVersion`. */
export const missingVersion = createRule({
  id: 'prompts/missing-version',
  description: 'A prompt file that the policy requires to be versioned declares no version in its frontmatter',
  defaultSeverity: 'off',
  howToFix: 'Add `version:` to the frontmatter, then run `agentgov lock`.',
  strictSeverity: 'warning',
  messages: {
    missing: 'This prompt file declares no version, and the policy (prompts.requireVersion) requires one. Add `version:` (or `metadata.version` for skills) to its frontmatter.',
  },
  check({ workspace, policy, report }) {
    const globs = promptsPolicy(policy).requireVersion;
    for (const file of workspace.prompts?.files ?? []) {
      if (file.text === undefined || declaredVersion(file) !== undefined) continue;
      if (!globs.some((g) => minimatch(file.path, g, { dot: true }))) continue;
      report({ file: file.path, messageId: 'missing', evidence: 'missing' });
    }
  },
});
