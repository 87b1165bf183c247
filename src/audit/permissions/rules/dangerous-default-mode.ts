import { createRule } from '../../create-rule.js';
import { analysisOf, reportSetting } from '../analysis.js';

export const dangerousDefaultMode = createRule({
  id: 'permissions/dangerous-default-mode',
  description: 'Sessions start in bypassPermissions, or its warning dialog is pre-accepted',
  defaultSeverity: 'error',
  howToFix: 'Use `acceptEdits`, `default` or `plan` with specific allow rules; enable bypass only at launch in a disposable sandbox.',
  messages: {
    bypass: '`defaultMode: "bypassPermissions"` in {{scope}} settings starts every session with all permission checks off (only deny and ask rules still apply). Use `"acceptEdits"` or `"default"`; organisations can set `permissions.disableBypassPermissionsMode: "disable"` in managed settings.',
    'skip-prompt': '`skipDangerousModePermissionPrompt: true` in {{scope}} settings skips the warning before bypassPermissions mode. Remove it so that entering the mode is a conscious choice.',
  },
  check(context) {
    const { effective } = analysisOf(context.workspace, context.policy);
    for (const layer of effective.layers) {
      const perms = layer.value.permissions as Record<string, unknown> | undefined;
      if (perms?.defaultMode === 'bypassPermissions' && !effective.bypassDisabled) {
        reportSetting(context, layer.file.path, '/permissions/defaultMode', 'bypass', { scope: layer.scope });
      }
      // In project settings the key has no effect (misplaced-setting reports that), so it is not a danger there.
      if (layer.value.skipDangerousModePermissionPrompt === true && layer.scope !== 'project') {
        reportSetting(context, layer.file.path, '/skipDangerousModePermissionPrompt', 'skip-prompt', { scope: layer.scope });
      }
    }
  },
});
