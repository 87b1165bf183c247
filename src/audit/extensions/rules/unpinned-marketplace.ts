import { locate } from '../../../workspace/json-document.js';
import { isObject, objectOr } from '../../../workspace/json-value.js';
import { toPointer } from '../../../workspace/json-pointer.js';
import type { ConfigFile } from '../../../workspace/types.js';
import { createRule } from '../../create-rule.js';
import type { RuleContext } from '../../types.js';
import { originOf, pinOf } from '../marketplace-sources.js';
import { isCommittedProjectFile, reportAt } from '../report-at.js';

const MARKETPLACE_KEYS = ['extraKnownMarketplaces', 'additionalMarketplaces'] as const;

const personal = (file: ConfigFile): boolean => file.scope === 'user' || file.scope === 'local' || (file.scope === 'project' && !isCommittedProjectFile(file));
const spanAt = (file: ConfigFile, pointer: string) => (file.json ? { span: locate(file.json, pointer) } : {});

export const unpinnedMarketplace = createRule({
  id: 'extensions/unpinned-marketplace',
  description: 'A plugin marketplace or marketplace plugin fetched without a commit or version pin, a third-party marketplace set to auto-update, or marketplaces added by a committed project file',
  defaultSeverity: 'warning',
  howToFix: 'Pin each marketplace and plugin source to a commit (`sha`) or tag, and turn off `autoUpdate` for third-party ones.',
  messages: {
    'no-pin': 'Marketplace "{{name}}" ({{target}}) has no `ref` or `sha`: it installs whatever is on the default branch when fetched{{plugins}}. Pin a commit with `sha` (or at least a tag with `ref`).',
    'moving-ref': 'Marketplace "{{name}}" ({{target}}) is pinned to branch `{{ref}}`, which moves with every push{{plugins}}. Pin a commit with `sha` or a tag.',
    'plugin-no-pin': 'Plugin "{{name}}" in this marketplace comes from {{target}} without `ref` or `sha`: every install gets the latest commit. Pin it with `sha`.',
    'plugin-moving-ref': 'Plugin "{{name}}" comes from {{target}} at branch `{{ref}}`, which moves with every push. Pin it with `sha` or a tag.',
    'plugin-version-range': 'Plugin "{{name}}" comes from {{target}} without an exact `version`: every install may get a different release. Pin `version` to x.y.z.',
    'plugin-no-checksum': 'Plugin "{{name}}" is downloaded from an archive at {{target}} without `sha256`: the file can change under the same URL. Add its `sha256`.',
    'plugin-command': 'Plugin "{{name}}" is installed by running a shell command on the user\'s machine: what it installs cannot be pinned or reviewed here. Publish it from a pinned git or npm source.',
    'auto-update': 'Third-party marketplace "{{name}}" has `autoUpdate: true`: its plugins change on every startup without review (third-party marketplaces default to `false`).',
    committed: 'Marketplace "{{name}}" is added by a committed project file: every contributor who trusts this folder is offered its plugins. Make sure the team reviews what it installs.',
    impersonation: 'Marketplace "{{name}}" uses a name reserved for Anthropic\'s marketplaces but comes from {{target}}: a look-alike of an official source. Rename it, or point it at the official source.',
  },
  check(context) {
    const enabled = enabledPlugins(context);
    for (const file of context.workspace.files) {
      if (file.kind === 'settings') checkSettings(context, file, enabled);
      else if (file.kind === 'marketplace') checkPluginEntries(context, file, objectOr(file.json?.value).plugins, ['plugins']);
    }
  },
});

/** Enabled plugins per marketplace (`plugin@marketplace: true` in any settings file). */
function enabledPlugins(context: RuleContext): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const file of context.workspace.files) {
    const plugins = file.kind === 'settings' && isObject(file.json?.value) ? file.json.value.enabledPlugins : undefined;
    if (!isObject(plugins)) continue;
    for (const [id, on] of Object.entries(plugins)) {
      const at = id.lastIndexOf('@');
      if (on !== true || at <= 0) continue;
      const market = id.slice(at + 1);
      out.set(market, [...new Set([...(out.get(market) ?? []), id.slice(0, at)])]);
    }
  }
  return out;
}

function checkSettings(context: RuleContext, file: ConfigFile, enabled: Map<string, string[]>): void {
  const settings = objectOr(file.json?.value);
  for (const key of MARKETPLACE_KEYS) {
    const markets = settings[key];
    if (!isObject(markets)) continue;
    for (const [name, entry] of Object.entries(markets)) {
      if (!isObject(entry)) continue;
      const at = (...rest: (string | number)[]) => toPointer([key, name, ...rest]);
      const origin = originOf(name, entry.source);
      if (origin === 'official') continue;
      const pin = pinOf(entry.source);
      const target = pin?.target ?? 'a local source';
      if (origin === 'impersonation') reportAt(context, file, at('source'), 'impersonation', { name, target });
      const plugins = enabled.get(name) ?? [];
      const data = { name, target, ref: pin?.ref ?? '', plugins: plugins.length > 0 ? `, and ${plugins.length} enabled plugin(s) install from it (${plugins.join(', ')})` : '' };
      // A personal marketplace risks one machine; a shared or managed one every machine that loads the file.
      if (pin?.reason === 'no-pin' || pin?.reason === 'moving-ref') context.report({ file, messageId: pin.reason, data, pointer: at('source'), ...spanAt(file, at('source')), ...(personal(file) ? { downgrade: true } : {}) });
      else if (isCommittedProjectFile(file)) context.report({ file, messageId: 'committed', data: { name }, pointer: at(), downgrade: true, ...spanAt(file, at()) });
      if (entry.autoUpdate === true && !pin?.exact) reportAt(context, file, at('autoUpdate'), 'auto-update', { name });
      // An inline (`settings`) marketplace lists its plugins right here.
      if (isObject(entry.source)) checkPluginEntries(context, file, entry.source.plugins, [key, name, 'source', 'plugins']);
    }
  }
}

function checkPluginEntries(context: RuleContext, file: ConfigFile, plugins: unknown, path: (string | number)[]): void {
  if (!Array.isArray(plugins)) return;
  plugins.forEach((plugin, i) => {
    if (!isObject(plugin)) return;
    const pin = pinOf(plugin.source);
    if (!pin?.reason) return;
    const name = typeof plugin.name === 'string' ? plugin.name : `#${i}`;
    reportAt(context, file, toPointer([...path, i, 'source']), `plugin-${pin.reason}`, { name, target: pin.target, ref: pin.ref ?? '' }, `${name}:${pin.reason}`);
  });
}
