import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CallParseError, contains, decide, matches, parse, parseCall, behaviourFor, type ToolCall } from '../../src/policies/permission-rules/index.js';
import { commandForms } from '../../src/policies/permission-rules/command-forms.js';
import type { EffectiveRule, PermissionMode } from '../../src/policies/permission-rules/effective-types.js';
import { splitCommand, words } from '../../src/policies/permission-rules/shell.js';
import type { RuleList } from '../../src/policies/permission-rules/types.js';
import { hostileString } from './arbitraries.js';
import { fuzz, fuzzTimeout } from './fuzz.js';

const LISTS: RuleList[] = ['allow', 'ask', 'deny'];
const MODES: PermissionMode[] = ['default', 'acceptEdits', 'plan', 'auto', 'dontAsk', 'bypassPermissions'];
const bases = { cwd: '/w/p', home: '/home/u', source: '/w/p' };
const behaviours = ['2.0.0', '2.1.63', '2.1.208', '2.1.240'].map((v) => behaviourFor(v));

/** Rule texts: hostile strings, and hostile specifiers inside the tool names Claude Code knows. */
const ruleText = fc.oneof(
  hostileString,
  fc.tuple(fc.constantFrom('Bash', 'PowerShell', 'Read', 'Edit', 'Write', 'Glob', 'WebFetch', 'Agent', 'Task', 'Skill', 'mcp__s', 'mcp__s__t*', 'mcp__*', '*', 'B*', 'Unknown', ''), hostileString, fc.boolean()).map(
    ([tool, spec, close]) => `${tool}(${spec}${close ? ')' : ''}`,
  ),
);

const call: fc.Arbitrary<ToolCall> = fc.oneof(
  fc.record({ tool: fc.constantFrom('Bash', 'PowerShell'), command: hostileString }),
  fc.record({ tool: fc.constantFrom('Read', 'Edit', 'Write', 'MultiEdit', 'NotebookEdit', 'Glob', 'Grep'), path: hostileString.map((p) => `/w/p/${p}`) }),
  fc.record({ tool: fc.constant('WebFetch'), url: hostileString, host: hostileString }),
  fc.record({ tool: fc.constantFrom('Agent', 'Skill'), name: hostileString, args: hostileString }),
  fc.record({ tool: hostileString.map((s) => `mcp__${s}`), input: fc.dictionary(fc.string({ maxLength: 6 }), hostileString, { maxKeys: 3 }) }),
);

const placed = (raw: string, list: RuleList, effective = true): EffectiveRule => ({ rule: parse(raw, list), bases, effective, source: { file: 'settings.json', scope: 'project', pointer: '', line: null, column: null } });

describe('permission rules never throw on hostile input (fast-check)', () => {
  it(
    'parse: every string is a rule (with issues), its raw text kept',
    async () => {
      await fuzz(
        'permission-rules/parse',
        fc.property(ruleText, fc.constantFrom(...LISTS), (raw, list) => {
          const rule = parse(raw, list);
          expect(rule.raw).toBe(raw);
          expect(rule.list).toBe(list);
          if (rule.form === 'invalid') expect(rule.issues.some((i) => i.kind === 'invalid')).toBe(true);
        }),
        800,
      );
    },
    fuzzTimeout(30_000),
  );

  it(
    'matches and decide: a boolean and a decision for any rules and any call',
    async () => {
      await fuzz(
        'permission-rules/matches+decide',
        fc.property(fc.array(fc.tuple(ruleText, fc.constantFrom(...LISTS)), { maxLength: 6 }), call, fc.constantFrom(...MODES), fc.constantFrom(...behaviours), (rules, c, mode, behaviour) => {
          const effective = rules.map(([raw, list]) => placed(raw, list));
          for (const r of effective) expect(typeof matches(r.rule, c, { bases, behaviour })).toBe('boolean');
          const d = decide(effective, c, { mode, cwd: bases.cwd, home: bases.home, workingDirs: [bases.cwd], behaviour });
          expect(['allow', 'ask', 'deny']).toContain(d.decision);
        }),
        300,
      );
    },
    fuzzTimeout(30_000),
  );

  it(
    'contains: true, false or unknown for any two rules',
    async () => {
      await fuzz(
        'permission-rules/contains',
        fc.property(ruleText, ruleText, fc.constantFrom(...LISTS), fc.constantFrom(...LISTS), fc.constantFrom(...behaviours), (a, b, la, lb, behaviour) => {
          expect([true, false, 'unknown']).toContain(contains({ rule: parse(a, la), bases }, { rule: parse(b, lb), bases }, behaviour));
        }),
        500,
      );
    },
    fuzzTimeout(30_000),
  );

  it(
    'parseCall: a call, or the documented CallParseError',
    async () => {
      await fuzz(
        'permission-rules/parseCall',
        fc.property(ruleText, (text) => {
          try {
            expect(typeof parseCall(text, bases).tool).toBe('string');
          } catch (error) {
            expect(error).toBeInstanceOf(CallParseError);
          }
        }),
        500,
      );
    },
    fuzzTimeout(30_000),
  );

  it(
    'the shell reader: split, words and wrapper forms of any command',
    async () => {
      await fuzz(
        'permission-rules/shell',
        fc.property(hostileString, (command) => {
          const split = splitCommand(command);
          expect(typeof split.unparseable).toBe('boolean');
          for (const c of split.commands) words(c.text);
          const forms = commandForms(command);
          expect(forms.asWritten).toBe(command.trim());
        }),
        300,
      );
    },
    fuzzTimeout(30_000),
  );
});
