import { extensionsPolicyOf } from '../../../policies/extensions-policy.js';
import { extensionKeyOf } from '../../../workspace/extensions/extension-lock.js';
import { createRule } from '../../create-rule.js';
import { inventoryOf, reportExtension } from '../report-at.js';

/**
 * With `extensions.requireSignature`, every extension of those tiers must be covered by a signed manifest that
 * verifies (signature by an allowed signer, not expired, not rolled back) and whose subject for it matches it now. The
 * verification is done before the audit (`workspace.extensionSignatures`); this rule only maps extensions onto it.
 */
export const unsignedExtension = createRule({
  id: 'extensions/unsigned-extension',
  description: 'An extension of a tier the policy requires signatures for is not covered by a valid signed manifest',
  defaultSeverity: 'error',
  howToFix: "Review the extension, add it to the tier's manifest with `agentgov extensions manifest`, and sign it with `ssh-keygen -Y sign`.",
  messages: {
    'no-manifest': 'The policy requires signed extensions in tier {{tier}}, but there is no signed manifest ({{manifest}}): its {{count}} extension(s) are unsigned. Write one with `agentgov extensions manifest --tier {{tier}}` and sign it with `ssh-keygen -Y sign -n agentgov-manifest-v1`.',
    'invalid-manifest': 'The signed manifest of tier {{tier}} ({{manifest}}) does not verify — {{check}}: {{detail}}. Its {{count}} extension(s) count as unsigned.',
    'not-covered': '{{kind}} "{{name}}" (tier {{tier}}) is not in the signed manifest {{manifest}}: nobody signed it. Add it to a new manifest version and sign that.',
    changed: '{{kind}} "{{name}}" (tier {{tier}}) changed since the manifest {{manifest}} was signed. Review it, then sign a new manifest version.',
  },
  check(context) {
    const required = new Set(extensionsPolicyOf(context.policy).requireSignature);
    const signatures = context.workspace.extensionSignatures;
    if (required.size === 0 || !signatures) return;
    const extensions = inventoryOf(context.workspace).extensions.filter((e) => required.has(e.tier));
    for (const tier of [...required].sort()) {
      const state = signatures.tiers[tier];
      const ofTier = extensions.filter((e) => e.tier === tier);
      if (!state || ofTier.length === 0) continue;
      if (state.problem) {
        const data = { tier, manifest: state.manifest, count: ofTier.length, check: state.problem.check, detail: state.problem.detail };
        context.report({ file: state.manifest, messageId: state.problem.check === 'no-manifest' ? 'no-manifest' : 'invalid-manifest', data, evidence: `${tier} ${state.problem.check}` });
        continue;
      }
      for (const ext of ofTier) {
        const subject = state.subjects.get(extensionKeyOf(ext));
        if (subject !== 'ok') reportExtension(context, ext, subject === 'changed' ? 'changed' : 'not-covered', { manifest: state.manifest });
      }
    }
  },
});
