import * as z from 'zod';
import { TRUST_TIERS } from '../workspace/extensions/types.js';
import { parse } from './permission-rules/parse.js';
import { once, ONE_SHOT } from '../once.js';
import { PERMISSION_MODES } from './permission-rules/effective-types.js';
import { MEMORY_TYPES } from '../memory/settings.js';

/** The modes a subagent's `permissionMode` may name (reference §5.3): the session's, and `manual`. */
export const SUBAGENT_PERMISSION_MODES = [...PERMISSION_MODES, 'manual'] as const;

export const SEVERITIES = ['off', 'info', 'warning', 'error'] as const;
const severitySchema = once(() => z.enum(SEVERITIES));

/** `"warning"` or `["warning", { …options }]`, as in ESLint. */
const ruleEntrySchema = once(() => z.union([severitySchema(), z.tuple([severitySchema()]), z.tuple([severitySchema(), z.unknown()])]));

export const PRESET_NAMES = ['agentgov:recommended', 'agentgov:strict'] as const;

/**
 * One section per auditor. They are strict so that a misspelt key is an error, and grow as the auditors land;
 * `.catchall` is deliberately absent. Every schema is built on first use and kept (`once`): zod builds eagerly and
 * expensively, and most runs need a section or none.
 */
const ruleListSchema = once(() => z.enum(['allow', 'ask', 'deny']));
const callString = once(() => z.string().min(1).describe('A call written like a rule: Bash(command line), Read(path), WebFetch(url), mcp__server__tool'));

const permissionsSection = once(() =>
  z.strictObject({
    requiredDeny: z
      .array(z.union([callString(), z.strictObject({ call: callString(), reason: z.string().optional() })]))
      .optional()
      .describe('Calls that a deny rule must deny (default: .env files, ~/.ssh/**, ~/.aws/**); [] turns the check off'),
    forbidden: z
      .array(z.strictObject({ rule: z.string().min(1), lists: z.array(ruleListSchema()).min(1).optional(), reason: z.string().optional() }))
      .optional()
      .describe('Rules the organisation bans: any rule they contain is reported (lists default to ["allow"])'),
    tests: z
      .array(
        z.strictObject({
          call: callString(),
          expect: ruleListSchema(),
          mode: z.enum(PERMISSION_MODES).optional(),
        }),
      )
      .optional()
      .describe('Expected decisions, checked against the effective rules of all scopes'),
  }),
);
const historySection = once(() =>
  z.strictObject({
    window: z.string().regex(/^\d+[dw]$/, 'must be a number of days or weeks, e.g. 7d or 2w').optional().describe('How far back audit looks (default 7d)'),
    trendThreshold: z.number().nonnegative().optional().describe('Rise of the permissiveness index over the window that is reported (default 10)'),
    lowDenialUses: z.number().int().positive().optional().describe('Uses of a risky tool with no denial that count as rubber-stamped (default 50)'),
  }),
);
const trustTier = once(() => z.enum(TRUST_TIERS));
const ceilingSchema = once(() =>
  z.strictObject({
    tools: z
      .array(
        z
          .string()
          .min(1)
          .refine((raw) => !parse(raw, 'ask').issues.some((i) => i.kind === 'invalid'), 'not a valid permission rule or tool name'),
      )
      .optional()
      .describe('Permission-rule patterns or tool names an extension of this tier may grant (skill and command `allowed-tools`, subagent `tools` under an approving permissionMode); a grant must be contained in one; ["*"] lifts the limit, [] allows none'),
    shell: z.boolean().optional().describe('May run shell commands: command hooks, !`cmd` in skills and commands, MCP headersHelper'),
    permissionMode: z
      .union([z.boolean(), z.array(z.enum(SUBAGENT_PERMISSION_MODES))])
      .optional()
      .describe('Subagent permissionMode: true any, false none that approves on its own (acceptEdits, auto, bypassPermissions), or the modes allowed; default, manual, plan and dontAsk only narrow and always pass'),
    hooks: z.boolean().optional().describe('May declare hooks in skill or subagent frontmatter'),
    mcpServers: z.boolean().optional().describe('May declare MCP servers in subagent frontmatter'),
  }),
);
const mcpServerMatcher = once(() =>
  z
    .strictObject({
      name: z.string().min(1).optional().describe('The server name (a label its configurer chooses: not a security control on its own)'),
      command: z.array(z.string()).min(1).optional().describe('Exactly the command and every argument, in order'),
      url: z.string().min(1).optional().describe('URL pattern, `*` anywhere; host case-insensitive; a pattern without a path matches any path'),
    })
    .refine((m) => [m.name, m.command, m.url].filter((x) => x !== undefined).length === 1, 'must have exactly one of name, command, url'),
);
const extensionsSection = once(() =>
  z.strictObject({
    tierOrder: z
      .array(trustTier())
      .refine((order) => order.length === TRUST_TIERS.length && new Set(order).size === order.length, `must list each tier exactly once (${TRUST_TIERS.join(', ')})`)
      .optional()
      .describe('Trust tiers, most trusted first (default managed, bundled, user, project, plugin, mcp)'),
    tiers: z
      .record(z.string().min(1), trustTier())
      .optional()
      .describe('Pin extensions to a tier: `name` or `kind:name` (kinds: mcp-server, hook, skill, subagent, command, output-style, plugin, marketplace) → tier'),
    ceilings: z
      .strictObject(Object.fromEntries(TRUST_TIERS.map((t) => [t, ceilingSchema().optional()])) as Record<(typeof TRUST_TIERS)[number], z.ZodOptional<ReturnType<typeof ceilingSchema>>>)
      .optional()
      .describe('What each tier may grant or do; keys given replace that tier\'s defaults (see docs/policy.md)'),
    mcp: z
      .strictObject({
        allow: z.array(mcpServerMatcher()).optional().describe('When present, every MCP server must match an entry (a command entry binds stdio servers, a url entry remote ones)'),
        block: z.array(mcpServerMatcher()).optional().describe('MCP servers that must not be configured; wins over allow'),
      })
      .optional()
      .describe('MCP servers allowed and blocked, matched like managed allowedMcpServers / deniedMcpServers'),
    signers: z
      .string()
      .min(1)
      .optional()
      .describe('OpenSSH allowed_signers file of the keys that may sign extension manifests (`~/` = home, relative = from the root); keep it outside the repository'),
    requireSignature: z
      .array(trustTier())
      .optional()
      .describe('Trust tiers whose extensions must be covered by a valid signed manifest (extensions/unsigned-extension), e.g. ["managed", "user"]'),
  }),
);
const promptsSection = once(() =>
  z.strictObject({
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
  }),
);
const durationString = () =>
  z
    .string()
    .regex(/^(?=\d)(\d+y)?(\d+m)?(\d+w)?(\d+d)?(\d+h)?$/, 'must be a duration such as 14d, 2w, 1y2m or 36h')
    .describe('A duration, restic-style: NyNmNwNdNh (a month is 30 days, a year 365)');
