import { sha256Hex } from '../../workspace/hash.js';
import { redact } from '../../policies/catalogs/secrets.js';
import { canonicalJson } from '../../policies/canonical-json.js';
import { isObject, objectOr } from '../../workspace/json-value.js';
import { parseJsonDocument } from '../../workspace/json-document.js';
import type { ConfigFile, Workspace } from '../../workspace/types.js';

export interface SnapshotFile {
  path: string;
  scope: string;
  kind: string;
  /** sha256 of the text: says that something changed without keeping the text. */
  hash: string;
  rules: { allow: string[]; ask: string[]; deny: string[] };
  defaultMode?: string;
  /** MCP server name → hash of its configuration (never the values: they can hold secrets). */
  mcpServers: Record<string, string>;
}

export interface LedgerSnapshot {
  version: 1;
  at: string;
  files: SnapshotFile[];
}

const hash = (text: string) => `sha256:${sha256Hex(text)}`;

/** The files git cannot see: user and managed settings, ~/.claude.json, and an untracked settings.local.json. */
export function untrackedFiles(ws: Workspace): ConfigFile[] {
  return ws.files.filter((f) => f.text !== undefined && (f.kind === 'settings' || f.kind === 'global-config' || f.kind === 'mcp') && (f.scope === 'user' || f.scope === 'managed' || (f.scope === 'local' && !f.git?.tracked)));
}

export function snapshotOf(ws: Workspace, at: Date): LedgerSnapshot {
  return {
    version: 1,
    at: at.toISOString(),
    files: untrackedFiles(ws).map((f) => {
      const value = objectOr(f.json?.value);
      const perms = objectOr(value.permissions);
      const list = (name: string) => (Array.isArray(perms[name]) ? (perms[name] as unknown[]).filter((r): r is string => typeof r === 'string').map(redact) : []);
      const entries: [string, string][] = [];
      const projects = isObject(value.projects) && isObject(value.projects[ws.root]) ? value.projects[ws.root] : undefined;
      for (const source of [value.mcpServers, isObject(projects) ? projects.mcpServers : undefined]) {
        if (isObject(source)) for (const [name, config] of Object.entries(source)) entries.push([name, hash(canonicalJson(config))]);
      }
      // fromEntries defines properties: a server named `__proto__` stays a server.
      const servers: Record<string, string> = Object.fromEntries(entries);
      const file: SnapshotFile = { path: f.path, scope: f.scope, kind: f.kind, hash: hash(f.text ?? ''), rules: { allow: list('allow'), ask: list('ask'), deny: list('deny') }, mcpServers: servers };
      if (typeof perms.defaultMode === 'string') file.defaultMode = perms.defaultMode;
      return file;
    }),
  };
}

/** A ledger line is read back from disk, where anything may have happened to it: every field is checked. */
export function isSnapshot(value: unknown): value is LedgerSnapshot {
  return isObject(value) && value.version === 1 && typeof value.at === 'string' && Array.isArray(value.files) && value.files.every(isSnapshotFile);
}

const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every((s) => typeof s === 'string');

function isSnapshotFile(value: unknown): value is SnapshotFile {
  if (!isObject(value)) return false;
  const { rules, mcpServers } = value;
  return (
    typeof value.path === 'string' &&
    typeof value.scope === 'string' &&
    typeof value.kind === 'string' &&
    typeof value.hash === 'string' &&
    (value.defaultMode === undefined || typeof value.defaultMode === 'string') &&
    isObject(rules) &&
    isStrings(rules.allow) &&
    isStrings(rules.ask) &&
    isStrings(rules.deny) &&
    isObject(mcpServers) &&
    Object.values(mcpServers).every((h) => typeof h === 'string')
  );
}

/** A workspace holding only a snapshot's permissions, so the widening rules can compare two snapshots. */
export function workspaceOfSnapshot(ws: Workspace, snapshot: LedgerSnapshot): Workspace {
  const files = snapshot.files
    .filter((f) => f.kind === 'settings')
    .map((f): ConfigFile => {
      const text = JSON.stringify({ permissions: { ...f.rules, ...(f.defaultMode ? { defaultMode: f.defaultMode } : {}) } });
      return { path: f.path, absPath: f.path, scope: f.scope as ConfigFile['scope'], kind: 'settings', text, size: text.length, readProblems: [], json: parseJsonDocument(text) };
    });
  return { ...ws, files };
}
