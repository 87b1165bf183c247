import type { LedgerSnapshot, SnapshotFile } from '../audit/history/ledger-snapshot.js';
import type { UntrackedChange } from '../report/weekly-types.js';

const LISTS = ['allow', 'ask', 'deny'] as const;

/**
 * What changed in the scopes git cannot see between two ledger snapshots, file by file (path order): files that
 * appeared or went away, rules added and removed per list, the starting mode, MCP servers. A file whose text changed
 * in none of these ways is one `file-changed`.
 */
export function untrackedChanges(previous: LedgerSnapshot, current: LedgerSnapshot): UntrackedChange[] {
  const before = new Map(previous.files.map((f) => [f.path, f]));
  const after = new Map(current.files.map((f) => [f.path, f]));
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  const out: UntrackedChange[] = [];
  for (const file of paths) {
    const old = before.get(file);
    const now = after.get(file);
    if (!old && now) out.push({ file, scope: now.scope, kind: 'file-added' }, ...fileChanges(empty(now), now));
    else if (old && !now) out.push({ file, scope: old.scope, kind: 'file-removed' });
    else if (old && now) {
      const changes = fileChanges(old, now);
      if (changes.length === 0 && old.hash !== now.hash) changes.push({ file, scope: now.scope, kind: 'file-changed' });
      out.push(...changes);
    }
  }
  return out;
}

function empty(file: SnapshotFile): SnapshotFile {
  return { ...file, rules: { allow: [], ask: [], deny: [] }, mcpServers: {}, hash: '' };
}

function fileChanges(old: SnapshotFile, now: SnapshotFile): UntrackedChange[] {
  const at = { file: now.path, scope: now.scope };
  const out: UntrackedChange[] = [];
  for (const list of LISTS) {
    const was = new Set(old.rules[list]);
    const is = new Set(now.rules[list]);
    for (const rule of is) if (!was.has(rule)) out.push({ ...at, kind: 'rule-added', list, rule });
    for (const rule of was) if (!is.has(rule)) out.push({ ...at, kind: 'rule-removed', list, rule });
  }
  if (old.defaultMode !== now.defaultMode) out.push({ ...at, kind: 'mode-changed', ...(old.defaultMode ? { from: old.defaultMode } : {}), ...(now.defaultMode ? { to: now.defaultMode } : {}) });
  for (const name of [...new Set([...Object.keys(old.mcpServers), ...Object.keys(now.mcpServers)])].sort()) {
    const was = old.mcpServers[name];
    const is = now.mcpServers[name];
    if (was === is) continue;
    out.push({ ...at, kind: was === undefined ? 'mcp-server-added' : is === undefined ? 'mcp-server-removed' : 'mcp-server-changed', rule: name });
  }
  return out;
}
