import { extensionsPolicyOf } from '../../policies/extensions-policy.js';
import type { Auditor } from '../types.js';
import { inventoryOf } from './report-at.js';
import { ignoredPluginField } from './rules/ignored-plugin-field.js';
import { integrityMismatch } from './rules/integrity-mismatch.js';
import { invalidExtensionMetadata } from './rules/invalid-extension-metadata.js';
import { mcpAutoApproval } from './rules/mcp-auto-approval.js';
import { mcpServerNotAllowed } from './rules/mcp-server-not-allowed.js';
import { promptInjectionIndicator } from './rules/prompt-injection-indicator.js';
import { riskyHook } from './rules/risky-hook.js';
import { secretInConfig } from './rules/secret-in-config.js';
import { tierCeilingExceeded } from './rules/tier-ceiling-exceeded.js';
import { unpinnedMarketplace } from './rules/unpinned-marketplace.js';
import { unsignedExtension } from './rules/unsigned-extension.js';
import { unpinnedMcpServer } from './rules/unpinned-mcp-server.js';
import { unreviewedExtension } from './rules/unreviewed-extension.js';

/** Hooks, MCP servers, skills, agents, commands, output styles and plugins: where each comes from and what it risks. */
export const extensionsAuditor: Auditor = {
  id: 'extensions',
  description: 'Extensions (MCP servers, hooks, skills, subagents, commands, output styles, plugins): trust tiers, pinning, secrets, auto-approval, review',
  rules: [unpinnedMcpServer, secretInConfig, mcpAutoApproval, unreviewedExtension, riskyHook, tierCeilingExceeded, ignoredPluginField, mcpServerNotAllowed, promptInjectionIndicator, invalidExtensionMetadata, unpinnedMarketplace, integrityMismatch, unsignedExtension],
  metrics({ workspace, policy }) {
    const byKind: Record<string, number> = {};
    const counts: Record<string, number> = {};
    const { extensions } = inventoryOf(workspace);
    for (const e of extensions) {
      byKind[e.kind] = (byKind[e.kind] ?? 0) + 1;
      counts[e.tier] = (counts[e.tier] ?? 0) + 1;
    }
    // Most trusted first, in the policy's order.
    const byTier = Object.fromEntries(extensionsPolicyOf(policy).tierOrder.filter((t) => counts[t] !== undefined).map((t) => [t, counts[t]]));
    return { extensions: extensions.length, byKind, byTier };
  },
};
