/** Why `file` really is broken the way `ruleId` (a config/ rule) says, or undefined when it is not (a false positive). */
export function brokenBecause(ruleId: string, file: string, display?: string, finding?: { pointer?: string | null; data?: Record<string, unknown> }): string | undefined;
