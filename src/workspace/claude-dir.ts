import path from 'node:path';

/**
 * Claude Code's folder of user settings, CLAUDE.md, rules, skills, agents, transcripts and auto memory:
 * `CLAUDE_CONFIG_DIR` relocates all of `~/.claude` (reference claude-code-config §1.1, §9; memory-and-prompts §A.1).
 */
export function claudeDirOf(ws: { home: string; claudeDir?: string | undefined }): string {
  return ws.claudeDir ?? path.join(ws.home, '.claude');
}
