import { lockStateOf } from '../audit/prompts/lock-state.js';
import { sameJson } from '../policies/canonical-json.js';
import { extensionsPolicyOf } from '../policies/extensions-policy.js';
import type { ResolvedPolicy } from '../policies/resolved-policy.js';
import { extensionKeyOf, LOCKED_FILE_KINDS, MANIFEST_LOCK_KIND } from '../workspace/extensions/extension-lock.js';
import { loadExtensionSignatures } from '../workspace/extensions/signatures.js';
import { TRUST_TIERS, type Extension } from '../workspace/extensions/types.js';
import { loadPromptSet } from '../workspace/prompts/load-prompt-set.js';
import type { Workspace } from '../workspace/types.js';

/** `yes` (recorded and unchanged), `changed`, `no` (not recorded), or `-` (does not apply: no lock, manifest or signers; not a project extension). */
export type TrustMark = 'yes' | 'changed' | 'no' | '-';

export interface TrustColumns {
  locked: TrustMark;
  signed: TrustMark;
}

/**
 * For `extensions list`: whether agentgov.lock.json records each extension as it is now, and whether a signed
 * manifest of its tier (at the conventional path, verified with the policy's `extensions.signers`) covers it.
 */
export async function trustColumnsOf(workspace: Workspace, extensions: readonly Extension[], policy: ResolvedPolicy, now: Date): Promise<Map<Extension, TrustColumns>> {
  const lock = lockStateOf(await loadPromptSet(workspace, policy.ignore));
  const signing = extensionsPolicyOf(policy);
  const signatures = signing.signers ? await loadExtensionSignatures(workspace, { extensions: [...extensions], notices: [] }, { ...signing, requireSignature: [...TRUST_TIERS] }, { now }) : undefined;
  const out = new Map<Extension, TrustColumns>();
  for (const ext of extensions) {
    const key = extensionKeyOf(ext);
    // A whole-file extension is locked as a prompt file (a skill, an agent) or, for the repository's own plugin, as its manifest.
    const entryOf = (l: typeof lock.live | undefined) => (ext.pointer !== null ? l?.extensions[ext.kind]?.[key] : LOCKED_FILE_KINDS.has(ext.file.kind) ? l?.extensions[MANIFEST_LOCK_KIND]?.[ext.file.path] : l?.files[ext.file.path]);
    const live = entryOf(lock.live);
    const recorded = entryOf(lock.recorded);
    const locked: TrustMark = !lock.recorded || !live ? '-' : !recorded ? 'no' : sameJson(live, recorded) ? 'yes' : 'changed';
    const tier = signatures?.tiers[ext.tier];
    const subject = tier?.subjects.get(key);
    const signed: TrustMark = !tier || tier.problem?.check === 'no-manifest' ? '-' : subject === 'ok' ? 'yes' : subject === 'changed' ? 'changed' : 'no';
    out.set(ext, { locked, signed });
  }
  return out;
}
