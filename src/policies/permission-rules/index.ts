/** The permission-rule language of Claude Code (reference §2): parse, match, decide, contain. */
export { parse } from './parse.js';
export { matches, type MatchContext } from './matches.js';
export { decide, type CallDecision, type Decision, type DecisionReason, type DecideOptions, type PartDecision } from './decide.js';
export { contains, type Containment, type PlacedRule } from './contains.js';
export { isDeadRule } from './matches.js';
export { parseCall, formatCall, CallParseError, type ToolCall } from './call.js';
export { behaviourFor, type ClaudeBehaviour } from './claude-version.js';
export type { EffectiveRule, PermissionMode, SettingSource } from './effective-types.js';
export type { PermissionRule, RuleForm, RuleList, RuleIssue, RuleIssueCode } from './types.js';
