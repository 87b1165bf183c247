import {
  BUILT_IN_TOOLS,
  COMMAND_TOOLS,
  CONSULTED_PATH_TOOLS,
  LEGACY_TOOLS,
  PATH_TOOLS,
  TOOL_ALIASES,
  TOOL_INPUTS,
  lookup,
} from './tools.js';
import type { CommandPattern, DomainPattern, PathPattern, PermissionRule, RuleIssue, RuleList } from './types.js';

const TOOL_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const PARAM_FORM = /^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*:\s*([\s\S]*)$/;
const HOST = /^[a-z0-9*]([a-z0-9*-]*[a-z0-9*])?(\.[a-z0-9*]([a-z0-9*-]*[a-z0-9*])?)*(:\d+)?$/;

/**
 * Parses a permission rule as Claude Code v2.1.240 reads it (reference §2.3). Never throws: syntax errors, unknown
 * tools and forms that Claude Code accepts but never applies are recorded in `issues`.
 */
export function parse(raw: string, list: RuleList): PermissionRule {
  // Rules repeat (scopes, history states): parsed once per list and text. The result is treated as immutable everywhere.
  let byText = parsed.get(list);
  if (!byText) parsed.set(list, (byText = new Map()));
  let rule = byText.get(raw);
  if (!rule) {
    if (byText.size > 100_000) byText.clear();
    byText.set(raw, (rule = parseNow(raw, list)));
  }
  return rule;
}

const parsed = new Map<RuleList, Map<string, PermissionRule>>();

function parseNow(raw: string, list: RuleList): PermissionRule {
  const text = typeof raw === 'string' ? raw.trim() : '';
  const base: PermissionRule = { raw: typeof raw === 'string' ? raw : String(raw), list, tool: text, specifier: null, form: 'invalid', toolStatus: 'unknown', issues: [] };
  if (text === '') return invalid(base, 'empty');
  const open = text.indexOf('(');
  let name = text;
  let specifier: string | null = null;
  if (open >= 0) {
    if (!text.endsWith(')')) return invalid(base, 'syntax');
    name = text.slice(0, open);
    specifier = text.slice(open + 1, -1);
  } else if (text.includes(')')) return invalid(base, 'syntax');
  base.tool = name;
  base.specifier = specifier;
  if (specifier !== null && specifier.trim() === '') return invalid(base, 'empty-specifier');
  if (name.startsWith('mcp__')) return parseMcp(base, name, specifier);
  if (/[*?]/.test(name)) return parseNameGlob(base, name, specifier);
  if (!TOOL_NAME.test(name)) return invalid(base, 'bad-tool-name');

  const canonical = lookup(TOOL_ALIASES, name) ?? name;
  const legacy = lookup(LEGACY_TOOLS, name);
  base.tool = canonical;
  if (lookup(TOOL_ALIASES, name)) base.toolStatus = 'alias';
  else if (legacy) {
    base.toolStatus = 'legacy';
    base.issues.push({ code: 'legacy-tool', kind: 'invalid', suggestion: legacy });
  } else if (BUILT_IN_TOOLS.has(name)) base.toolStatus = 'known';
  else {
    base.toolStatus = 'unknown';
    base.issues.push({ code: 'unknown-tool', kind: 'invalid' });
  }
  if (specifier === null || specifier.trim() === '*') {
    base.form = 'bare';
    return base;
  }
  const param = paramForm(canonical, specifier, list);
  if (param) return param === 'native' ? parseSpecifier(base, canonical, specifier, list, true) : withParam(base, canonical, param, list);
  return parseSpecifier(base, canonical, specifier, list, false);
}

function invalid(rule: PermissionRule, code: RuleIssue['code']): PermissionRule {
  rule.form = 'invalid';
  rule.issues.push({ code, kind: 'invalid' });
  return rule;
}

/** `Tool(param:value)` when `param` is an input field of the tool; in allow lists the tool's own syntax applies instead. */
function paramForm(tool: string, specifier: string, list: RuleList): { name: string; value: string } | 'native' | undefined {
  const m = PARAM_FORM.exec(specifier);
  const inputs = lookup(TOOL_INPUTS, tool);
  if (!m || !inputs || !inputs.fields.includes(m[1] as string)) return undefined;
  const param = { name: m[1] as string, value: (m[2] as string).trim() };
  // `Bash(timeout:*)` in an allow list is the legacy prefix form of the `timeout` command, which means something.
  if (list === 'allow') return COMMAND_TOOLS.has(tool) && specifier.trimEnd().endsWith(':*') ? undefined : 'native';
  return param;
}

function withParam(rule: PermissionRule, tool: string, param: { name: string; value: string }, list: RuleList): PermissionRule {
  rule.form = 'param';
  rule.param = param;
  if (lookup(TOOL_INPUTS, tool)?.primary === param.name) {
    const suggestion = COMMAND_TOOLS.has(tool) ? `${tool}(${param.value})` : PATH_TOOLS.has(tool) ? `${tool === 'Glob' || tool === 'Grep' ? 'Read' : 'Edit'}(${param.value})` : undefined;
    rule.issues.push({ code: 'param-on-primary-field', kind: 'ineffective', ...(suggestion ? { suggestion } : {}) });
  }
  void list;
  return rule;
}

