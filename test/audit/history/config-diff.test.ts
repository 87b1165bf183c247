import { describe, expect, it } from 'vitest';
import { diffFile } from '../../../src/audit/history/config-diff.js';

const mcp = { path: '.mcp.json', scope: 'project' as const, kind: 'mcp' as const };
const server = (pkg: string) => ({ command: 'npx', args: ['-y', pkg] });
const kinds = (changes: ReturnType<typeof diffFile>) => changes.map((c) => [c.kind, c.key]);

describe('diffFile: MCP servers', () => {
  it('lists added and changed servers by name, then removed ones, and leaves shared ones alone', () => {
    const shared = server('@modelcontextprotocol/server-github');
    const before = { mcpServers: { github: shared, zeta: server('z@1'), gone: server('g') } };
    const after = { mcpServers: { alpha: server('a'), github: shared, zeta: server('z@2') } };
    expect(kinds(diffFile(mcp, before, after))).toEqual([
      ['mcp-server-added', 'alpha'],
      ['mcp-server-changed', 'zeta'],
      ['mcp-server-removed', 'gone'],
    ]);
  });

  it('tells servers named like members every object has (constructor, toString) added and removed', () => {
    const before = { mcpServers: { toString: server('t') } };
    const after = { mcpServers: { constructor: server('c') } };
    expect(kinds(diffFile(mcp, before, after))).toEqual([
      ['mcp-server-added', 'constructor'],
      ['mcp-server-removed', 'toString'],
    ]);
    expect(kinds(diffFile(mcp, { mcpServers: {} }, JSON.parse('{"mcpServers":{"__proto__":{"command":"x"}}}')))).toEqual([['mcp-server-added', '__proto__']]);
  });
});
