import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { behaviourFor } from '../../../src/policies/permission-rules/claude-version.js';
import { contains } from '../../../src/policies/permission-rules/contains.js';
import { wildcardContains, wildcardMatch } from '../../../src/policies/permission-rules/glob.js';
import { isDeadRule, matches, mayMatchTool } from '../../../src/policies/permission-rules/matches.js';
import { parse } from '../../../src/policies/permission-rules/parse.js';
import { ruleIndexKeys } from '../../../src/policies/permission-rules/rule-index.js';
import type { RuleList } from '../../../src/policies/permission-rules/types.js';

const bases = { cwd: '/w/proj', home: '/home/u', source: '/w/proj' };
const behaviour = behaviourFor();
const placed = (raw: string, list: RuleList = 'allow') => ({ rule: parse(raw, list), bases });
const c = (a: string, b: string, la: RuleList = 'deny', lb: RuleList = 'allow') => contains(placed(a, la), placed(b, lb), behaviour);

describe('contains', () => {
  it.each([
    ['Bash', 'Bash(git push *)', true],
    ['Bash(*)', 'Bash(rm -rf /)', true],
    ['Bash(git *)', 'Bash(git push origin main)', true],
    ['Bash(git *)', 'Bash(git push *)', true],
    ['Bash(git:*)', 'Bash(git)', true],
    ['Bash(git push *)', 'Bash(git *)', false],
    ['Bash(aws *)', 'Bash(aws s3 ls)', true],
    ['Bash(git *)', 'Bash(gitk)', false],
    ['Bash(npm run *)', 'Bash(npm run build)', true],
    ['Bash(npm *)', 'Bash(npx *)', false],
    ['Bash(* --version)', 'Bash(node --version)', true],
    ['Read(./secrets/**)', 'Read(./secrets/a/b.txt)', true],
    ['Read(secrets/**)', 'Read(./x/secrets/k)', true],
    ['Read(./src/**)', 'Read(./src)', true],
    ['Read(.env)', 'Read(./apps/web/.env)', true],
    ['Read(./.env)', 'Read(./apps/.env)', false],
    ['Read(~/.ssh/**)', 'Read(//home/u/.ssh/id_rsa)', true],
    ['Read(**/*.pem)', 'Read(./certs/a.pem)', true],
    ['Read(./docs/*.md)', 'Read(./docs/**)', false],
    ['Read(./.env)', 'Edit(./.env)', false], // the allow also covers NotebookEdit, which a Read deny does not block
    ['Edit(./.env)', 'Write', false],
    ['Edit', 'Write(x)', true],
    ['WebFetch', 'WebFetch(domain:x.com)', true],
    ['WebFetch(domain:*.example.com)', 'WebFetch(domain:a.example.com)', true],
    ['WebFetch(domain:*.example.com)', 'WebFetch(domain:example.com)', false],
    ['mcp__github', 'mcp__github__create_issue', true],
    ['mcp__github__get_*', 'mcp__github__get_issue', true],
    ['mcp__github__create_issue', 'mcp__github', false],
    ['mcp__*', 'mcp__github__x', true],
    ['*', 'Bash(ls)', true],
    ['Agent(Explore)', 'Task(Explore)', true],
    ['Skill(deploy *)', 'Skill(deploy)', true],
    ['Skill(deploy)', 'Skill(deploy *)', false],
  ])('%s ⊇ %s is %s', (a, b, expected) => {
    expect(c(a, b)).toBe(expected);
  });

  it('Read deny covers Edit and Write on the same path (v2.1.208 / v2.1.228), not before', () => {
    expect(contains(placed('Read(./.env)', 'deny'), placed('Write', 'allow'), behaviour)).toBe(false);
    const edit = parse('Edit(./.env)', 'allow');
    expect(matches(parse('Read(./.env)', 'deny'), { tool: 'Edit', path: '/w/proj/.env' }, { bases, behaviour })).toBe(true);
    expect(matches(parse('Read(./.env)', 'deny'), { tool: 'Edit', path: '/w/proj/.env' }, { bases, behaviour: behaviourFor('2.1.200') })).toBe(false);
    expect(edit.form).toBe('path');
  });

  it('is sound: when it says true, every sampled call matched by b is matched by a', () => {
    const words = fc.constantFrom('git', 'push', 'origin', 'main', 'npm', 'run', '*', '-f', 'x');
    const pattern = fc.array(words, { minLength: 1, maxLength: 4 }).map((ws) => `Bash(${ws.join(' ')})`);
    const command = fc.array(fc.constantFrom('git', 'push', 'origin', 'main', 'npm', 'run', '-f', 'x', ''), { minLength: 1, maxLength: 6 }).map((ws) => ws.join(' ').trim());
    fc.assert(
      fc.property(pattern, pattern, fc.array(command, { minLength: 1, maxLength: 20 }), (a, b, calls) => {
        const ra = parse(a, 'deny');
        const rb = parse(b, 'allow');
        const verdict = contains({ rule: ra, bases }, { rule: rb, bases }, behaviour);
        for (const cmd of calls) {
          const call = { tool: 'Bash', command: cmd };
          if (verdict === true && matches(rb, call, { bases, behaviour })) expect(matches(ra, call, { bases, behaviour })).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('wildcards', () => {
  it('match in bounded time on hostile patterns', () => {
    const pattern = `${'*a'.repeat(200)}*b`;
    const text = 'a'.repeat(20_000);
    expect(wildcardMatch(pattern, text)).toBe(false);
    expect(wildcardContains(pattern, `${'*a'.repeat(100)}`)).not.toBe(true);
  });

  it('agree with a reference regex on random inputs', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[ab* ]{0,8}$/), fc.stringMatching(/^[ab ]{0,10}$/), (p, t) => {
        const re = new RegExp(`^${p.split('*').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');
        expect(wildcardMatch(p, t)).toBe(re.test(t));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('mayMatchTool', () => {
  it('says which tools a rule governs: its own, the editing tools for Edit, Edit and Write for a Read deny where the version says so; none for a dead rule', () => {
    const may = (raw: string, list: RuleList, tool: string, b = behaviour) => mayMatchTool(parse(raw, list), tool, b);
    expect(may('Bash(cat *)', 'deny', 'Bash')).toBe(true);
    expect(may('Bash(cat *)', 'deny', 'Read')).toBe(false);
    expect(may('Edit(./src/**)', 'allow', 'MultiEdit')).toBe(true);
    expect(may('Edit(./src/**)', 'allow', 'Read')).toBe(false);
    expect(may('Read(./.env)', 'allow', 'Edit')).toBe(false);
    expect(may('Read(./.env)', 'deny', 'Edit', behaviourFor('2.1.200'))).toBe(false);
    expect(may('Read(./.env)', 'deny', 'Edit', behaviourFor('2.1.230'))).toBe(true);
    expect(may('Read(./.env)', 'deny', 'Write', behaviourFor('2.1.210'))).toBe(false);
    expect(may('Read(./.env)', 'deny', 'Write', behaviourFor('2.1.230'))).toBe(true);
    expect(may('mcp__fs', 'deny', 'mcp__fs__read')).toBe(true);
    expect(may('mcp__fs', 'deny', 'mcp__fsx__read')).toBe(false);
    expect(may('Re*', 'deny', 'Read')).toBe(true);
    expect(may('Re*', 'deny', 'mcp__a__b')).toBe(false);
    expect(may('mcp__*', 'deny', 'mcp__a__b')).toBe(true);
    expect(may('Read(', 'deny', 'Read')).toBe(false);
  });
});

describe('ruleIndexKeys', () => {
  it('files a rule where every rule that contains it looks (the index never hides a container)', () => {
    const raws = [
      'Bash', 'Bash(*)', 'Bash(git *)', 'Bash(git push *)', 'Bash(git push origin main)', 'Bash(GIT push *)', 'Bash(npm run *)', 'Bash(npm run test)', 'Bash(npm:*)', 'Bash( git  push )', 'Bash(* push)',
      'Read', 'Read(./src/**)', 'Read(./src/a.ts)', 'Read(~/.ssh/**)', 'Read(//etc/**)', 'Read(//etc/passwd)', 'Read(src/**)', 'Read(**/*.env)', 'Edit', 'Edit(./src/**)', 'Write',
      'WebFetch', 'WebFetch(domain:example.com)', 'WebFetch(domain:*.example.com)', 'WebFetch(domain:api.example.com)', 'WebFetch(domain:*)',
      'mcp__github', 'mcp__github__create_issue', 'mcp__*', '*', 'Agent', 'Task(Plan)', 'Skill(deploy *)', 'Skill(deploy prod)', 'PowerShell(Get-Item *)',
    ];
    const sources = [bases, { cwd: '/w/proj', home: '/home/u', source: '/home/u/.claude' }];
    let contained = 0;
    fc.assert(
      fc.property(fc.constantFrom(...raws), fc.constantFrom(...raws), fc.constantFrom(...sources), fc.constantFrom(...sources), (outer, inner, ob, ib) => {
        const a = { rule: parse(outer, 'deny'), bases: ob };
        const b = { rule: parse(inner, 'allow'), bases: ib };
        // Dead rules match no call (so anything contains them) and never reach an index.
        if (isDeadRule(a.rule) || isDeadRule(b.rule) || contains(a, b, behaviour) !== true) return;
        const effective = (r: typeof a) => ({ ...r, source: { file: '', scope: 'project' as const, pointer: '', line: null, column: null }, effective: true });
        expect(ruleIndexKeys(effective(b)).lookup).toContain(ruleIndexKeys(effective(a)).own);
        contained++;
      }),
      { numRuns: 4000 },
    );
    expect(contained).toBeGreaterThan(200);
  });
});
