import { TRUST_TIERS, type TierPins, type TrustTier } from '../workspace/extensions/types.js';
import { BUILT_IN_TOOLS } from './permission-rules/tools.js';
import type { ResolvedPolicy } from './resolved-policy.js';
import type { SUBAGENT_PERMISSION_MODES } from './policy-schema.js';

export type SubagentPermissionMode = (typeof SUBAGENT_PERMISSION_MODES)[number];

/** What one tier may grant or do; an absent key is no limit. */
export interface TierCeiling {
  /** Permission-rule patterns; a granted tool must be contained in one of them. */
  tools?: string[];
  shell?: boolean;
  permissionMode?: boolean | SubagentPermissionMode[];
  hooks?: boolean;
  mcpServers?: boolean;
}

export interface McpServerMatcher {
  name?: string;
  command?: string[];
  url?: string;
}

export interface ExtensionsPolicy {
  tierOrder: TrustTier[];
  pins: TierPins;
  ceilings: Record<TrustTier, TierCeiling>;
  mcp: { allow?: McpServerMatcher[]; block: McpServerMatcher[] };
  /** `allowed_signers` file of the keys that may sign manifests (`~/` = home, relative = from the root). */
  signers?: string;
  /** Tiers whose extensions must be covered by a valid signed manifest. */
  requireSignature: TrustTier[];
}

/** Modes that approve tool calls without asking; the others only narrow what the session allows. */
export const APPROVING_MODES: ReadonlySet<string> = new Set(['acceptEdits', 'auto', 'bypassPermissions']);

/**
 * What an extension from an untrusted tier may pre-approve by default: every built-in tool except the shells and the
 * tools that are unrestricted when granted bare (`Edit`, `Write`, `NotebookEdit`, `WebFetch`), plus edits inside the
 * project and MCP tools (each MCP server has its own approval).
 */
const LIMITED_TOOLS: readonly string[] = [
  ...[...BUILT_IN_TOOLS].filter((t) => !['Bash', 'PowerShell', 'Edit', 'Write', 'NotebookEdit', 'WebFetch'].includes(t)).sort(),
  'Edit(./**)',
  'mcp__*',
];

/**
 * Default ceilings. Managed, bundled and user extensions are chosen by the organisation or the person and are not
 * limited. Project and plugin ones come with a repository or a download: no shell or unrestricted grants, no mode
 * that approves everything. Whatever an MCP server contributes may not run shell or change permissions at all.
 */
const DEFAULT_CEILINGS: Readonly<Record<TrustTier, TierCeiling>> = {
  managed: {},
  bundled: {},
  user: {},
  project: { tools: [...LIMITED_TOOLS], permissionMode: ['acceptEdits'] },
  plugin: { tools: [...LIMITED_TOOLS], permissionMode: false },
  mcp: { tools: [...LIMITED_TOOLS], shell: false, permissionMode: false, hooks: false, mcpServers: false },
};

const cache = new WeakMap<ResolvedPolicy, ExtensionsPolicy>();

/** The `extensions` section with defaults applied (the schema has already validated it). */
export function extensionsPolicyOf(policy: Pick<ResolvedPolicy, 'sections'>): ExtensionsPolicy {
  const cached = cache.get(policy as ResolvedPolicy);
  if (cached) return cached;
  const section = (policy.sections.extensions ?? {}) as {
    tierOrder?: TrustTier[];
    tiers?: Record<string, TrustTier>;
    ceilings?: Partial<Record<TrustTier, TierCeiling>>;
    mcp?: { allow?: McpServerMatcher[]; block?: McpServerMatcher[] };
    signers?: string;
    requireSignature?: TrustTier[];
  };
  const ceilings = Object.fromEntries(TRUST_TIERS.map((t) => [t, { ...DEFAULT_CEILINGS[t], ...(section.ceilings?.[t] ?? {}) }])) as Record<TrustTier, TierCeiling>;
  const resolved: ExtensionsPolicy = {
    tierOrder: section.tierOrder ? [...section.tierOrder] : [...TRUST_TIERS],
    pins: new Map(Object.entries(section.tiers ?? {})),
    ceilings,
    mcp: { ...(section.mcp?.allow ? { allow: section.mcp.allow } : {}), block: section.mcp?.block ?? [] },
    ...(section.signers ? { signers: section.signers } : {}),
    requireSignature: section.requireSignature ?? [],
  };
  cache.set(policy as ResolvedPolicy, resolved);
  return resolved;
}

/** The permission modes a ceiling lets a subagent set (narrowing modes always pass). */
export function modeWithinCeiling(mode: string, ceiling: TierCeiling['permissionMode']): boolean {
  if (!APPROVING_MODES.has(mode) || ceiling === undefined || ceiling === true) return true;
  return Array.isArray(ceiling) && (ceiling as string[]).includes(mode);
}
