import { describe, expect, it } from 'vitest';
import type { LedgerSnapshot, SnapshotFile } from '../../src/audit/history/ledger-snapshot.js';
import { untrackedChanges } from '../../src/weekly/untracked-changes.js';

function file(path: string, over: Partial<SnapshotFile> = {}): SnapshotFile {
  return { path, scope: 'user', kind: 'settings', hash: `sha256:${path}`, rules: { allow: [], ask: [], deny: [] }, mcpServers: {}, ...over };
}
const snap = (at: string, files: SnapshotFile[]): LedgerSnapshot => ({ version: 1, at, files });

describe('untrackedChanges', () => {
  it('lists rules added and removed per list, mode and MCP server changes, file by file in path order', () => {
    const before = snap('2026-10-26T09:00:00.000Z', [
      file('~/.claude/settings.json', { rules: { allow: ['Bash(npm test)', 'Bash(ls)'], ask: [], deny: ['Bash(rm *)'] }, defaultMode: 'default' }),
      file('~/.claude.json', { kind: 'global-config', mcpServers: { a: 'h1', b: 'h2' } }),
    ]);
    const after = snap('2026-11-02T09:00:00.000Z', [
      file('~/.claude/settings.json', { hash: 'sha256:x', rules: { allow: ['Bash(npm test)', 'Bash(curl:*)'], ask: [], deny: [] }, defaultMode: 'acceptEdits' }),
      file('~/.claude.json', { kind: 'global-config', hash: 'sha256:y', mcpServers: { a: 'h1-changed', c: 'h3' } }),
    ]);
    expect(untrackedChanges(before, after)).toEqual([
      { file: '~/.claude.json', scope: 'user', kind: 'mcp-server-changed', rule: 'a' },
      { file: '~/.claude.json', scope: 'user', kind: 'mcp-server-removed', rule: 'b' },
      { file: '~/.claude.json', scope: 'user', kind: 'mcp-server-added', rule: 'c' },
      { file: '~/.claude/settings.json', scope: 'user', kind: 'rule-added', list: 'allow', rule: 'Bash(curl:*)' },
      { file: '~/.claude/settings.json', scope: 'user', kind: 'rule-removed', list: 'allow', rule: 'Bash(ls)' },
      { file: '~/.claude/settings.json', scope: 'user', kind: 'rule-removed', list: 'deny', rule: 'Bash(rm *)' },
      { file: '~/.claude/settings.json', scope: 'user', kind: 'mode-changed', from: 'default', to: 'acceptEdits' },
    ]);
  });

  it('says a file appeared (with what it grants) or went away, and a text-only change once', () => {
    const before = snap('a', [file('~/.claude/settings.json'), file('<managed>/managed-settings.json', { scope: 'managed' })]);
    const after = snap('b', [
      file('~/.claude/settings.json', { hash: 'sha256:reformatted' }),
      file('.claude/settings.local.json', { scope: 'local', rules: { allow: ['Bash(make)'], ask: [], deny: [] } }),
    ]);
    expect(untrackedChanges(before, after)).toEqual([
      { file: '.claude/settings.local.json', scope: 'local', kind: 'file-added' },
      { file: '.claude/settings.local.json', scope: 'local', kind: 'rule-added', list: 'allow', rule: 'Bash(make)' },
      { file: '<managed>/managed-settings.json', scope: 'managed', kind: 'file-removed' },
      { file: '~/.claude/settings.json', scope: 'user', kind: 'file-changed' },
    ]);
  });

  it('finds nothing between equal snapshots', () => {
    const s = snap('a', [file('~/.claude/settings.json', { rules: { allow: ['Read'], ask: [], deny: [] } })]);
    expect(untrackedChanges(s, { ...s, at: 'b' })).toEqual([]);
  });
});
