import { describe, expect, it } from 'vitest';
import { SETTING_SCOPES, scopeClassOf, takesEffectIn, type SettingScopeClass } from '../../../src/policies/catalogs/setting-scopes.js';

describe('scopeClassOf', () => {
  it.each<[string, SettingScopeClass]>([
    ['allowManagedPermissionRulesOnly', 'managed-only'],
    ['allowManagedHooksOnly', 'managed-only'],
    ['strictKnownMarketplaces', 'managed-only'],
    ['allowedMarketplaces', 'managed-only'],
    ['sandbox.network.allowManagedDomainsOnly', 'managed-only'],
    ['sandbox.filesystem.allowManagedReadPathsOnly', 'managed-only'],
    ['claudeMd', 'managed-only'],
  ])('%s is %s', (key, cls) => {
    expect(scopeClassOf(key)).toBe(cls);
  });

  it.each<[string, SettingScopeClass]>([
    ['autoMode', 'user-or-managed'],
    ['autoMode.classifyAllShell', 'user-or-managed'],
    ['sandbox.allowAppleEvents', 'user-or-managed'],
    ['sandbox.filesystem.disabled', 'user-or-managed'],
    ['sandbox.credentials.awsPairs', 'user-or-managed'],
    ['pluginConfigs', 'user-or-managed'],
  ])('%s is %s', (key, cls) => {
    expect(scopeClassOf(key)).toBe(cls);
  });

  it.each<[string, SettingScopeClass]>([
    ['skipDangerousModePermissionPrompt', 'user-local-or-managed'],
    ['useAutoModeDuringPlan', 'user-local-or-managed'],
    ['syncClaudeAiSkills', 'user-local-or-managed'],
  ])('%s is %s', (key, cls) => {
    expect(scopeClassOf(key)).toBe(cls);
  });

  it.each<[string, SettingScopeClass]>([
    ['autoConnectIde', 'global-config-only'],
    ['diffTool', 'global-config-only'],
    ['permissionExplainerEnabled', 'global-config-only'],
  ])('%s is %s', (key, cls) => {
    expect(scopeClassOf(key)).toBe(cls);
  });

  it('resolves nested keys through a listed parent', () => {
    expect(scopeClassOf('policyHelper')).toBe('managed-only');
    expect(scopeClassOf('policyHelper.command')).toBe('managed-only');
    expect(scopeClassOf('strictPluginOnlyCustomization')).toBe('managed-only');
    expect(scopeClassOf('strictPluginOnlyCustomization.skills')).toBe('managed-only');
    expect(scopeClassOf('autoMode.allow')).toBe('user-or-managed');
    expect(scopeClassOf('sandbox.ripgrep.command')).toBe('user-or-managed');
  });

  it('returns undefined for keys that apply from any settings file', () => {
    for (const key of [
      'permissions.allow',
      'permissions.deny',
      'permissions.defaultMode',
      'model',
      'hooks',
      'hooks.PreToolUse',
      'sandbox',
      'sandbox.enabled',
      'sandbox.network',
      'sandbox.credentials',
      'sandbox.credentials.files',
      'disableBypassPermissionsMode',
      'policyHelperX',
      'constructor',
      'toString',
      '',
    ]) {
      expect(scopeClassOf(key), key).toBeUndefined();
    }
  });

  it('lists only valid classes', () => {
    const classes = new Set<string>(['managed-only', 'user-or-managed', 'user-local-or-managed', 'global-config-only']);
    for (const cls of Object.values(SETTING_SCOPES)) expect(classes.has(cls)).toBe(true);
  });
});

describe('takesEffectIn', () => {
  const scopes = ['managed', 'user', 'project', 'local'] as const;
  const expected: Record<SettingScopeClass, readonly (typeof scopes)[number][]> = {
    'managed-only': ['managed'],
    'user-or-managed': ['managed', 'user'],
    'user-local-or-managed': ['managed', 'user', 'local'],
    'global-config-only': [],
  };

  it.each(Object.entries(expected))('%s takes effect in %j only', (cls, where) => {
    for (const scope of scopes) expect(takesEffectIn(cls as SettingScopeClass, scope), scope).toBe(where.includes(scope));
  });

  it('combines with scopeClassOf', () => {
    const cls = scopeClassOf('allowManagedHooksOnly');
    expect(cls && takesEffectIn(cls, 'project')).toBe(false);
    const skip = scopeClassOf('skipDangerousModePermissionPrompt');
    expect(skip && takesEffectIn(skip, 'local')).toBe(true);
    expect(skip && takesEffectIn(skip, 'project')).toBe(false);
  });
});
