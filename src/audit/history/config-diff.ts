import { redact } from '../../policies/catalogs/secrets.js';
import { canonicalJson } from '../../policies/canonical-json.js';
import { isObject } from '../../policies/effective/effective-permissions.js';
import type { ConfigFile, Workspace } from '../../workspace/types.js';

export type ChangeKind =
  | 'rule-added'
  | 'rule-removed'
  | 'key-changed'
  | 'mcp-server-added'
  | 'mcp-server-removed'
  | 'mcp-server-changed'
  | 'hook-added'
  | 'hook-removed';

export interface ConfigChange {
  file: string;
  scope: string;
  kind: ChangeKind;
  list?: 'allow' | 'ask' | 'deny';
  rule?: string;
  key?: string;
  from?: string;
  to?: string;
}

/** Security-relevant settings keys whose changes a timeline shows (dotted; objects are compared whole). */
const WATCHED_KEYS = [
  'permissions.defaultMode', 'permissions.additionalDirectories', 'permissions.disableBypassPermissionsMode', 'enableAllProjectMcpServers',
  'enabledMcpjsonServers', 'disabledMcpjsonServers', 'skipDangerousModePermissionPrompt', 'disableAllHooks', 'allowManagedPermissionRulesOnly',
  'allowManagedHooksOnly', 'allowManagedMcpServersOnly', 'sandbox', 'enabledPlugins', 'extraKnownMarketplaces', 'apiKeyHelper', 'env',
];
const LISTS = ['allow', 'ask', 'deny'] as const;

function valueOf(file: ConfigFile | undefined): Record<string, unknown> {
  return isObject(file?.json?.value) ? file.json.value : {};
}

function at(value: Record<string, unknown>, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((v, k) => (isObject(v) ? v[k] : undefined), value);
}

/** A value as a timeline may show it: JSON with any credential redacted. */
function shown(value: unknown): string | undefined {
  return value === undefined ? undefined : redact(typeof value === 'string' ? value : canonicalJson(value));
}

/** What changed between two states of the configuration, file by file (files compared by display path). */
export function diffConfigs(before: Workspace, after: Workspace): ConfigChange[] {
  const changes: ConfigChange[] = [];
  const paths = [...new Set([...before.files, ...after.files].filter((f) => f.json).map((f) => f.path))].sort();
  for (const p of paths) {
    const a = before.files.find((f) => f.path === p);
    const b = after.files.find((f) => f.path === p);
    const file = (b ?? a) as ConfigFile;
    const va = valueOf(a);
    const vb = valueOf(b);
    const base = { file: p, scope: file.scope };
    if (file.kind === 'settings') {
      for (const list of LISTS) {
        const ra = rulesOf(va, list);
        const rb = rulesOf(vb, list);
        for (const rule of multisetMinus(rb, ra)) changes.push({ ...base, kind: 'rule-added', list, rule: redact(rule) });
        for (const rule of multisetMinus(ra, rb)) changes.push({ ...base, kind: 'rule-removed', list, rule: redact(rule) });
      }
      for (const key of WATCHED_KEYS) {
        const from = at(va, key);
        const to = at(vb, key);
        if (canonicalJson(from) !== canonicalJson(to)) changes.push({ ...base, kind: 'key-changed', key, ...withValues(from, to) });
      }
      changes.push(...diffHooks(base, va.hooks, vb.hooks));
    }
    if (file.kind === 'settings' || file.kind === 'mcp' || file.kind === 'global-config' || file.kind === 'plugin-manifest') {
      changes.push(...diffServers(base, va.mcpServers, vb.mcpServers));
    }
  }
  return changes;
}

function withValues(from: unknown, to: unknown): { from?: string; to?: string } {
  const out: { from?: string; to?: string } = {};
  const f = shown(from);
  const t = shown(to);
  if (f !== undefined) out.from = f;
  if (t !== undefined) out.to = t;
  return out;
}

function rulesOf(value: Record<string, unknown>, list: string): string[] {
  const entries = at(value, `permissions.${list}`);
  return Array.isArray(entries) ? entries.filter((e): e is string => typeof e === 'string').map((e) => e.trim()) : [];
}

function multisetMinus(a: readonly string[], b: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const x of b) left.set(x, (left.get(x) ?? 0) + 1);
  const out: string[] = [];
  for (const x of a) {
    const n = left.get(x) ?? 0;
    if (n > 0) left.set(x, n - 1);
    else out.push(x);
  }
  return out;
}

/** Hooks as `Event matcher → command` lines, so that adding or removing one handler is one change. */
function hookLines(hooks: unknown): string[] {
  if (!isObject(hooks)) return [];
  const lines: string[] = [];
  for (const [event, groups] of Object.entries(hooks)) {
    if (!Array.isArray(groups)) continue;
    for (const group of groups) {
      if (!isObject(group) || !Array.isArray(group.hooks)) continue;
      for (const h of group.hooks) {
        if (!isObject(h)) continue;
        const what = h.command ?? h.url ?? h.prompt ?? (h.tool !== undefined ? `${String(h.server)}:${String(h.tool)}` : canonicalJson(h));
        lines.push(`${event} ${typeof group.matcher === 'string' ? group.matcher : '*'} → ${String(h.type ?? 'command')}: ${String(what)}`);
      }
    }
  }
  return lines;
}

function diffHooks(base: { file: string; scope: string }, before: unknown, after: unknown): ConfigChange[] {
  const a = hookLines(before);
  const b = hookLines(after);
  return [
    ...multisetMinus(b, a).map((rule): ConfigChange => ({ ...base, kind: 'hook-added', rule: redact(rule) })),
    ...multisetMinus(a, b).map((rule): ConfigChange => ({ ...base, kind: 'hook-removed', rule: redact(rule) })),
  ];
}

function diffServers(base: { file: string; scope: string }, before: unknown, after: unknown): ConfigChange[] {
  const a = isObject(before) ? before : {};
  const b = isObject(after) ? after : {};
  const out: ConfigChange[] = [];
  for (const name of Object.keys(b).sort()) {
    if (!(name in a)) out.push({ ...base, kind: 'mcp-server-added', key: name });
    else if (canonicalJson(a[name]) !== canonicalJson(b[name])) out.push({ ...base, kind: 'mcp-server-changed', key: name });
  }
  for (const name of Object.keys(a).sort()) if (!(name in b)) out.push({ ...base, kind: 'mcp-server-removed', key: name });
  return out;
}
