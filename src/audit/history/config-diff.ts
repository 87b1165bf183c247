import { redact } from '../../policies/catalogs/secrets.js';
import { canonicalJson, sameJson } from '../../policies/canonical-json.js';
import { isObject, objectOr } from '../../workspace/json-value.js';
import { ruleDiff, type RuleEntry } from './blob-rules.js';
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

const WATCHED: readonly (readonly [string, readonly string[]])[] = WATCHED_KEYS.map((key) => [key, key.split('.')]);

function at(value: Record<string, unknown>, path: readonly string[]): unknown {
  let v: unknown = value;
  // Indexed loops here and in diffFile: thousands of commits run them before V8 optimizes them.
  for (let i = 0; i < path.length && v !== undefined; i++) v = isObject(v) ? v[path[i] as string] : undefined;
  return v;
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
    changes.push(...diffFile({ path: p, scope: file.scope, kind: file.kind }, objectOr(a?.json?.value), objectOr(b?.json?.value)));
  }
  return changes;
}

/** What changed in one JSON file between two of its values (anything not an object counts as `{}`). */
export function diffFile(file: Pick<ConfigFile, 'path' | 'scope' | 'kind'>, before: unknown, after: unknown): ConfigChange[] {
  const changes: ConfigChange[] = [];
  const va = objectOr(before);
  const vb = objectOr(after);
  const base = { file: file.path, scope: file.scope };
  if (file.kind === 'settings') {
    const { added, removed } = ruleDiff(before, after);
    for (let l = 0; l < LISTS.length; l++) {
      const list = LISTS[l] as (typeof LISTS)[number];
      for (let i = 0; i < added.length; i++) {
        const e = added[i] as RuleEntry;
        if (e.list === list) changes.push(ruleChange(base, 'rule-added', list, e.text));
      }
      for (let i = 0; i < removed.length; i++) {
        const e = removed[i] as RuleEntry;
        if (e.list === list) changes.push(ruleChange(base, 'rule-removed', list, e.text));
      }
    }
    for (let w = 0; w < WATCHED.length; w++) {
      const watched = WATCHED[w] as (typeof WATCHED)[number];
      const key = watched[0];
      const path = watched[1];
      const from = at(va, path);
      const to = at(vb, path);
      if (from !== to && !sameJson(from, to)) changes.push({ ...base, kind: 'key-changed', key, ...withValues(from, to) });
    }
    changes.push(...diffHooks(base, va.hooks, vb.hooks));
  }
  if (file.kind === 'settings' || file.kind === 'mcp' || file.kind === 'global-config' || file.kind === 'plugin-manifest') {
    changes.push(...diffServers(base, va.mcpServers, vb.mcpServers));
  }
  return changes;
}

/**
 * A rule or hook change (`list` for rules), its text redacted. The change objects are written out, not spread from
 * `base`: spread is a runtime call until V8 optimizes, and history builds thousands of them.
 */
function ruleChange(base: { file: string; scope: string }, kind: ChangeKind, list: ConfigChange['list'], text: string): ConfigChange {
  const rule = redact(text);
  return list === undefined ? { file: base.file, scope: base.scope, kind, rule } : { file: base.file, scope: base.scope, kind, list, rule };
}

function serverChange(base: { file: string; scope: string }, kind: ChangeKind, key: string): ConfigChange {
  return { file: base.file, scope: base.scope, kind, key };
}

function withValues(from: unknown, to: unknown): { from?: string; to?: string } {
  const out: { from?: string; to?: string } = {};
  const f = shown(from);
  const t = shown(to);
  if (f !== undefined) out.from = f;
  if (t !== undefined) out.to = t;
  return out;
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
  // The same value (absent from both, or shared by two versions read from git): nothing to compare.
  if (before === after) return [];
  const a = hookLines(before);
  const b = hookLines(after);
  return [
    ...multisetMinus(b, a).map((rule) => ruleChange(base, 'hook-added', undefined, rule)),
    ...multisetMinus(a, b).map((rule) => ruleChange(base, 'hook-removed', undefined, rule)),
  ];
}

function diffServers(base: { file: string; scope: string }, before: unknown, after: unknown): ConfigChange[] {
  if (before === after) return [];
  const a = objectOr(before);
  const b = objectOr(after);
  // Only the few servers that differ are sorted (versions read from git share the servers they have alike). Own
  // members only: a server named `constructor` is not one that every object has.
  const differ: string[] = [];
  const namesAfter = Object.keys(b);
  for (let i = 0; i < namesAfter.length; i++) {
    const name = namesAfter[i]!;
    if (!Object.hasOwn(a, name) || !sameJson(a[name], b[name])) differ.push(name);
  }
  const gone: string[] = [];
  const namesBefore = Object.keys(a);
  for (let i = 0; i < namesBefore.length; i++) if (!Object.hasOwn(b, namesBefore[i]!)) gone.push(namesBefore[i]!);
  const out: ConfigChange[] = [];
  for (const name of differ.sort()) out.push(serverChange(base, Object.hasOwn(a, name) ? 'mcp-server-changed' : 'mcp-server-added', name));
  for (const name of gone.sort()) out.push(serverChange(base, 'mcp-server-removed', name));
  return out;
}
