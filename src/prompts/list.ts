import { instructionBudget, type InstructionBudget } from '../audit/prompts/budget.js';
import { promptsPolicy } from '../audit/prompts/prompts-policy.js';
import { declaredVersion, lockOf } from '../lock/build-lock.js';
import type { PromptKind, PromptLoading } from '../workspace/prompts/types.js';
import type { Scope } from '../workspace/types.js';
import { loadPrompts, type PromptCommandOptions } from './load.js';

export interface PromptListRow {
  path: string;
  kind: PromptKind;
  scope: Scope;
  loading: PromptLoading;
  bytes: number;
  /** Characters counted in the start budget (null for files not loaded at start, or counted as a duplicate). */
  startChars: number | null;
  version: string | null;
  integrity: string | null;
  locked: boolean;
}

export interface PromptList {
  promptSetHash: string;
  files: PromptListRow[];
  budget: { startChars: number; totalChars: number; perFileChars: number; startFiles: number };
}

/** `agentgov prompts list`: every prompt file with its scope, size, version, hash and when it loads, plus the budget totals. */
export async function listPrompts(options: PromptCommandOptions): Promise<PromptList> {
  const { policy, set } = await loadPrompts(options);
  const lock = lockOf(set);
  const budget: InstructionBudget = instructionBudget(set, promptsPolicy(policy));
  const counted = new Map(budget.rows.filter((r) => !r.skipped && r.duplicateOf === undefined).map((r) => [r.file, r.chars]));
  const files = set.files.map((f) => ({
    path: f.path,
    kind: f.kind,
    scope: f.scope,
    loading: f.loading,
    bytes: f.size,
    startChars: counted.get(f) ?? null,
    version: declaredVersion(f) ?? null,
    integrity: lock.files[f.path]?.integrity ?? null,
    locked: f.lockable,
  }));
  return { promptSetHash: lock.root, files, budget: { startChars: budget.total, totalChars: budget.totalChars, perFileChars: budget.perFileChars, startFiles: counted.size } };
}
