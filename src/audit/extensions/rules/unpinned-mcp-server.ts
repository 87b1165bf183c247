import { createRule } from '../../create-rule.js';
import { unpinnedOf } from '../pinning.js';
import { inventoryOf, reportExtension } from '../report-at.js';

export const unpinnedMcpServer = createRule({
  id: 'extensions/unpinned-mcp-server',
  description: 'An MCP server started from a package or image without an exact version or digest, or reached over plain http',
  defaultSeverity: 'warning',
  howToFix: 'Pin an exact version (`pkg@1.2.3`, `pkg==1.2.3`) or image digest, and use https for remote servers.',
  messages: {
    'no-version': 'MCP server "{{name}}" runs {{runner}} package "{{target}}" without an exact version: every start may fetch different code. Pin it (`pkg@1.2.3`, `pkg==1.2.3`).',
    latest: 'MCP server "{{name}}" runs {{runner}} package "{{target}}" at `latest`: every start may fetch different code. Pin an exact version.',
    'no-digest': 'MCP server "{{name}}" runs image "{{target}}" without a digest: the tag can be moved. Pin it with `@sha256:…`.',
    'plain-http': 'MCP server "{{name}}" is reached over plain http at {{target}}: anyone on the path can read or change its tools and answers. Use https.',
  },
  check(context) {
    for (const ext of inventoryOf(context.workspace).extensions) {
      if (ext.kind !== 'mcp-server') continue;
      const unpinned = unpinnedOf(ext.server);
      if (!unpinned) continue;
      const sub = unpinned.reason === 'plain-http' ? 'url' : 'command';
      reportExtension(context, ext, unpinned.reason, { runner: unpinned.runner, target: unpinned.target }, [sub]);
    }
  },
});
