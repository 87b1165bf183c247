import type { Auditor } from '../types.js';
import { instructionBudget } from './budget.js';
import { lockStateOf } from './lock-state.js';
import { promptsPolicy } from './prompts-policy.js';
import { agentsMdIgnored } from './rules/agents-md-ignored.js';
import { brokenImport } from './rules/broken-import.js';
import { duplicateInstructions } from './rules/duplicate-instructions.js';
import { hiddenCharacters } from './rules/hidden-characters.js';
import { instructionBudgetRule } from './rules/instruction-budget.js';
import { missingVersion } from './rules/missing-version.js';
import { secretInPrompt } from './rules/secret-in-prompt.js';
import { unlockedChange } from './rules/unlocked-change.js';
import { versionNotBumped } from './rules/version-not-bumped.js';

/** Every file whose text reaches the model: locked, versioned, within budget, imports intact, nothing hidden. */
export const promptsAuditor: Auditor = {
  id: 'prompts',
  description: 'Prompt files (CLAUDE.md chain, rules, skills, subagents, commands, output styles, imports): lock, versions, budgets, imports, hidden characters, secrets',
  rules: [unlockedChange, versionNotBumped, missingVersion, instructionBudgetRule, duplicateInstructions, brokenImport, agentsMdIgnored, hiddenCharacters, secretInPrompt],
  metrics({ workspace, policy }) {
    const set = workspace.prompts;
    if (!set) return { available: false };
    const state = lockStateOf(set);
    const budget = instructionBudget(set, promptsPolicy(policy));
    const byLoading: Record<string, number> = {};
    for (const f of set.files) byLoading[f.loading] = (byLoading[f.loading] ?? 0) + 1;
    return {
      promptSetHash: state.live.root,
      files: set.files.length,
      locked: Object.keys(state.live.files).length,
      lockFile: state.invalid ? 'invalid' : state.recorded ? 'present' : 'absent',
      startChars: budget.total,
      totalChars: budget.totalChars,
      byLoading,
    };
  },
};
