import { z } from 'zod';

export const SEVERITIES = ['off', 'info', 'warning', 'error'] as const;
export const severitySchema = z.enum(SEVERITIES);

/** `"warning"` or `["warning", { …options }]`, as in ESLint. */
export const ruleEntrySchema = z.union([severitySchema, z.tuple([severitySchema]), z.tuple([severitySchema, z.unknown()])]);

export const PRESET_NAMES = ['agentgov:recommended', 'agentgov:strict'] as const;

/**
 * One section per auditor. They are strict so that a misspelt key is an error, and grow as the auditors land;
 * `.catchall` is deliberately absent.
 */
const ruleListSchema = z.enum(['allow', 'ask', 'deny']);
const callString = z.string().min(1).describe('A call written like a rule: Bash(command line), Read(path), WebFetch(url), mcp__server__tool');

const permissionsSection = z.strictObject({
  requiredDeny: z
    .array(z.union([callString, z.strictObject({ call: callString, reason: z.string().optional() })]))
    .optional()
    .describe('Calls that a deny rule must deny (default: .env files, ~/.ssh/**, ~/.aws/**); [] turns the check off'),
  forbidden: z
    .array(z.strictObject({ rule: z.string().min(1), lists: z.array(ruleListSchema).min(1).optional(), reason: z.string().optional() }))
    .optional()
    .describe('Rules the organisation bans: any rule they contain is reported (lists default to ["allow"])'),
  tests: z
    .array(
      z.strictObject({
        call: callString,
        expect: z.enum(['allow', 'ask', 'deny']),
        mode: z.enum(['default', 'acceptEdits', 'plan', 'auto', 'dontAsk', 'bypassPermissions']).optional(),
      }),
    )
    .optional()
    .describe('Expected decisions, checked against the effective rules of all scopes'),
});
const historySection = z.strictObject({
  window: z.string().regex(/^\d+[dw]$/, 'must be a number of days or weeks, e.g. 7d or 2w').optional().describe('How far back audit looks (default 7d)'),
  trendThreshold: z.number().nonnegative().optional().describe('Rise of the permissiveness index over the window that is reported (default 10)'),
  lowDenialUses: z.number().int().positive().optional().describe('Uses of a risky tool with no denial that count as rubber-stamped (default 50)'),
});
const extensionsSection = z.strictObject({});
const promptsSection = z.strictObject({
  requireVersion: z
    .array(z.string())
    .optional()
    .describe('Globs (display paths) of prompt files that must declare a version in their frontmatter (prompts/missing-version; default: project skills, agents, commands and output styles)'),
  budget: z
    .strictObject({
      perFileChars: z.number().int().positive().optional().describe('Characters one file may load at session start (default 4000)'),
      totalChars: z.number().int().positive().optional().describe('Characters all files together may load at session start, each distinct content once (default 12000)'),
    })
    .optional()
    .describe('Instruction budgets for prompts/instruction-budget'),
});
const memorySection = z.strictObject({});

export const policySchema = z
  .strictObject({
    $schema: z.string().optional().describe('JSON schema of this file, for editors'),
    extends: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .describe('Presets (`agentgov:recommended`, `agentgov:strict`) or policy files (relative paths) this one builds on'),
    claudeVersion: z
      .string()
      .regex(/^\d+\.\d+\.\d+$/, 'must be a version such as 2.1.240')
      .optional()
      .describe('The Claude Code version whose semantics to assume'),
    rules: z.record(z.string(), ruleEntrySchema).optional().describe('Rule id → severity, or [severity, options]'),
    ignore: z.array(z.string()).optional().describe('Globs of files (display paths) not to audit'),
    permissions: permissionsSection.optional(),
    history: historySection.optional(),
    extensions: extensionsSection.optional(),
    prompts: promptsSection.optional(),
    memory: memorySection.optional(),
  })
  .describe('agentgov policy');

export type PolicyFile = z.infer<typeof policySchema>;
export type Severityish = z.infer<typeof severitySchema>;
export type RuleEntry = z.infer<typeof ruleEntrySchema>;
export type PolicySectionName = 'permissions' | 'history' | 'extensions' | 'prompts' | 'memory';
export const SECTION_NAMES: readonly PolicySectionName[] = ['permissions', 'history', 'extensions', 'prompts', 'memory'];

/** The JSON schema editors use; `schema/policy.schema.json` is this, pinned by a test. */
export function policyJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(policySchema, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;
  return { ...schema, $id: 'https://github.com/agentgov/agentgov/blob/main/schema/policy.schema.json', title: 'agentgov policy' };
}
