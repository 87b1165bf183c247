import { createRule } from '../../create-rule.js';
import { checkShape, JSON_SHAPES } from '../../../workspace/claude/json-shapes.js';
import { locate } from '../../../workspace/json-document.js';
import { toPointer } from '../../../workspace/json-pointer.js';

/** A known key with the wrong JSON type: Claude Code rejects the file (top level) or skips the entry (reference §1.4). */
export const wrongType = createRule({
  id: 'config/wrong-type',
  description: 'A known configuration key has the wrong JSON type, so Claude Code rejects or skips it',
  defaultSeverity: 'error',
  howToFix: 'Give the key the type the message names, e.g. rules in an array: `"allow": ["Bash(npm test)"]`.',
  messages: {
    root: 'The file must contain a JSON object, not {{actual}}: Claude Code rejects the whole file.',
    key: '`{{key}}` must be {{expected}}, not {{actual}}: Claude Code rejects or skips it. Change the value to {{expected}}.',
  },
  check({ workspace, report }) {
    for (const file of workspace.files) {
      const shape = JSON_SHAPES[file.kind];
      const doc = file.json;
      if (!shape || !doc || doc.value === undefined) continue;
      for (const mismatch of checkShape(doc.value, shape)) {
        const pointer = toPointer(mismatch.path);
        report({
          file,
          messageId: mismatch.path.length === 0 ? 'root' : 'key',
          data: { key: mismatch.path.join('.'), expected: mismatch.expected, actual: mismatch.actual },
          span: locate(doc, mismatch.path),
          pointer,
        });
      }
    }
  },
});
