import path from 'node:path';
import type { RuleModule, SeverityOrOff } from '../audit/types.js';
import { describeFirstJsonError, parseJsonDocument } from '../workspace/json-document.js';
import { pathKind, readTextFile, realPath } from '../workspace/read-file.js';
import { canonicalJson } from './canonical-json.js';
import { sha256Hex } from '../workspace/hash.js';
import { DEFAULT_CLAUDE_VERSION } from './claude-version.js';
import { parsePolicyValue, SECTION_NAMES, type PolicyFile, type RuleEntry } from './policy-schema.js';
import { isPresetName, presetRules } from './presets.js';
import type { ResolvedPolicy, ResolvedRuleSetting } from './resolved-policy.js';
import { ONE_SHOT } from '../once.js';

export const POLICY_FILE_NAME = 'agentgov.json';
const MAX_EXTENDS_DEPTH = 8;
const POLICY_MAX_BYTES = 1024 * 1024;

/** An invalid policy: every problem as `key.path: message`. The CLI exits 2 with these. */
export class PolicyError extends Error {
  override readonly name = 'PolicyError';
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`invalid policy ${file}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

export interface LoadPolicyOptions {
  root: string;
  /** Explicit policy file (`--policy`); when absent, `<root>/agentgov.json` if it exists, else the recommended preset. */
  policyPath?: string;
  rules: readonly RuleModule<any>[];
}

interface Layer {
  rules: Record<string, RuleEntry>;
  ignore: string[];
  claudeVersion?: string;
  sections: Record<string, Record<string, unknown>>;
  sources: string[];
}

export async function loadPolicy(options: LoadPolicyOptions): Promise<ResolvedPolicy> {
  let file = options.policyPath ? path.resolve(options.policyPath) : path.join(path.resolve(options.root), POLICY_FILE_NAME);
  const kind = await pathKind(file);
  if (kind === 'missing') {
    if (options.policyPath) throw new PolicyError(options.policyPath, [`file not found: ${options.policyPath}`]);
    return resolveLayers(emptyLayer(), options.rules);
  }
  file = (await realPath(file)) ?? file;
  const layer = await readLayer(file, [], options.rules);
  return resolveLayers(layer, options.rules);
}

function emptyLayer(): Layer {
  return { rules: {}, ignore: [], sections: {}, sources: [] };
}

async function readLayer(file: string, chain: string[], rules: readonly RuleModule<any>[]): Promise<Layer> {
  const display = path.relative(process.cwd(), file) || file;
  if (chain.includes(file)) throw new PolicyError(display, [`extends: cycle ${[...chain, file].map((f) => path.basename(f)).join(' → ')}`]);
  if (chain.length >= MAX_EXTENDS_DEPTH) throw new PolicyError(display, [`extends: more than ${MAX_EXTENDS_DEPTH} levels deep`]);
  const policy = await readPolicyFile(file, display, rules);
  const base = emptyLayer();
  const extendsList = policy.extends === undefined ? [] : Array.isArray(policy.extends) ? policy.extends : [policy.extends];
  for (const [i, entry] of extendsList.entries()) {
    if (isPresetName(entry)) {
      mergeInto(base, { ...emptyLayer(), rules: presetRules(entry, rules) });
      continue;
    }
    if (entry.startsWith('agentgov:')) throw new PolicyError(display, [`extends.${i}: unknown preset "${entry}" (use agentgov:recommended or agentgov:strict)`]);
    const target = path.resolve(path.dirname(file), entry);
    if ((await pathKind(target)) !== 'file') throw new PolicyError(display, [`extends.${i}: file not found: ${entry}`]);
    mergeInto(base, await readLayer((await realPath(target)) ?? target, [...chain, file], rules));
  }
  const own: Layer = {
    rules: policy.rules ?? {},
    ignore: policy.ignore ?? [],
    sections: Object.fromEntries(SECTION_NAMES.filter((s) => policy[s]).map((s) => [s, policy[s] as Record<string, unknown>])),
    sources: [file],
    ...(policy.claudeVersion ? { claudeVersion: policy.claudeVersion } : {}),
  };
  mergeInto(base, own);
  return base;
}

async function readPolicyFile(file: string, display: string, rules: readonly RuleModule<any>[]): Promise<PolicyFile> {
  const read = await readTextFile(file, POLICY_MAX_BYTES);
  if (read.text === undefined) throw new PolicyError(display, [`cannot read: ${read.problems.map((p) => p.detail ?? p.code).join(', ')}`]);
  const doc = parseJsonDocument(read.text);
  const syntax = describeFirstJsonError(doc);
  if (syntax) throw new PolicyError(display, [syntax]);
  const parsed = parsePolicyValue(doc.value);
  if (!parsed.success) {
    throw new PolicyError(display, parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`));
  }
  const problems = checkRuleEntries(parsed.data.rules ?? {}, rules);
  if (problems.length > 0) throw new PolicyError(display, problems);
  return parsed.data;
}

function checkRuleEntries(entries: Record<string, RuleEntry>, rules: readonly RuleModule<any>[]): string[] {
  const problems: string[] = [];
  for (const [id, entry] of Object.entries(entries)) {
    const rule = rules.find((r) => r.meta.id === id);
    if (!rule) {
      problems.push(`rules.${id}: unknown rule`);
      continue;
    }
    if (Array.isArray(entry) && entry.length > 1) {
      if (!rule.options) problems.push(`rules.${id}: this rule takes no options`);
      else {
        const result = rule.options.safeParse(entry[1], ONE_SHOT);
        if (!result.success) for (const issue of result.error.issues) problems.push(`rules.${id}.1${issue.path.map((p) => `.${String(p)}`).join('')}: ${issue.message}`);
      }
    }
  }
  return problems;
}

function mergeInto(target: Layer, layer: Layer): void {
  Object.assign(target.rules, layer.rules);
  target.ignore.push(...layer.ignore);
  if (layer.claudeVersion) target.claudeVersion = layer.claudeVersion;
  for (const [name, section] of Object.entries(layer.sections)) target.sections[name] = { ...(target.sections[name] ?? {}), ...section };
  target.sources.push(...layer.sources);
}

function resolveLayers(layer: Layer, rules: readonly RuleModule<any>[]): ResolvedPolicy {
  const defaults = presetRules('agentgov:recommended', rules);
  const resolved: Record<string, ResolvedRuleSetting> = {};
  for (const rule of rules) {
    const id = rule.meta.id;
    const entry = layer.rules[id];
    const severity: SeverityOrOff = entry === undefined ? (defaults[id] ?? 'off') : Array.isArray(entry) ? entry[0] : entry;
    const rawOptions = Array.isArray(entry) && entry.length > 1 ? entry[1] : undefined;
    const setting: ResolvedRuleSetting = { severity };
    if (rule.options) setting.options = rule.options.parse(rawOptions ?? {}, ONE_SHOT);
    resolved[id] = setting;
  }
  const body = {
    claudeVersion: layer.claudeVersion ?? DEFAULT_CLAUDE_VERSION,
    rules: resolved,
    ignore: [...new Set(layer.ignore)],
    sections: layer.sections,
  };
  return { ...body, sources: layer.sources, hash: `sha256:${sha256Hex(canonicalJson(body))}` };
}
