import path from 'node:path';
import { linesOf } from '../../../workspace/file-lines.js';
import { locateInFrontmatter } from '../../../workspace/frontmatter.js';
import type { ConfigFile } from '../../../workspace/types.js';
import { createRule } from '../../create-rule.js';
import type { RuleContext } from '../../types.js';

/** Files that document a folder rather than define a subagent: Claude Code skips them too, and that is intended. */
const NOT_AN_AGENT = /^(?:readme|changelog|contributing|license|index)$/i;
const SHOUTING = /^[A-Z0-9_-]+$/;
/** A file without frontmatter is reported only when it reads like an agent prompt (a roadmap or a guide is not one). */
const AGENT_PROSE = /\bagent\b|\byou are\b/i;

/**
 * Subagents need `name` and `description` in valid frontmatter, and a `name` in lowercase and hyphens without `:`
 * or a leading `-`: otherwise Claude Code skips the file silently (reference §5.3). Skills need neither — the command
 * is named after the folder and `name` is only displayed (§5.1) — so a differing `name` only misleads. Commands
 * ignore `name` (§5.2) and output styles require nothing (§5.4). Frontmatter that does not parse is
 * config/invalid-frontmatter's finding and is not reported again here.
 */
export const invalidExtensionMetadata = createRule({
  id: 'extensions/invalid-extension-metadata',
  description: 'A subagent Claude Code skips for missing or invalid `name`/`description` or no frontmatter, or a skill whose `name` differs from its folder',
  defaultSeverity: 'warning',
  howToFix: 'Give the agent a frontmatter `name` and `description`, and name skills after their folders.',
  messages: {
    'agent-no-frontmatter': 'This subagent file has no YAML frontmatter, so Claude Code skips it: a subagent needs `name` and `description` between `---` lines. Add them, or move the file out of the agents folder if it is not a subagent.',
    'agent-missing-name': 'This subagent has no `name` in its frontmatter, so Claude Code skips it silently. Add `name: {{suggested}}`.',
    'agent-missing-description': 'Subagent "{{name}}" has no `description`, so Claude Code skips it silently (and could not tell when to delegate to it). Add one.',
    'agent-bad-name': 'Subagent name {{shown}} {{problem}}, so Claude Code skips the file silently. Use lowercase letters and hyphens (`{{suggested}}`).',
    'agent-name-format': 'Subagent name "{{name}}" is not in the documented format (lowercase letters and hyphens); `Agent({{name}})` rules and `@` mentions must spell it exactly. Consider `{{suggested}}`.',
    'skill-name-mismatch': 'Skill `name: {{name}}` differs from its folder: Claude Code names the command after the folder (`/{{folder}}`) and only displays `name`, so `/{{name}}` does not exist. Rename one to match the other.',
  },
  check(context) {
    for (const file of context.workspace.files) {
      if (file.text === undefined || !context.reportsOn(file.path)) continue;
      if (file.kind === 'subagent') checkAgent(context, file);
      else if (file.kind === 'skill' && file.scope !== 'plugin') checkSkill(context, file);
    }
  },
});

function checkAgent(context: RuleContext, file: ConfigFile): void {
  const fm = file.frontmatter;
  const base = path.posix.basename(file.path, '.md');
  const suggested = suggestName(base);
  if (!fm) {
    // Only top-level files that read like an agent: notes and guides in sub-folders or a README are not meant to load.
    // Milder: some teams keep prompt files there on purpose and hand them to general-purpose subagents.
    if (isTopLevelAgent(file.path) && !NOT_AN_AGENT.test(base) && !SHOUTING.test(base) && AGENT_PROSE.test(file.text ?? '')) report(context, file, 'agent-no-frontmatter', {}, undefined, 'no-frontmatter', true);
    return;
  }
  if (fm.errors.length > 0 || !fm.data) return;
  const { name, description } = fm.data;
  if (name === undefined || name === null || name === '') {
    report(context, file, 'agent-missing-name', { suggested }, [], 'missing-name');
    return;
  }
  const problem = typeof name !== 'string' ? 'is not a string' : name.trim() === '' ? 'is blank' : name.includes(':') ? 'contains `:`' : name.startsWith('-') ? 'starts with `-`' : undefined;
  if (problem) {
    report(context, file, 'agent-bad-name', { shown: typeof name === 'string' ? `"${name}"` : `\`${String(name)}\``, problem, suggested: suggestName(String(name)) || suggested }, ['name'], 'bad-name');
    return;
  }
  if (typeof description !== 'string' || description.trim() === '') {
    report(context, file, 'agent-missing-description', { name: String(name) }, description === undefined ? [] : ['description'], 'missing-description');
    return;
  }
  if (typeof name === 'string' && !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(name)) report(context, file, 'agent-name-format', { name, suggested: suggestName(name) }, ['name'], 'name-format', true);
}

function checkSkill(context: RuleContext, file: ConfigFile): void {
  const name = file.frontmatter?.data?.name;
  const folder = path.posix.basename(path.posix.dirname(file.path));
  if (typeof name !== 'string' || name.trim() === '' || name === folder) return;
  report(context, file, 'skill-name-mismatch', { name, folder }, ['name'], `name-mismatch:${name}`, true);
}

/** `agents/x.md` directly, not `agents/notes/x.md`. */
function isTopLevelAgent(display: string): boolean {
  return /(?:^|\/)agents\/[^/]+$/.test(display);
}

function suggestName(raw: string): string {
  return raw.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

function report(context: RuleContext, file: ConfigFile, messageId: string, data: Record<string, string>, at: string[] | undefined, evidence: string, downgrade = false): void {
  const fm = file.frontmatter;
  const lines = linesOf(file);
  const span = fm && at ? locateInFrontmatter(fm, lines, at) : lines.span(0, 0);
  context.report({ file, messageId, data, span, evidence, ...(downgrade ? { downgrade } : {}) });
}
