import type { ResolvedPolicy } from '../../policies/resolved-policy.js';

const DEFAULT_PER_FILE_CHARS = 4000;
const DEFAULT_TOTAL_CHARS = 12000;
/** Without `prompts.requireVersion`, the files a team invokes by name and reviews like code must declare a version. */
const DEFAULT_REQUIRE_VERSION = ['.claude/skills/**', '.claude/agents/**', '.claude/commands/**', '.claude/output-styles/**'];

export interface PromptsPolicy {
  requireVersion: string[];
  perFileChars: number;
  totalChars: number;
}

/** The `prompts` section of the policy with its defaults. */
export function promptsPolicy(policy: ResolvedPolicy): PromptsPolicy {
  const section = (policy.sections.prompts ?? {}) as { requireVersion?: string[]; budget?: { perFileChars?: number; totalChars?: number } };
  return {
    requireVersion: section.requireVersion ?? DEFAULT_REQUIRE_VERSION,
    perFileChars: section.budget?.perFileChars ?? DEFAULT_PER_FILE_CHARS,
    totalChars: section.budget?.totalChars ?? DEFAULT_TOTAL_CHARS,
  };
}
