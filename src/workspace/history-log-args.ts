/** Paths (relative to the workspace root) whose history matters for agent configuration. */
export const CONFIG_PATHSPECS: readonly string[] = [
  '.claude', '.mcp.json', 'CLAUDE.md', 'CLAUDE.local.md', 'AGENTS.md', '.claude-plugin', '.claude.json',
  'agentgov.json', 'agentgov.lock.json', '.agentgov',
];

/**
 * The `git log` that reads the history of `pathspecs` up to `revision`: first-parent, with the blobs each commit
 * changed (renames followed). Its own module so that the CLI can start it before it loads (src/cli/early-history.ts).
 */
export function historyLogArgs(revision = 'HEAD', pathspecs: readonly string[] = CONFIG_PATHSPECS): string[] {
  return [
    // Newest first, not --reverse: git prints as it walks, so blob ids reach cat-file (and contents reach us) during
    // the walk instead of after it (--reverse prints nothing until the whole history is walked).
    'log', '--first-parent', '--diff-merges=first-parent', '--raw', '--no-abbrev', '-z', '-M',
    '--format=%x1e%H%x1f%P%x1f%aI%x1f%an%x1f%ae%x1f%s', revision, '--', ...pathspecs,
  ];
}