const byMemoryType = (value: z.ZodNumber) =>
  z.strictObject({ user: value.optional(), feedback: value.optional(), project: value.optional(), reference: value.optional(), unknown: value.optional() });
const memorySection = once(() =>
  z.strictObject({
    stores: z.array(z.string().min(1)).optional().describe('Globs of project memory files (relative to the root, or ~/…), e.g. .claude/memories/*.md; each glob is one store'),
    autoMemory: z.boolean().optional().describe("Audit Claude Code's auto memory of this project (default true)"),
    agentMemory: z.boolean().optional().describe('Audit subagent memory folders (.claude/agent-memory*/<agent>/, ~/.claude/agent-memory/<agent>/) (default true)'),
    halfLifeDays: byMemoryType(z.number().positive()).optional().describe('Half-life in days by memory type (default project 30, reference 90, feedback 180, user 365, unknown 60)'),
    importance: byMemoryType(z.number().min(1).max(10)).optional().describe('Default importance 1–10 by type; the half-life is multiplied by 0.5 + importance/10 (default user 7, feedback 6, project 5, reference 4, unknown 5)'),
    reinforcement: z
      .strictObject({ beta: z.number().nonnegative().optional(), maxMultiplier: z.number().min(1).optional() })
      .optional()
      .describe('Recall stretches the half-life by 1 + beta·ln(1 + distinct recall days), capped (default beta 0.5, cap 4)'),
    thresholds: z
      .strictObject({ flag: z.number().min(0).max(1).optional(), archive: z.number().min(0).max(1).optional() })
      .optional()
      .describe('Retention score below which an item is flagged as stale (default 0.5) or is an archive candidate (default 0.25)'),
    keep: z
      .strictObject({
        pinned: z.boolean().optional().describe('Pinned items are always kept (default true)'),
        within: durationString().optional().describe('Keep items modified, verified or recalled within this duration (default 14d)'),
        types: z.array(z.enum(MEMORY_TYPES)).optional().describe('Types never archived automatically (default ["user"])'),
        last: z.number().int().nonnegative().optional().describe('Keep the N most recently touched items of each store (default 10)'),
        names: z.array(z.string().min(1)).optional().describe('Globs on the frontmatter name or the path in the store of items always kept'),
      })
      .optional()
      .describe('Keep rules, OR-ed like restic: an item matching any of them is never archived'),
    maxAgeDays: z.number().positive().optional().describe('Archive items not touched for more than this many days (unless kept)'),
    maxItems: z.number().int().positive().optional().describe('Archive the lowest-scored items past this many per store (unless kept)'),
    index: z
      .strictObject({
        lines: z.number().int().positive().optional().describe("MEMORY.md load limit in lines (default Claude Code's 200)"),
        bytes: z.number().int().positive().optional().describe("MEMORY.md load limit in bytes (default Claude Code's 25,000)"),
        target: z
          .strictObject({ lines: z.number().int().positive().optional(), bytes: z.number().int().positive().optional() })
          .optional()
          .describe('Over this size (default 150 lines / 20,000 bytes), prune drops the MEMORY.md lines of the lowest-scored items (the files stay) until the index fits'),
      })
      .optional()
      .describe('MEMORY.md: the load limit, and the size prune keeps it under'),
    safety: z
      .strictObject({
        maxArchiveFraction: z.number().min(0).max(1).optional().describe('Refuse to archive more than this fraction of a store without --force (default 0.5)'),
        quietMinutes: z.number().nonnegative().optional().describe('Refuse to prune a store a file of which changed this recently, without --force (default 5)'),
        activeSessionMinutes: z
          .number()
          .nonnegative()
          .optional()
          .describe("Refuse to prune while a Claude Code session of the project looks active (a transcript written this recently), without --force (default 10; 0 turns it off)"),
      })
      .optional(),
  }),
);

