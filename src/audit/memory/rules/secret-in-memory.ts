import { findSecrets } from '../../../policies/catalogs/secrets.js';
import { LineIndex } from '../../../workspace/positions.js';
import { createRule } from '../../create-rule.js';
import { memoryPath } from '../locate.js';

export const secretInMemory = createRule({
  id: 'memory/secret-in-memory',
  description: 'A credential written into a memory file or MEMORY.md (the finding never shows it)',
  defaultSeverity: 'error',
  howToFix: 'Rotate the credential, remove it from the file, and purge archived copies (`agentgov memory purge`).',
  messages: {
    secret: 'A {{kind}} is written into this memory. Memories are loaded into sessions and may be shared or archived: rotate the credential and remove it from the file.',
  },
  check({ workspace, report }) {
    for (const s of workspace.memory?.plan.stores ?? []) {
      const files = [...s.store.items.map((i) => ({ relPath: i.relPath, text: i.content?.text ?? '' })), ...(s.store.index ? [{ relPath: s.store.index.relPath, text: s.store.index.text }] : [])];
      for (const { relPath, text } of files) {
        const hits = findSecrets(text);
        if (hits.length === 0) continue;
        const lines = new LineIndex(text);
        for (const hit of hits) {
          // Only the kind and the position: no byte of the secret reaches a report.
          report({ file: memoryPath(s.store, relPath), span: lines.span(hit.start, hit.end - hit.start), messageId: 'secret', data: { kind: hit.label }, evidence: `${hit.kind}@${hit.start}` });
        }
      }
    }
  },
});
