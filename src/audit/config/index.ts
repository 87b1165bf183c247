import type { Auditor } from '../types.js';
import { fileTooLarge } from './rules/file-too-large.js';
import { invalidFrontmatter } from './rules/invalid-frontmatter.js';
import { invalidJson } from './rules/invalid-json.js';
import { unreadableFile } from './rules/unreadable-file.js';
import { wrongType } from './rules/wrong-type.js';

/** Problems with the configuration files themselves: what Claude Code cannot read, agentgov cannot audit. */
export const configAuditor: Auditor = {
  id: 'config',
  description: 'Files that cannot be read, parsed or typed as Claude Code expects',
  rules: [invalidJson, unreadableFile, fileTooLarge, invalidFrontmatter, wrongType],
  metrics({ workspace }) {
    const byScope: Record<string, number> = {};
    const byKind: Record<string, number> = {};
    for (const file of workspace.files) {
      byScope[file.scope] = (byScope[file.scope] ?? 0) + 1;
      byKind[file.kind] = (byKind[file.kind] ?? 0) + 1;
    }
    return {
      files: workspace.files.length,
      byScope,
      byKind,
      git: workspace.git.unavailableReason ?? (workspace.git.repoRoot ? 'available' : 'unavailable'),
    };
  },
};
