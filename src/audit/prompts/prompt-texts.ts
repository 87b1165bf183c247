import type { PromptFile } from '../../workspace/prompts/types.js';
import { decodeText } from '../../workspace/read-file.js';

/**
 * The texts a prompt file hands the model: its own, then every other readable file of its folder (a skill's bundle),
 * each under its own display path. `own` marks the file's own text.
 */
export function promptTexts(file: PromptFile): { path: string; text: string; own: boolean }[] {
  const texts = file.text !== undefined ? [{ path: file.path, text: file.text, own: true }] : [];
  for (const b of file.bundle ?? []) {
    if (b.path === file.path || !b.bytes) continue;
    const text = decodeText(b.bytes).text;
    if (text !== undefined) texts.push({ path: b.path, text, own: false });
  }
  return texts;
}
