import type { BundleFile, PromptFile } from '../../workspace/prompts/types.js';
import { decodeText } from '../../workspace/read-file.js';

/** The files of a skill's folder the model reads as text when the skill tells it to. */
export const TEXT_FILE_NAME = /\.(md|markdown|txt)$/i;

/**
 * The texts a prompt file hands the model: its own, then every other readable file of its folder (a skill's bundle)
 * that `wanted` keeps, each under its own display path (`own` marks the file's own text). Bundle files are decoded
 * only once kept. A text file is text even with a NUL byte in it (the model reads it all the same): one byte must not
 * hide what it says; other files with one are binary and left out.
 */
export function promptTexts(file: PromptFile, wanted: (b: BundleFile) => boolean): { path: string; text: string; own: boolean }[] {
  const texts = file.text !== undefined ? [{ path: file.path, text: file.text, own: true }] : [];
  for (const b of file.bundle ?? []) {
    if (b.path === file.path || !b.bytes || !wanted(b)) continue;
    const text = decodeText(b.bytes).text ?? (TEXT_FILE_NAME.test(b.name) ? b.bytes.toString('utf8') : undefined);
    if (text !== undefined) texts.push({ path: b.path, text, own: false });
  }
  return texts;
}
