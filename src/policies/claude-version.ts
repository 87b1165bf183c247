/** The Claude Code version whose documented behaviour agentgov implements (reference §0: docs snapshot v2.1.240). */
export const DEFAULT_CLAUDE_VERSION = '2.1.240';
