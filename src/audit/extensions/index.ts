import type { Auditor } from '../types.js';
import { inventoryOf } from './report-at.js';
import { integrityMismatch } from './rules/integrity-mismatch.js';
import { unsignedExtension } from './rules/unsigned-extension.js';
import { mcpAutoApproval } from './rules/mcp-auto-approval.js';
import { riskyHook } from './rules/risky-hook.js';
import { secretInConfig } from './rules/secret-in-config.js';
import { unpinnedMcpServer } from './rules/unpinned-mcp-server.js';
import { unreviewedExtension } from './rules/unreviewed-extension.js';

/** Hooks, MCP servers, skills, agents, commands, output styles and plugins: where each comes from and what it risks. */
export const extensionsAuditor: Auditor = {
  id: 'extensions',
  description: 'Extensions (MCP servers, hooks, skills, subagents, commands, output styles, plugins): trust tiers, pinning, secrets, auto-approval, review',
  rules: [unpinnedMcpServer, secretInConfig, mcpAutoApproval, unreviewedExtension, riskyHook, integrityMismatch, unsignedExtension],
  metrics({ workspace }) {
    const byKind: Record<string, number> = {};
    const byTier: Record<string, number> = {};
    const { extensions } = inventoryOf(workspace);
    for (const e of extensions) {
      byKind[e.kind] = (byKind[e.kind] ?? 0) + 1;
      byTier[e.tier] = (byTier[e.tier] ?? 0) + 1;
    }
    return { extensions: extensions.length, byKind, byTier };
  },
};
