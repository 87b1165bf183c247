import type { ClaudeBehaviour } from './claude-version.js';
import type { ToolCall } from './call.js';
import { commandForms } from './command-forms.js';
import { wildcardMatch } from './glob.js';
import { pathGlobMatches, resolvePathPattern, type PathBases } from './path-match.js';
import { EDIT_TOOLS, READ_TOOLS } from './tools.js';
import type { CommandPattern, DomainPattern, PermissionRule, RuleIssueCode } from './types.js';

export interface MatchContext {
  bases: PathBases;
  behaviour: ClaudeBehaviour;
}

/** The `ineffective` issue codes that make a rule dead (every `invalid` issue does too). */
export const DEAD_INEFFECTIVE: ReadonlySet<RuleIssueCode> = new Set(['path-rule-not-consulted', 'param-on-primary-field', 'unanchored-allow-glob']);

/** A rule that Claude Code never applies: it matches no call at all. */
export function isDeadRule(rule: PermissionRule): boolean {
  // A plain loop: history asks this of every rule of every commit, mostly before V8 optimizes it.
  for (let k = 0; k < rule.issues.length; k++) {
    const i = rule.issues[k] as PermissionRule['issues'][number];
    if (i.kind === 'invalid' || DEAD_INEFFECTIVE.has(i.code)) return true;
  }
  return false;
}

/** Whether a rule applies to a call (one simple command for Bash: `decide` splits compounds first). */
export function matches(rule: PermissionRule, call: ToolCall, ctx: MatchContext): boolean {
  return mayMatchTool(rule, call.tool, ctx.behaviour) && matchesGoverned(rule, call, ctx);
}

/** `matches` for a call of a tool the rule governs (`mayMatchTool` has said so): the call's own fields decide. */
function matchesGoverned(rule: PermissionRule, call: ToolCall, ctx: MatchContext): boolean {
  switch (rule.form) {
    case 'glob-name':
    case 'bare':
      return true;
    case 'bash':
      return call.command !== undefined && matchesCommandText(rule.command as CommandPattern, call.command, rule.list);
    case 'path':
      return call.path !== undefined && pathGlobMatches(resolvePathPattern(rule.path!, ctx.bases), call.path);
    case 'domain':
      return call.host !== undefined && matchesDomain(rule.domain as DomainPattern, call.host);
    case 'mcp':
      return rule.mcp?.tool === undefined || wildcardMatch(rule.mcp.tool, call.tool.slice(`mcp__${rule.mcp.server}__`.length));
    case 'agent':
      return call.name === rule.name;
    case 'skill':
      if (call.name === undefined) return false;
      if (!rule.namePrefix) return call.name === rule.name && !call.args;
      return call.name === rule.name;
    case 'param': {
      const value = call.input?.[rule.param!.name];
      return value !== undefined && wildcardMatch(rule.param!.value, value);
    }
    default:
      return false;
  }
}

/**
 * `matches` for the calls of one file tool on a path, as one test to run on many paths: `(path) => matches(rule,
 * { tool, path, input: { file_path: path } }, ctx)`, with the tool checked once; undefined when the rule matches no
 * call of that tool (`mayMatchTool`). The index asks every file rule about the same sensitive paths. A path rule's
 * glob is resolved once too, and paths go to it without a call each: that halved the time the index spends on
 * sensitive paths (11.0 → 5.7 ms and 7.2 → 4.6 ms of its two users, profiled over the history bench).
 */
export function fileMatcher(rule: PermissionRule, tool: string, ctx: MatchContext): ((path: string) => boolean) | undefined {
  if (!mayMatchTool(rule, tool, ctx.behaviour)) return undefined;
  if (rule.form === 'path') {
    const glob = resolvePathPattern(rule.path!, ctx.bases);
    return (path) => pathGlobMatches(glob, path);
  }
  return (path) => matchesGoverned(rule, { tool, path, input: { file_path: path } }, ctx);
}

/** Whether any call of `tool` can match the rule (`matches` is false for every other call of that tool). */
export function mayMatchTool(rule: PermissionRule, tool: string, behaviour: ClaudeBehaviour): boolean {
  if (isDeadRule(rule)) return false;
  return rule.form === 'glob-name' ? wildcardMatch(rule.tool, tool) : appliesToTool(rule, tool, behaviour);
}

/** Which tools' calls a rule's tool name governs: `Edit` covers every editing tool; a `Read` deny also covers Edit/Write. */
function appliesToTool(rule: PermissionRule, tool: string, behaviour: ClaudeBehaviour): boolean {
  if (rule.form === 'mcp') return tool === `mcp__${rule.mcp!.server}` || tool.startsWith(`mcp__${rule.mcp!.server}__`);
  if (rule.tool === tool) return true;
  if (rule.tool === 'Edit' && EDIT_TOOLS.has(tool)) return true;
  if (rule.tool === 'Read' && rule.form === 'path' && READ_TOOLS.has(tool)) return true;
  if (rule.tool === 'Read' && rule.list === 'deny' && rule.form === 'path') {
    if (tool === 'Edit' || tool === 'MultiEdit') return behaviour.readDenyBlocksEdit;
    if (tool === 'Write') return behaviour.readDenyBlocksWrite;
  }
  return false;
}

/**
 * A command pattern against one simple command. Deny and ask rules see the command past wrappers and any leading
 * `VAR=value`; allow rules past wrappers and only known-safe assignments (reference §2.3). The text as written is
 * tried too, so a rule that spells out the wrapper still matches.
 */
export function matchesCommandText(pattern: CommandPattern, command: string, list: PermissionRule['list']): boolean {
  const forms = commandForms(command);
  const candidates = list === 'allow' ? [forms.asWritten, forms.forAllow] : [forms.asWritten, forms.stripped];
  return candidates.some((text) => matchesCommandPattern(pattern, text));
}

export function matchesCommandPattern(pattern: CommandPattern, text: string): boolean {
  const opts = { caseInsensitive: pattern.caseInsensitive };
  switch (pattern.kind) {
    case 'any':
      return true;
    case 'exact':
      return pattern.caseInsensitive ? pattern.text.toLowerCase() === text.toLowerCase() : pattern.text === text;
    case 'glob':
      return wildcardMatch(pattern.text, text, opts);
    case 'prefix':
      // Word boundary: the prefix alone, or followed by a space (`ls *` matches `ls -la`, not `lsof`).
      return wildcardMatch(pattern.text, text, opts) || wildcardMatch(`${pattern.text} *`, text, opts);
  }
}

/** `*.example.com`: any depth of subdomain, not the apex; elsewhere `*` stays within one label. */
export function matchesDomain(pattern: DomainPattern, host: string): boolean {
  if (pattern.kind === 'any') return true;
  const hostLabels = host.split('.');
  const patternLabels = pattern.host.split('.');
  if (pattern.kind === 'subdomains') {
    if (hostLabels.length <= patternLabels.length) return false;
    return labelsMatch(patternLabels, hostLabels.slice(hostLabels.length - patternLabels.length));
  }
  return hostLabels.length === patternLabels.length && labelsMatch(patternLabels, hostLabels);
}

function labelsMatch(pattern: string[], labels: string[]): boolean {
  return pattern.every((p, i) => wildcardMatch(p, labels[i] ?? ''));
}
