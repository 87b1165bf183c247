import { readOnlyCommandOf } from '../../policies/catalogs/read-only-commands.js';
import { redact } from '../../policies/catalogs/secrets.js';
import { APPROVING_MODES, modeWithinCeiling, type TierCeiling } from '../../policies/extensions-policy.js';
import { contains, isDeadRule, parse, type ClaudeBehaviour, type PermissionRule } from '../../policies/permission-rules/index.js';
import type { PathBases } from '../../policies/permission-rules/path-match.js';
import { isPluginAgent } from '../../workspace/extensions/frontmatter-extensions.js';
import type { Extension, FileExtension } from '../../workspace/extensions/types.js';
import { linesOf } from '../../workspace/file-lines.js';
import type { JsonPath } from '../../workspace/json-pointer.js';
import type { Span } from '../../workspace/types.js';
import type { FindingData } from '../types.js';

/** One thing an extension grants or does beyond its tier's ceiling. */
export interface Exceedance {
  messageId: 'tool' | 'all-tools' | 'shell-hook' | 'shell-inline' | 'shell-helper' | 'permission-mode' | 'hooks' | 'mcp-servers';
  data: FindingData;
  /** Below the extension's pointer (or the file's frontmatter for whole-file extensions). */
  sub: JsonPath;
  /** For what has no pointer (shell in a Markdown body). */
  at?: Span;
  evidence: string;
}

export interface CeilingContext {
  bases: PathBases;
  behaviour: ClaudeBehaviour;
  /** `disableSkillShellExecution: true` from the highest settings scope that sets it: `!`cmd`` does not run. */
  skillShellDisabled: boolean;
}

/** Everything `ext` grants or does that `ceiling` does not allow. */
export function exceedancesOf(ext: Extension, ceiling: TierCeiling, ctx: CeilingContext): Exceedance[] {
  switch (ext.kind) {
    case 'hook':
      // Hooks declared in frontmatter are reported once, at the `hooks` field, when the tier may not declare hooks.
      if (ceiling.shell !== false || ext.handlerType !== 'command' || (ext.origin.declaredBy !== undefined && ceiling.hooks === false)) return [];
      return [{ messageId: 'shell-hook', data: { event: ext.event }, sub: ['command'], evidence: 'command' }];
    case 'mcp-server':
      if (ceiling.shell !== false || ext.server.headersHelper === undefined || (ext.origin.declaredBy !== undefined && ceiling.mcpServers === false)) return [];
      return [{ messageId: 'shell-helper', data: {}, sub: ['headersHelper'], evidence: 'headersHelper' }];
    case 'skill':
    case 'command':
    case 'subagent':
      return fileExceedances(ext, ceiling, ctx);
    default:
      return [];
  }
}

function fileExceedances(ext: FileExtension, ceiling: TierCeiling, ctx: CeilingContext): Exceedance[] {
  const data = ext.file.frontmatter?.data ?? {};
  const out: Exceedance[] = [];
  if (ext.kind === 'subagent') {
    // Plugin agents: Claude Code ignores these fields (extensions/ignored-plugin-field reports them).
    if (isPluginAgent(ext)) return [];
    const mode = typeof data.permissionMode === 'string' ? data.permissionMode : undefined;
    if (mode !== undefined && !modeWithinCeiling(mode, ceiling.permissionMode)) out.push({ messageId: 'permission-mode', data: { mode }, sub: ['permissionMode'], evidence: `permissionMode:${mode}` });
    else if (mode !== undefined && APPROVING_MODES.has(mode)) out.push(...modeGrants(mode, data.tools, ceiling, ctx));
    if (ceiling.mcpServers === false && hasEntries(data.mcpServers)) out.push({ messageId: 'mcp-servers', data: {}, sub: ['mcpServers'], evidence: 'mcpServers' });
  } else {
    out.push(...toolsOver(data['allowed-tools'], 'allowed-tools', ceiling, ctx));
    if (ceiling.shell === false && !ctx.skillShellDisabled) {
      const inline = inlineShellAt(ext);
      if (inline) out.push({ messageId: 'shell-inline', data: {}, sub: [], at: inline, evidence: 'inline-shell' });
    }
  }
  if (ceiling.hooks === false && hasEntries(data.hooks)) out.push({ messageId: 'hooks', data: {}, sub: ['hooks'], evidence: 'hooks' });
  return out;
}

