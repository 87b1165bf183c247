import { createRule } from '../../create-rule.js';
import { scopeClassOf, takesEffectIn, type SettingScopeClass } from '../../../policies/catalogs/setting-scopes.js';
import { toPointer } from '../../../workspace/json-pointer.js';
import { isObject } from '../../../workspace/json-value.js';
import { analysisOf, reportSetting } from '../analysis.js';

const WHERE: Record<SettingScopeClass, string> = {
  'managed-only': 'managed settings',
  'user-or-managed': 'user (~/.claude/settings.json) or managed settings',
  'user-local-or-managed': 'user, local or managed settings',
  'global-config-only': '~/.claude.json',
};

export const misplacedSetting = createRule({
  id: 'permissions/misplaced-setting',
  description: 'A setting written in a file where Claude Code ignores it (managed-only, user-only or ~/.claude.json-only keys)',
  defaultSeverity: 'warning',
  howToFix: 'Move the key to the scope where Claude Code reads it (managed or user settings), or delete it.',
  messages: {
    misplaced: '`{{key}}` has no effect in {{scope}} settings: Claude Code reads it only from {{where}}. Move it there (or remove it, since it gives a false sense of control).',
  },
  check(context) {
    const { effective } = analysisOf(context.workspace, context.policy);
    for (const layer of effective.layers) {
      if (layer.scope !== 'managed' && layer.scope !== 'user' && layer.scope !== 'project' && layer.scope !== 'local') continue;
      const scope = layer.scope;
      const visit = (value: Record<string, unknown>, path: string[]) => {
        for (const [key, child] of Object.entries(value)) {
          const keyPath = [...path, key];
          const cls = scopeClassOf(keyPath.join('.'));
          if (cls && !takesEffectIn(cls, scope)) {
            reportSetting(context, layer.file.path, toPointer(keyPath), 'misplaced', { key: keyPath.join('.'), scope, where: WHERE[cls] });
          } else if (isObject(child) && path.length < 3) visit(child, keyPath);
        }
      };
      visit(layer.value, []);
    }
  },
});