/** The keys every policy may have besides the auditor sections, each schema built when asked for. */
const BASE = {
  $schema: () => z.string().optional().describe('JSON schema of this file, for editors'),
  extends: () =>
    z
      .union([z.string(), z.array(z.string())])
      .optional()
      .describe('Presets (`agentgov:recommended`, `agentgov:strict`) or policy files (relative paths) this one builds on'),
  claudeVersion: () =>
    z
      .string()
      .regex(/^\d+\.\d+\.\d+$/, 'must be a version such as 2.1.240')
      .optional()
      .describe('The Claude Code version whose semantics to assume'),
  rules: () => z.record(z.string(), ruleEntrySchema()).optional().describe('Rule id → severity, or [severity, options]'),
  ignore: () => z.array(z.string()).optional().describe('Globs of files (display paths) not to audit'),
};

const SECTIONS = { permissions: permissionsSection, history: historySection, extensions: extensionsSection, prompts: promptsSection, memory: memorySection };

/** The whole policy schema: the JSON schema and the types are made from it. */
export const policySchema = once(() =>
  z
    .strictObject({
      $schema: BASE.$schema(),
      extends: BASE.extends(),
      claudeVersion: BASE.claudeVersion(),
      rules: BASE.rules(),
      ignore: BASE.ignore(),
      permissions: SECTIONS.permissions().optional(),
      history: SECTIONS.history().optional(),
      extensions: SECTIONS.extensions().optional(),
      prompts: SECTIONS.prompts().optional(),
      memory: SECTIONS.memory().optional(),
    })
    .describe('agentgov policy'),
);

export type PolicySectionName = keyof typeof SECTIONS;
export const SECTION_NAMES = Object.keys(SECTIONS) as readonly PolicySectionName[];
/** Every key of {@link policySchema}, in its order (written out there, for the types it infers; a test compares the two). */
export const POLICY_KEYS = [...Object.keys(BASE), ...SECTION_NAMES] as readonly (keyof typeof BASE | PolicySectionName)[];

/**
 * Validates a policy file's value as {@link policySchema} does (same result, same issues, keys in the same order),
 * building only the schemas of the keys the file has: every key is optional, so an absent one adds nothing, and a key
 * the schema does not know is refused all the same. Zod builds schemas eagerly and expensively (most of a pre-commit
 * check's policy loading), and most policies are a line or two.
 */
export function parsePolicyValue(value: unknown): z.ZodSafeParseResult<PolicyFile> {
  const presets = presetsOnly(value);
  if (presets) return { success: true, data: presets };
  const has = (key: string) => typeof value === 'object' && value !== null && Object.hasOwn(value, key);
  const shape: Record<string, z.ZodType> = {};
  for (const key of POLICY_KEYS) {
    if (!has(key)) continue;
    shape[key] = key in BASE ? BASE[key as keyof typeof BASE]() : SECTIONS[key as PolicySectionName]().optional();
  }
  return z.strictObject(shape).safeParse(value, ONE_SHOT) as z.ZodSafeParseResult<PolicyFile>;
}

/**
 * The most common policy, `{ "$schema": …, "extends": … }` with strings, as zod returns it (both are plain strings
 * without defaults or transforms: the same values, in the schema's key order), without building a schema at all.
 * Undefined for anything else, which zod judges.
 */
function presetsOnly(value: unknown): PolicyFile | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { $schema, extends: presets, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || Object.getOwnPropertySymbols(value).length > 0) return undefined;
  if ($schema !== undefined && typeof $schema !== 'string') return undefined;
  const list = Array.isArray(presets) ? presets : undefined;
  if (presets !== undefined && typeof presets !== 'string' && !list?.every((p) => typeof p === 'string')) return undefined;
  const data: PolicyFile = {};
  if (Object.hasOwn(value, '$schema')) data.$schema = $schema as string;
  if (Object.hasOwn(value, 'extends')) data.extends = list ? [...(list as string[])] : (presets as string);
  return data;
}

export type PolicyFile = z.infer<ReturnType<typeof policySchema>>;
export type Severityish = z.infer<ReturnType<typeof severitySchema>>;
export type RuleEntry = z.infer<ReturnType<typeof ruleEntrySchema>>;

/** The JSON schema editors use; `schema/policy.schema.json` is this, pinned by a test. */
export function policyJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(policySchema(), { target: 'draft-7', io: 'input' }) as Record<string, unknown>;
  return { ...schema, $id: 'https://github.com/agentgov/agentgov/blob/main/schema/policy.schema.json', title: 'agentgov policy' };
}
