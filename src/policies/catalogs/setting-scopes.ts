/**
 * Settings keys that do not take effect from every settings file (reference §1.6, the Scope column of the settings
 * reference). Keys not listed here are "Any file" keys. The reference lists the *security-relevant* selection of the
 * settings index, so this table is not exhaustive: an unlisted key is not proof that it applies everywhere.
 *
 * Per-value partial scopes are not modelled here because they depend on the value, not the key:
 * `permissions.defaultMode: "auto"` is ignored in project and local settings (v2.1.142+), and `sandbox.credentials.*`
 * entries with `mode: "mask"` are dropped from project and local files.
 */
export type SettingScopeClass = 'managed-only' | 'user-or-managed' | 'user-local-or-managed' | 'global-config-only';

export type SettingsFileScope = 'managed' | 'user' | 'project' | 'local';

/**
 * Dotted key paths (e.g. "sandbox.network.allowManagedDomainsOnly", "allowManagedHooksOnly") → where they take effect.
 * An entry ending in `.*` (e.g. "policyHelper.*") covers the key itself and everything under it; an entry without it
 * also covers everything nested under it (a nested value cannot apply where its parent key does not).
 */
export const SETTING_SCOPES: Readonly<Record<string, SettingScopeClass>> = Object.freeze({
  // Managed only: no effect in user, project or local settings.
  allowManagedPermissionRulesOnly: 'managed-only',
  allowManagedHooksOnly: 'managed-only',
  allowManagedMcpServersOnly: 'managed-only',
  allowAllClaudeAiMcps: 'managed-only',
  strictKnownMarketplaces: 'managed-only',
  allowedMarketplaces: 'managed-only', // alias of strictKnownMarketplaces
  blockedMarketplaces: 'managed-only',
  strictPluginOnlyCustomization: 'managed-only',
  'strictPluginOnlyCustomization.skills': 'managed-only',
  'strictPluginOnlyCustomization.agents': 'managed-only',
  'strictPluginOnlyCustomization.hooks': 'managed-only',
  'strictPluginOnlyCustomization.mcp': 'managed-only',
  disableCommandPluginSources: 'managed-only',
  disableSideloadFlags: 'managed-only',
  pluginTrustMessage: 'managed-only',
  pluginSuggestionMarketplaces: 'managed-only',
  allowedChannelPlugins: 'managed-only',
  channelsEnabled: 'managed-only',
  claudeMd: 'managed-only',
  forceRemoteSettingsRefresh: 'managed-only',
  forceLoginGatewayUrl: 'managed-only',
  parentSettingsBehavior: 'managed-only',
  'policyHelper.*': 'managed-only',
  requiredMinimumVersion: 'managed-only',
  requiredMaximumVersion: 'managed-only',
  'sandbox.bwrapPath': 'managed-only',
  'sandbox.socatPath': 'managed-only',
  'sandbox.filesystem.allowManagedReadPathsOnly': 'managed-only',
  'sandbox.network.allowManagedDomainsOnly': 'managed-only',
  sshHostAllowlist: 'managed-only',
  browserExternalPageTools: 'managed-only',
  disableBrowserExternalNavigation: 'managed-only',
  disableMobileSimulatorTools: 'managed-only',
  wslInheritsWindowsSettings: 'managed-only',

  // User or managed: ignored in .claude/settings.json and .claude/settings.local.json.
  autoMode: 'user-or-managed',
  'autoMode.classifyAllShell': 'user-or-managed',
  skipAutoPermissionPrompt: 'user-or-managed',
  pluginConfigs: 'user-or-managed', // project/local entries ignored since v2.1.207
  processWrapper: 'user-or-managed',
  'sandbox.allowAppleEvents': 'user-or-managed',
  'sandbox.credentials.allowPlaintextInject': 'user-or-managed',
  'sandbox.credentials.awsPairs': 'user-or-managed',
  'sandbox.credentials.sigv4': 'user-or-managed',
  'sandbox.filesystem.disabled': 'user-or-managed',
  'sandbox.network.strictAllowlist': 'user-or-managed',
  'sandbox.network.tlsTerminate': 'user-or-managed',
  'sandbox.ripgrep': 'user-or-managed',
  askUserQuestionTimeout: 'user-or-managed',
  dialogExpiry: 'user-or-managed',
  enableArtifact: 'user-or-managed',
  footerLinksRegexes: 'user-or-managed',
  spellcheck: 'user-or-managed',
  sshConfigs: 'user-or-managed',
  vimInsertModeRemaps: 'user-or-managed',

  // User, local or managed: ignored only in the shared project file .claude/settings.json.
  skipDangerousModePermissionPrompt: 'user-local-or-managed',
  useAutoModeDuringPlan: 'user-local-or-managed',
  syncClaudeAiSkills: 'user-local-or-managed',

  // Global config: read from ~/.claude.json only, ignored in every settings.json.
  autoConnectIde: 'global-config-only',
  autoInstallIdeExtension: 'global-config-only',
  diffTool: 'global-config-only',
  externalEditorContext: 'global-config-only',
  permissionExplainerEnabled: 'global-config-only',
  teammateDefaultModel: 'global-config-only', // removed in v2.1.234
} satisfies Record<string, SettingScopeClass>);

function lookup(key: string): SettingScopeClass | undefined {
  return Object.prototype.hasOwnProperty.call(SETTING_SCOPES, key) ? SETTING_SCOPES[key] : undefined;
}

/**
 * The scope class of a dotted key path: the exact path if listed, otherwise the nearest listed parent
 * (`"policyHelper.command"` → the `"policyHelper.*"` entry; `"strictPluginOnlyCustomization.x"` → its parent entry).
 * Returns undefined for keys that apply from any settings file (e.g. `permissions.allow`, `model`, `hooks`).
 */
export function scopeClassOf(keyPath: string): SettingScopeClass | undefined {
  const parts = keyPath.split('.');
  for (let end = parts.length; end > 0; end--) {
    const prefix = parts.slice(0, end).join('.');
    const found = lookup(prefix) ?? lookup(`${prefix}.*`);
    if (found) return found;
  }
  return undefined;
}

const EFFECTIVE_SCOPES: Readonly<Record<SettingScopeClass, ReadonlySet<SettingsFileScope>>> = {
  'managed-only': new Set(['managed']),
  'user-or-managed': new Set(['user', 'managed']),
  'user-local-or-managed': new Set(['user', 'local', 'managed']),
  'global-config-only': new Set(),
};

/** Whether a key set in a file of this scope has any effect there. scope: 'managed'|'user'|'project'|'local'. */
export function takesEffectIn(cls: SettingScopeClass, scope: SettingsFileScope): boolean {
  return EFFECTIVE_SCOPES[cls].has(scope);
}
