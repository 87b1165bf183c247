import type { Scope } from '../../workspace/types.js';
import { redact } from '../catalogs/secrets.js';
import { DEAD_INEFFECTIVE, isDeadRule } from '../permission-rules/matches.js';
import type { EffectiveRule } from '../permission-rules/effective-types.js';
import type { PermissionRule, RuleIssue, RuleList } from '../permission-rules/types.js';
import type { EffectivePermissions } from './effective-permissions.js';

/** One permission rule as `permissions effective` shows it: where it was written and whether it ever applies. */
export interface EffectiveTableRow {
  raw: string;
  list: RuleList;
  tool: string;
  specifier: string | null;
  scope: Scope;
  file: string;
  line: number | null;
  column: number | null;
  effective: boolean;
  /** Why the rule never applies (only when `effective` is false). */
  reason?: string;
}

/** The `permissions effective` answer; `--format json` prints exactly this. */
export interface EffectiveTable {
  defaultMode: string;
  rules: EffectiveTableRow[];
}

const LIST_ORDER: Record<RuleList, number> = { deny: 0, ask: 1, allow: 2 };
/** Scope precedence, highest first (the order Claude Code merges them in). */
const SCOPE_ORDER: Record<Scope, number> = { managed: 0, cli: 1, local: 2, project: 3, user: 4, plugin: 5 };

const BYPASS_ALLOW_REASON = 'bypassPermissions allows everything; allow rules have no effect';

/**
 * Every rule of every scope with its provenance, sorted deny → ask → allow, then by scope precedence, then in file
 * order; rules that never apply say why (excluded by managed settings, invalid, never consulted, or made moot by
 * `bypassPermissions`).
 */
export function effectiveTable(effective: EffectivePermissions): EffectiveTable {
  const bypass = effective.defaultMode.value === 'bypassPermissions';
  const rows = effective.rules.map((r, index) => ({ row: toRow(r, bypass), index }));
  rows.sort(
    (a, b) => LIST_ORDER[a.row.list] - LIST_ORDER[b.row.list] || SCOPE_ORDER[a.row.scope] - SCOPE_ORDER[b.row.scope] || a.index - b.index,
  );
  return { defaultMode: effective.defaultMode.value, rules: rows.map((r) => r.row) };
}

function toRow(r: EffectiveRule, bypass: boolean): EffectiveTableRow {
  const row: EffectiveTableRow = {
    // Rule texts as every report shows them: credentials in them redacted (permissions/secret-in-rule reports those).
    raw: redact(r.rule.raw),
    list: r.rule.list,
    tool: redact(r.rule.tool),
    specifier: r.rule.specifier === null ? null : redact(r.rule.specifier),
    scope: r.source.scope,
    file: r.source.file,
    line: r.source.line,
    column: r.source.column,
    effective: true,
  };
  const reason = whyNot(r, bypass);
  if (reason !== undefined) {
    row.effective = false;
    row.reason = reason;
  }
  return row;
}

function whyNot(r: EffectiveRule, bypass: boolean): string | undefined {
  if (!r.effective) return r.reason ?? 'ignored by Claude Code';
  if (isDeadRule(r.rule)) return deadReason(r.rule);
  if (bypass && r.rule.list === 'allow') return BYPASS_ALLOW_REASON;
  return undefined;
}

/** Why a dead rule never applies, in words, from the first issue that makes it dead. */
function deadReason(rule: PermissionRule): string {
  const issue = rule.issues.find((i) => i.kind === 'invalid' || DEAD_INEFFECTIVE.has(i.code)) ?? rule.issues[0];
  return issue ? issueReason(rule, issue) : 'never applies';
}

function issueReason(rule: PermissionRule, issue: RuleIssue): string {
  const instead = issue.suggestion ? `; use ${issue.suggestion}` : '';
  switch (issue.code) {
    case 'empty':
      return 'invalid: empty rule';
    case 'syntax':
      return 'invalid: syntax error (expected Tool or Tool(specifier))';
    case 'empty-specifier':
      return 'invalid: empty parentheses';
    case 'bad-tool-name':
      return 'invalid: not a tool name';
    case 'unknown-tool':
      return 'invalid: unknown tool';
    case 'legacy-tool':
      return `invalid: ${rule.tool} is an old tool name${instead}`;
    case 'bad-domain':
      return 'invalid: WebFetch rules need domain:<host>';
    case 'bad-mcp-name':
      return 'invalid: malformed MCP tool name';
    case 'path-rule-not-consulted': {
      const replacement = issue.suggestion?.slice(0, issue.suggestion.indexOf('(')) || 'Edit';
      return `never consulted: ${rule.tool}(path) rules are ignored; use ${replacement}(path)`;
    }
    case 'param-on-primary-field':
      return `never consulted: a parameter rule on ${rule.tool}'s main field is ignored${instead}`;
    case 'unanchored-allow-glob':
      return 'never matches: allow accepts a tool-name glob only after mcp__<server>__';
    case 'param-in-allow':
      return 'never matches: parameter rules apply only in deny and ask';
    case 'colon-not-at-end':
      return `never matches: :* works only at the end${instead}`;
  }
}
