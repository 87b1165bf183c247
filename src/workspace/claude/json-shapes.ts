import type { FileKind } from '../types.js';

/**
 * The JSON types of the keys Claude Code reads (reference §1–§6, SchemaStore's claude-code-settings schema).
 * Only types, not allowed values: a wrong type makes Claude Code reject the file or skip the entry, a wrong value is a
 * matter for the auditors. Unknown keys are not checked (the schema lags behind Claude Code releases).
 */
export type Shape =
  | { type: 'string' | 'number' | 'boolean' | 'any' }
  | { type: 'array'; items?: Shape }
  | { type: 'object'; keys?: Record<string, Shape>; values?: Shape }
  | { type: 'oneOf'; options: Shape[] };

const str: Shape = { type: 'string' };
const num: Shape = { type: 'number' };
const bool: Shape = { type: 'boolean' };
const strings: Shape = { type: 'array', items: str };
const obj = (keys: Record<string, Shape>, values?: Shape): Shape => (values ? { type: 'object', keys, values } : { type: 'object', keys });
const stringMap: Shape = { type: 'object', values: str };

const hookHandler = obj({ type: str, command: str, args: strings, timeout: num, url: str, headers: stringMap, prompt: str, if: str, async: bool, statusMessage: str, once: bool, shell: str, allowedEnvVars: strings, server: str, tool: str, model: str });
const hooks: Shape = obj({}, { type: 'array', items: obj({ matcher: str, hooks: { type: 'array', items: hookHandler } }) });

const mcpServer = obj({ type: str, command: str, args: strings, env: stringMap, url: str, headers: stringMap, headersHelper: str, timeout: num, alwaysLoad: bool });
const mcpServers: Shape = obj({}, mcpServer);

const settings: Shape = obj({
  $schema: str,
  permissions: obj({ allow: strings, ask: strings, deny: strings, additionalDirectories: strings, defaultMode: str, disableBypassPermissionsMode: str, disableAutoMode: str }),
  env: stringMap,
  hooks,
  model: str,
  apiKeyHelper: str,
  cleanupPeriodDays: num,
  includeCoAuthoredBy: bool,
  disableAllHooks: bool,
  enableAllProjectMcpServers: bool,
  enabledMcpjsonServers: strings,
  disabledMcpjsonServers: strings,
  allowManagedPermissionRulesOnly: bool,
  allowManagedHooksOnly: bool,
  allowManagedMcpServersOnly: bool,
  skipDangerousModePermissionPrompt: bool,
  autoMemoryEnabled: bool,
  autoMemoryDirectory: str,
  claudeMdExcludes: strings,
  allowedHttpHookUrls: strings,
  httpHookAllowedEnvVars: strings,
  allowedMcpServers: { type: 'array', items: obj({ serverName: str, serverCommand: strings, serverUrl: str }) },
  deniedMcpServers: { type: 'array', items: obj({ serverName: str, serverCommand: strings, serverUrl: str }) },
  extraKnownMarketplaces: obj({}, obj({ source: obj({}) })),
  sandbox: obj({
    enabled: bool,
    failIfUnavailable: bool,
    autoAllowBashIfSandboxed: bool,
    excludedCommands: strings,
    allowUnsandboxedCommands: bool,
    enableWeakerNestedSandbox: bool,
    enableWeakerNetworkIsolation: bool,
    filesystem: obj({ allowWrite: strings, denyWrite: strings, denyRead: strings, allowRead: strings }),
    network: obj({ allowedDomains: strings, deniedDomains: strings, allowUnixSockets: strings, allowAllUnixSockets: bool, allowLocalBinding: bool }),
  }),
});

const mcpFile: Shape = obj({ mcpServers });

const globalConfig: Shape = obj({ mcpServers, projects: obj({}, obj({ mcpServers, hasTrustDialogAccepted: bool })) });

const pluginManifest: Shape = obj({ name: str, version: str, description: str, keywords: strings, author: obj({ name: str, email: str, url: str }) });

const marketplace: Shape = obj({ name: str, owner: obj({ name: str, email: str, url: str }), plugins: { type: 'array', items: obj({ name: str }) } });

export const JSON_SHAPES: Partial<Record<FileKind, Shape>> = {
  settings,
  mcp: mcpFile,
  'global-config': globalConfig,
  'plugin-manifest': pluginManifest,
  marketplace,
};

export interface ShapeMismatch {
  path: (string | number)[];
  expected: string;
  actual: string;
}

export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function describe(shape: Shape): string {
  if (shape.type === 'oneOf') return shape.options.map(describe).join(' or ');
  if (shape.type === 'array' && shape.items && shape.items.type !== 'any') return `array of ${describe(shape.items)}s`;
  return shape.type;
}

/** Every place where a value does not have the type Claude Code expects (outermost mismatch only). */
export function checkShape(value: unknown, shape: Shape, path: (string | number)[] = [], out: ShapeMismatch[] = []): ShapeMismatch[] {
  if (shape.type === 'any') return out;
  if (shape.type === 'oneOf') {
    if (!shape.options.some((o) => checkShape(value, o, path, []).length === 0)) out.push({ path, expected: describe(shape), actual: jsonTypeOf(value) });
    return out;
  }
  const actual = jsonTypeOf(value);
  if (actual !== shape.type) {
    out.push({ path, expected: describe(shape), actual });
    return out;
  }
  if (shape.type === 'array' && shape.items && Array.isArray(value)) {
    value.forEach((item, i) => checkShape(item, shape.items as Shape, [...path, i], out));
  } else if (shape.type === 'object' && value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const sub = shape.keys?.[key] ?? shape.values;
      if (sub) checkShape(child, sub, [...path, key], out);
    }
  }
  return out;
}