function parseSpecifier(rule: PermissionRule, tool: string, specifier: string, list: RuleList, looksLikeParam: boolean): PermissionRule {
  if (looksLikeParam) {
    const m = PARAM_FORM.exec(specifier);
    const primary = lookup(TOOL_INPUTS, tool)?.primary === m?.[1];
    rule.issues.push({ code: primary ? 'param-on-primary-field' : 'param-in-allow', kind: 'ineffective' });
  }
  if (COMMAND_TOOLS.has(tool)) {
    rule.form = 'bash';
    rule.command = parseCommandPattern(specifier, tool === 'PowerShell');
    if (rule.command.kind === 'any') rule.form = 'bare';
    if (/:\*(?!$)/.test(specifier.trimEnd())) {
      rule.issues.push({ code: 'colon-not-at-end', kind: 'ineffective', suggestion: `${tool}(${specifier.replace(/:\*(?!$)/g, ' *')})` });
    }
    return rule;
  }
  if (PATH_TOOLS.has(tool)) {
    rule.form = 'path';
    rule.path = parsePathPattern(specifier, list);
    if (!CONSULTED_PATH_TOOLS.has(tool)) {
      const replacement = tool === 'Glob' ? 'Read' : 'Edit';
      rule.issues.push({ code: 'path-rule-not-consulted', kind: 'ineffective', suggestion: `${replacement}(${specifier})` });
    }
    return rule;
  }
  if (tool === 'WebFetch') {
    const domain = parseDomain(specifier);
    if (!domain) return invalid(rule, 'bad-domain');
    rule.form = domain.kind === 'any' ? 'bare' : 'domain';
    rule.domain = domain;
    return rule;
  }
  if (tool === 'Agent') {
    rule.form = 'agent';
    rule.name = specifier.trim();
    return rule;
  }
  if (tool === 'Skill') {
    rule.form = 'skill';
    const s = specifier.trim();
    rule.namePrefix = s.endsWith(' *');
    rule.name = rule.namePrefix ? s.slice(0, -2).trimEnd() : s;
    return rule;
  }
  rule.form = 'other';
  return rule;
}

export function parseCommandPattern(specifier: string, caseInsensitive: boolean): CommandPattern {
  const s = specifier.trim();
  if (s === '*') return { kind: 'any', text: '*', legacyColon: false, caseInsensitive };
  if (s.endsWith(':*')) return { kind: 'prefix', text: s.slice(0, -2), legacyColon: true, caseInsensitive };
  if (s.endsWith(' *')) return { kind: 'prefix', text: s.slice(0, -2).trimEnd(), legacyColon: false, caseInsensitive };
  return { kind: s.includes('*') ? 'glob' : 'exact', text: s, legacyColon: false, caseInsensitive };
}

/** Anchors (reference §2.3): `//` absolute, `~/` home, `/` the settings file's source, `./` or bare the working dir. */
export function parsePathPattern(specifier: string, list: RuleList): PathPattern {
  const s = specifier.trim();
  if (s.startsWith('//')) return { anchor: 'absolute', pattern: s.slice(2), unanchoredName: false };
  if (s === '~' || s.startsWith('~/')) return { anchor: 'home', pattern: s.slice(2), unanchoredName: false };
  if (s.startsWith('/')) return { anchor: 'source', pattern: s.slice(1), unanchoredName: false };
  if (s.startsWith('./')) return { anchor: 'cwd', pattern: s.slice(2), unanchoredName: false };
  // A bare name matches at any depth; a single `dir/**` does so only in deny and ask rules.
  const bareName = !s.includes('/');
  const singleDir = /^[^/]+\/\*\*$/.test(s) && list !== 'allow';
  return { anchor: 'cwd', pattern: s, unanchoredName: bareName || singleDir };
}

export function parseDomain(specifier: string): DomainPattern | undefined {
  const m = /^\s*domain\s*:\s*(.*)$/i.exec(specifier);
  if (!m) return undefined;
  const host = (m[1] as string).trim().toLowerCase().replace(/\.$/, '');
  if (host === '*') return { kind: 'any', host: '*' };
  if (host.startsWith('*.')) return HOST.test(host.slice(2)) ? { kind: 'subdomains', host: host.slice(2) } : undefined;
  return host !== '' && HOST.test(host) ? { kind: 'host', host } : undefined;
}

function parseMcp(rule: PermissionRule, name: string, specifier: string | null): PermissionRule {
  const rest = name.slice('mcp__'.length);
  const sep = rest.indexOf('__');
  const server = sep < 0 ? rest : rest.slice(0, sep);
  const tool = sep < 0 ? undefined : rest.slice(sep + 2);
  if (server === '' || tool === '' || !/^[A-Za-z0-9_*.-]+$/.test(server) || (tool !== undefined && !/^[A-Za-z0-9_*.-]+$/.test(tool))) {
    return invalid(rule, 'bad-mcp-name');
  }
  if (server.includes('*')) return parseNameGlob(rule, name, specifier);
  rule.toolStatus = 'mcp';
  rule.mcp = tool === undefined || tool === '*' ? { server } : { server, tool };
  if (specifier === null || specifier.trim() === '*') {
    rule.form = 'mcp';
    return rule;
  }
  // `mcp__fs(read:/home)` is not documented; as a deny/ask parameter match it can apply, in allow it cannot.
  const m = PARAM_FORM.exec(specifier);
  if (!m) return invalid(rule, 'syntax');
  rule.form = 'param';
  rule.param = { name: m[1] as string, value: (m[2] as string).trim() };
  if (rule.list === 'allow') rule.issues.push({ code: 'param-in-allow', kind: 'ineffective' });
  return rule;
}

function parseNameGlob(rule: PermissionRule, name: string, specifier: string | null): PermissionRule {
  if (specifier !== null && specifier.trim() !== '*') return invalid(rule, 'syntax');
  rule.form = 'glob-name';
  rule.toolStatus = 'glob';
  rule.tool = name;
  // Allow accepts a name glob only after a literal `mcp__<server>__` prefix; that case is parsed as `mcp` above.
  if (rule.list === 'allow') rule.issues.push({ code: 'unanchored-allow-glob', kind: 'ineffective' });
  return rule;
}
