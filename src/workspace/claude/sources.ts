import type { FileKind, Scope } from '../types.js';

/** Claude Code rejects settings files over 2 MiB; it skips CLAUDE.md files over 4 MiB. */
export const SETTINGS_MAX_BYTES = 2 * 1024 * 1024;
export const MARKDOWN_MAX_BYTES = 4 * 1024 * 1024;
/** `~/.claude.json` is app state written by Claude Code and grows with every project; it gets a larger cap. */
export const GLOBAL_CONFIG_MAX_BYTES = 16 * 1024 * 1024;

/** `claude`: Claude Code's own folder, `~/.claude` unless `CLAUDE_CONFIG_DIR` moves it. */
export type Base = 'root' | 'home' | 'claude' | 'managed';

/**
 * One place Claude Code reads configuration from. `pattern` is relative to `base` and uses three shapes only:
 * a fixed path, `dir/*.ext` (one level), `dir/**\/*.ext` (recursive) or `dir/*\/FILE` (one file per sub-folder).
 */
export interface SourceSpec {
  base: Base;
  pattern: string;
  scope: Scope;
  kind: FileKind;
}

const SKILLS_AGENTS_COMMANDS = (base: Base, prefix: string, scope: Scope): SourceSpec[] => [
  { base, pattern: `${prefix}skills/*/SKILL.md`, scope, kind: 'skill' },
  { base, pattern: `${prefix}agents/**/*.md`, scope, kind: 'subagent' },
  { base, pattern: `${prefix}commands/**/*.md`, scope, kind: 'command' },
  { base, pattern: `${prefix}output-styles/*.md`, scope, kind: 'output-style' },
];

/** Every file Claude Code (v2.1.240, reference §1, §4–§7) loads, by scope. Order here is precedence order, highest first. */
export const CLAUDE_SOURCES: readonly SourceSpec[] = [
  { base: 'managed', pattern: 'managed-settings.json', scope: 'managed', kind: 'settings' },
  { base: 'managed', pattern: 'managed-settings.d/*.json', scope: 'managed', kind: 'settings' },
  { base: 'managed', pattern: 'managed-mcp.json', scope: 'managed', kind: 'mcp' },
  { base: 'managed', pattern: 'CLAUDE.md', scope: 'managed', kind: 'claude-md' },
  { base: 'managed', pattern: '.claude/skills/*/SKILL.md', scope: 'managed', kind: 'skill' },
  { base: 'managed', pattern: '.claude/agents/**/*.md', scope: 'managed', kind: 'subagent' },
  { base: 'managed', pattern: '.claude/output-styles/*.md', scope: 'managed', kind: 'output-style' },

  { base: 'root', pattern: '.claude/settings.local.json', scope: 'local', kind: 'settings' },
  { base: 'root', pattern: 'CLAUDE.local.md', scope: 'local', kind: 'claude-md' },

  { base: 'root', pattern: '.claude/settings.json', scope: 'project', kind: 'settings' },
  { base: 'root', pattern: '.mcp.json', scope: 'project', kind: 'mcp' },
  { base: 'root', pattern: 'CLAUDE.md', scope: 'project', kind: 'claude-md' },
  { base: 'root', pattern: '.claude/CLAUDE.md', scope: 'project', kind: 'claude-md' },
  { base: 'root', pattern: '.claude/rules/**/*.md', scope: 'project', kind: 'rule' },
  ...SKILLS_AGENTS_COMMANDS('root', '.claude/', 'project'),
  { base: 'root', pattern: 'AGENTS.md', scope: 'project', kind: 'agents-md' },
  { base: 'root', pattern: '.claude-plugin/plugin.json', scope: 'project', kind: 'plugin-manifest' },
  { base: 'root', pattern: '.claude-plugin/marketplace.json', scope: 'project', kind: 'marketplace' },

  { base: 'claude', pattern: 'settings.json', scope: 'user', kind: 'settings' },
  { base: 'home', pattern: '.claude.json', scope: 'user', kind: 'global-config' },
  { base: 'claude', pattern: 'CLAUDE.md', scope: 'user', kind: 'claude-md' },
  { base: 'claude', pattern: 'rules/**/*.md', scope: 'user', kind: 'rule' },
  ...SKILLS_AGENTS_COMMANDS('claude', '', 'user'),
];

export const JSON_KINDS: ReadonlySet<FileKind> = new Set(['settings', 'mcp', 'global-config', 'plugin-manifest', 'plugin-hooks', 'marketplace']);

export function maxBytesFor(kind: FileKind): number {
  if (kind === 'global-config') return GLOBAL_CONFIG_MAX_BYTES;
  if (JSON_KINDS.has(kind)) return SETTINGS_MAX_BYTES;
  return MARKDOWN_MAX_BYTES;
}