const hasEntries = (v: unknown): boolean => (Array.isArray(v) ? v.length > 0 : typeof v === 'object' && v !== null && Object.keys(v).length > 0);

/**
 * What a subagent's approving mode pre-approves: `acceptEdits` edits in the working folders (its file-system commands
 * are part of the mode the ceiling allowed), `auto` and `bypassPermissions` every tool of `tools` (all of them when it
 * is omitted: the agent inherits every tool).
 */
function modeGrants(mode: string, tools: unknown, ceiling: TierCeiling, ctx: CeilingContext): Exceedance[] {
  if (mode === 'acceptEdits') return toolsOver('Edit(./**)', 'permissionMode', ceiling, ctx, ['permissionMode']);
  if (tools === undefined || tools === null) {
    if (ceiling.tools === undefined || ceiling.tools.some((t) => t.trim() === '*')) return [];
    return [{ messageId: 'all-tools', data: { mode }, sub: ['permissionMode'], evidence: `all-tools:${mode}` }];
  }
  return toolsOver(tools, 'tools', ceiling, ctx);
}

/** `allowed-tools` / `tools` entries: a YAML list, or one string split at commas and spaces outside parentheses. */
function toolEntries(value: unknown): { raw: string; sub: JsonPath }[] {
  if (typeof value === 'string') return splitTools(value).map((raw) => ({ raw, sub: [] }));
  if (!Array.isArray(value)) return [];
  return value.flatMap((item, i) => (typeof item === 'string' ? splitTools(item).map((raw) => ({ raw, sub: [i] })) : []));
}

function splitTools(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if (depth === 0 && (ch === ',' || /\s/.test(ch))) {
      if (current) out.push(current);
      current = '';
    } else current += ch;
  }
  if (current) out.push(current);
  return out;
}

/** Grants not contained in any ceiling pattern. Rules Claude Code never applies (unknown tools, prose) grant nothing. */
function toolsOver(value: unknown, field: string, ceiling: TierCeiling, ctx: CeilingContext, at?: JsonPath): Exceedance[] {
  if (ceiling.tools === undefined) return [];
  const limits = ceiling.tools.map((t) => parse(t, 'ask'));
  const out: Exceedance[] = [];
  for (const entry of toolEntries(value)) {
    const grant = parse(entry.raw, 'allow');
    if (isDeadRule(grant) || within(grant, limits, ctx)) continue;
    out.push({ messageId: 'tool', data: { grant: redact(entry.raw), field }, sub: at ?? [field, ...entry.sub], evidence: `${field}:${entry.raw}` });
  }
  return out;
}

/**
 * A grant is within the ceiling when one pattern contains it, when the ceiling has its tool bare (a `Read(x)` grant
 * also governs Grep and Glob, which the ceiling lists on their own), or when it only allows built-in read-only
 * commands, which run without asking anyway.
 */
function within(grant: PermissionRule, limits: readonly PermissionRule[], ctx: CeilingContext): boolean {
  if (readOnlyCommandOf(grant) !== undefined) return true;
  return limits.some((limit) => (limit.form === 'bare' && limit.tool === grant.tool) || contains({ rule: limit, bases: ctx.bases }, { rule: grant, bases: ctx.bases }, ctx.behaviour) === true);
}

/**
 * Where the first `` !`cmd` `` or ```` ```! ```` block of a skill or command body is: shell that runs when it is
 * invoked (reference §5.1). The command itself is never put in a message (it may carry a credential).
 */
function inlineShellAt(ext: FileExtension): Span | undefined {
  const text = ext.file.text;
  if (text === undefined) return undefined;
  const body = ext.file.frontmatter?.bodyOffset ?? 0;
  const m = /(^|[\s(])!`[^`\n]+`|^```!/m.exec(text.slice(body));
  if (!m) return undefined;
  const lead = m[1]?.length ?? 0;
  return linesOf(ext.file).span(body + m.index + lead, m[0].length - lead);
}
