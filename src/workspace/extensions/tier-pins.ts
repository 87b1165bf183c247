import type { Extension, TierPins, TrustTier } from './types.js';

/**
 * The tier of each extension once the policy's pins (`extensions.tiers`) apply: its own pin (`kind:name`, then
 * `name`), else the pin of the extension declaring it (a skill for its frontmatter hooks), else its plugin's pin,
 * else its origin's tier.
 */
export function applyTierPins(extensions: Extension[], pins: TierPins): Extension[] {
  if (pins.size === 0) return extensions;
  const own = (kind: string, name: string): TrustTier | undefined => pins.get(`${kind}:${name}`) ?? pins.get(name);
  const declarers = new Map<string, TrustTier | undefined>();
  for (const e of extensions) declarers.set(`${e.kind}:${e.name}`, own(e.kind, e.name));
  for (const e of extensions) {
    const plugin = e.origin.plugin;
    const tier =
      own(e.kind, e.name) ??
      (e.origin.declaredBy !== undefined ? declarers.get(e.origin.declaredBy) : undefined) ??
      (plugin ? own('plugin', plugin.id) : undefined);
    if (tier) e.tier = tier;
  }
  return extensions;
}
