import { findHiddenCharacters } from '../../../lock/hidden-characters.js';
import { LineIndex } from '../../../workspace/positions.js';
import { createRule } from '../../create-rule.js';
import { promptTexts } from '../prompt-texts.js';

const SHOWN = 6;

/**
 * Invisible characters let a prompt say one thing to the reviewer and another to the model ("Rules File Backdoor").
 * They are reported where they are, and never stripped: not in the text, not before hashing.
 */
export const hiddenCharacters = createRule({
  id: 'prompts/hidden-characters',
  description: 'A prompt file contains invisible characters: zero-width, bidi controls, Unicode tags or other invisible code points',
  defaultSeverity: 'error',
  howToFix: 'Look at the bytes (`cat -A`), remove the invisible characters, and find out how they got in.',
  messages: {
    hidden: '{{count}} invisible character(s) here ({{kinds}}: {{codePoints}}): a reviewer does not see them, the model does. Remove them, or explain them if they are intended.',
  },
  check({ workspace, report, reportsOn }) {
    for (const file of workspace.prompts?.files ?? []) {
      for (const { path, text } of promptTexts(file, (b) => reportsOn(b.path))) {
        const runs = findHiddenCharacters(text);
        if (runs.length === 0) continue;
        const lines = new LineIndex(text);
        for (const run of runs) {
          const codePoints = run.codePoints.slice(0, SHOWN).join(' ') + (run.codePoints.length > SHOWN ? ' …' : '');
          report({ file: path, span: lines.span(run.offset, run.length), messageId: 'hidden', data: { count: run.codePoints.length, kinds: run.classes.join(', '), codePoints }, evidence: `${run.codePoints.join('')}:${text.slice(Math.max(0, run.offset - 24), run.offset + run.length + 24)}` });
        }
      }
    }
  },
});
