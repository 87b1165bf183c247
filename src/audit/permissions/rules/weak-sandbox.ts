import { createRule } from '../../create-rule.js';
import { SANDBOX_WEAKNESSES, type SandboxWeakness } from '../../../policies/catalogs/sandbox-settings.js';
import { toPointer } from '../../../workspace/json-pointer.js';
import { analysisOf, reportSetting } from '../analysis.js';

function valueAt(value: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[k] : undefined), value);
}

function weakens(w: SandboxWeakness, value: unknown): boolean {
  const v = value === undefined ? w.defaultValue : value;
  if (w.when === 'true') return v === true;
  if (w.when === 'false') return v === false;
  if (!Array.isArray(v)) return false;
  if (w.when === 'nonempty') return v.some((e) => typeof e === 'string' && (w.match === undefined || e.includes(w.match)));
  return v.some((e) => typeof e === 'string' && /[*?[]/.test(e.replace(/\/\*\*$/, '')));
}

export const weakSandbox = createRule({
  id: 'permissions/weak-sandbox',
  description: 'Sandbox settings that weaken or silently disable the OS sandbox',
  defaultSeverity: 'warning',
  howToFix: 'Set `"failIfUnavailable": true` and `"allowUnsandboxedCommands": false`, and keep `excludedCommands` empty.',
  messages: {
    weak: '`{{key}}` {{state}}: {{why}}',
  },
  check(context) {
    const { effective } = analysisOf(context.workspace, context.policy);
    const enabledIn = effective.layers.find((l) => valueAt(l.value, 'sandbox.enabled') === true);
    for (const w of SANDBOX_WEAKNESSES) {
      const explicit = effective.layers.filter((l) => valueAt(l.value, w.key) !== undefined);
      // Scalars come from the highest scope that sets them; lists merge, so every file that sets one counts.
      const deciding = w.when === 'true' || w.when === 'false' ? explicit.slice(0, 1) : explicit;
      for (const layer of deciding) {
        if (w.requiresEnabled && !enabledIn) continue;
        if (weakens(w, valueAt(layer.value, w.key))) {
          reportSetting(context, layer.file.path, toPointer(w.key.split('.')), 'weak', { key: w.key, state: 'is set', why: w.why });
        }
      }
      if (explicit.length === 0 && w.requiresEnabled && enabledIn && weakens(w, undefined)) {
        reportSetting(context, enabledIn.file.path, '/sandbox/enabled', 'weak', { key: w.key, state: 'is not set', why: w.why }, w.key);
      }
    }
  },
});
