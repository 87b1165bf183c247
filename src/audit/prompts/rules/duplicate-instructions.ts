import { integrityOf, normalizedIntegrityOf } from '../../../lock/hashes.js';
import { createRule } from '../../create-rule.js';
import { once } from '../../../once.js';

/** Empty and blank files normalize to nothing: they are alike without being duplicated instructions. Hashed on first use, not at start-up. */
const empty = once(() => integrityOf(new Uint8Array()));

/**
 * The same text loaded from two files is paid for twice and drifts apart on the next edit of one copy. Files that
 * never load (an AGENTS.md nobody imports) are left out: a symlinked or copied bridge there is intended.
 */
export const duplicateInstructions = createRule({
  id: 'prompts/duplicate-instructions',
  description: 'The same instructions are loaded from several files',
  defaultSeverity: 'info',
  howToFix: 'Keep one file, delete the copy, and `@import` the kept file where it is needed.',
  messages: {
    duplicate: 'This file has the same content as {{first}}, which is loaded too ({{loading}}). Keep one copy and import it (`@{{first}}`) where it is needed.',
  },
  check({ workspace, report }) {
    const first = new Map<string, string>();
    for (const file of workspace.prompts?.files ?? []) {
      if (file.loading === 'not-loaded' || !file.bytes) continue;
      const key = normalizedIntegrityOf(file.bytes);
      if (key === empty()) continue;
      const earlier = first.get(key);
      if (earlier === undefined) first.set(key, file.path);
      else report({ file: file.path, messageId: 'duplicate', data: { first: earlier, loading: file.loading === 'start' ? 'at session start' : 'on demand' }, evidence: earlier });
    }
  },
});
