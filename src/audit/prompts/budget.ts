import { lineCountOf, normalizedIntegrityOf } from '../../lock/hashes.js';
import type { PromptFile, PromptSet } from '../../workspace/prompts/types.js';
import type { PromptsPolicy } from './prompts-policy.js';

/** Claude Code skips a CLAUDE.md over 4 MiB entirely (reference §7.1). */
export const CLAUDE_MD_SKIP_BYTES = 4 * 1024 * 1024;
/** Claude Code's guidance: keep each CLAUDE.md under 200 lines. */
export const CLAUDE_MD_MAX_LINES = 200;
/** Auto memory's index: the first 200 lines or 25,000 bytes load, whichever comes first (memory-and-prompts §A.2). */
export const MEMORY_INDEX_MAX_LINES = 200;
export const MEMORY_INDEX_MAX_BYTES = 25_000;

export interface BudgetRow {
  file: PromptFile;
  /** Characters (code points) that reach the model: the body after any frontmatter; for MEMORY.md only what loads. */
  chars: number;
  lines: number;
  /** Display path of the file loaded earlier with the same (normalized) content, if any: it is not counted again. */
  duplicateOf?: string;
  /** Skipped by Claude Code (a CLAUDE.md over 4 MiB). */
  skipped: boolean;
  /** MEMORY.md beyond its limits: only the first part loads. */
  truncated: boolean;
  /** The running total after this file. */
  runningTotal: number;
}

export interface InstructionBudget {
  rows: BudgetRow[];
  total: number;
  perFileChars: number;
  totalChars: number;
  /** The file whose text took the total over the budget. */
  overTotalAt?: BudgetRow;
}

const isClaudeMd = (f: PromptFile) => f.kind === 'claude-md' || f.kind === 'claude-local-md';

/**
 * The instructions Claude Code loads at the start of a session, in its order (managed, user, the folders from the
 * outermost down to the root, imports after their importer, auto memory's index), each distinct content counted once.
 */
export function instructionBudget(set: PromptSet, policy: Pick<PromptsPolicy, 'perFileChars' | 'totalChars'>): InstructionBudget {
  const seen = new Map<string, string>();
  const rows: BudgetRow[] = [];
  let total = 0;
  let overTotalAt: BudgetRow | undefined;
  for (const file of set.files.filter((f) => f.loading === 'start')) {
    if (file.text === undefined || file.bytes === undefined) continue;
    const skipped = isClaudeMd(file) && file.size > CLAUDE_MD_SKIP_BYTES;
    const { text, truncated } = loadedText(file);
    const key = normalizedIntegrityOf(Buffer.from(text, 'utf8'));
    const duplicateOf = seen.get(key);
    const chars = [...text].length;
    const counted = !skipped && duplicateOf === undefined;
    if (counted) {
      seen.set(key, file.path);
      total += chars;
    }
    const row: BudgetRow = { file, chars, lines: lineCountOf(file.bytes), skipped, truncated, runningTotal: total, ...(duplicateOf !== undefined ? { duplicateOf } : {}) };
    rows.push(row);
    if (!overTotalAt && total > policy.totalChars) overTotalAt = row;
  }
  return { rows, total, perFileChars: policy.perFileChars, totalChars: policy.totalChars, ...(overTotalAt ? { overTotalAt } : {}) };
}

/** The part of a file that reaches the model: without frontmatter; MEMORY.md cut at 200 lines or 25,000 bytes. */
function loadedText(file: PromptFile): { text: string; truncated: boolean } {
  const body = (file.text ?? '').slice(file.frontmatter?.bodyOffset ?? 0);
  if (file.kind !== 'memory-index') return { text: body, truncated: false };
  let text = body.split(/(?<=\n)/).slice(0, MEMORY_INDEX_MAX_LINES).join('');
  if (Buffer.byteLength(text, 'utf8') > MEMORY_INDEX_MAX_BYTES) text = Buffer.from(text, 'utf8').subarray(0, MEMORY_INDEX_MAX_BYTES).toString('utf8');
  return { text, truncated: text.length < body.length };
}
