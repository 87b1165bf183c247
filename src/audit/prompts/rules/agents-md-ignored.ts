import { createRule } from '../../create-rule.js';

/** Claude Code reads CLAUDE.md, not AGENTS.md (reference §7.1, §10.6): the bridge is an `@AGENTS.md` import or a symlink. */
export const agentsMdIgnored = createRule({
  id: 'prompts/agents-md-ignored',
  description: 'An AGENTS.md that Claude Code never reads, because no CLAUDE.md imports it (or links to it)',
  defaultSeverity: 'warning',
  howToFix: 'Add `@AGENTS.md` to CLAUDE.md (create one if needed), or make CLAUDE.md a symlink to AGENTS.md.',
  messages: {
    ignored: 'Claude Code does not read AGENTS.md, and no loaded CLAUDE.md imports it: these instructions never reach Claude. Add `@AGENTS.md` to CLAUDE.md (or make CLAUDE.md a symlink to it).',
  },
  check({ workspace, report }) {
    const files = workspace.prompts?.files ?? [];
    const loaded = files.filter((f) => f.loading !== 'not-loaded' && f.kind !== 'agents-md');
    for (const file of files) {
      // A folder or an unreadable file holds no instructions to lose; config/unreadable-file reports it.
      if (file.kind !== 'agents-md' || file.loading !== 'not-loaded' || file.text === undefined) continue;
      if (file.realPath && loaded.some((f) => f.realPath === file.realPath)) continue;
      report({ file: file.path, messageId: 'ignored', evidence: 'ignored' });
    }
  },
});
