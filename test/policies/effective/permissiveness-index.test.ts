import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EffectivePermissions } from '../../../src/policies/effective/effective-permissions.js';
import { IndexTracker } from '../../../src/policies/effective/index-tracker.js';
import { INDEX_WEIGHTS, MODE_ORDER, indexValueWith, indexWith, isLiveRule, permissivenessIndex, type PermissivenessIndex } from '../../../src/policies/effective/permissiveness-index.js';
import { canonicalJson, sameJson } from '../../../src/policies/canonical-json.js';
import { behaviourFor, type ClaudeBehaviour } from '../../../src/policies/permission-rules/claude-version.js';
import type { EffectiveRule, PermissionMode } from '../../../src/policies/permission-rules/effective-types.js';
import { parse } from '../../../src/policies/permission-rules/parse.js';
import type { RuleList } from '../../../src/policies/permission-rules/types.js';
import { explainer, type SettingsSpec } from '../../helpers/permissions.js';

const bases = { cwd: '/w/p', home: '/home/u', source: '/w/p' };
const source = { file: '.claude/settings.json', scope: 'project' as const, pointer: '', line: null, column: null };
const defaultBehaviour = behaviourFor();

interface Spec {
  raw: string;
  list: RuleList;
}

const rule = ({ raw, list }: Spec): EffectiveRule => ({ rule: parse(raw, list), bases, effective: true, source });

function effective(specs: readonly Spec[], mode: PermissionMode = 'default', dirs: readonly string[] = []): EffectivePermissions {
  return {
    layers: [],
    rules: specs.map(rule),
    defaultMode: { value: mode, source: null },
    ignoredModes: [],
    additionalDirectories: dirs.map((d) => ({ raw: d, path: d, source })),
    managedRulesOnly: false,
    bypassDisabled: false,
  };
}

function index(specs: readonly Spec[], mode: PermissionMode = 'default', dirs: readonly string[] = [], behaviour: ClaudeBehaviour = defaultBehaviour): PermissivenessIndex {
  return permissivenessIndex(effective(specs, mode, dirs), { root: '/w/p', home: '/home/u', behaviour });
}

const allow = (...raws: string[]): Spec[] => raws.map((raw) => ({ raw, list: 'allow' }));
const deny = (...raws: string[]): Spec[] => raws.map((raw) => ({ raw, list: 'deny' }));
const ask = (...raws: string[]): Spec[] => raws.map((raw) => ({ raw, list: 'ask' }));
const component = (ix: PermissivenessIndex, id: string) => ix.components.find((c) => c.id === id);

async function fromSettings(spec: SettingsSpec): Promise<PermissivenessIndex> {
  const e = await explainer(spec);
  return permissivenessIndex(e.effective, { root: e.ws.root, home: e.ws.home, behaviour: behaviourFor(spec.version) });
}

/** Realistic rules, valid and not, as they appear in settings files. */
const POOL: readonly string[] = [
  'Bash', 'Bash(*)', 'PowerShell', 'Bash(npm test)', 'Bash(npm run *)', 'Bash(git *)', 'Bash(git push *)', 'Bash(git status)',
  'Bash(git commit -m *)', 'Bash(python:*)', 'Bash(python3 manage.py test *)', 'Bash(node *)', 'Bash(npx *)', 'Bash(sudo *)',
  'Bash(sudo apt-get install *)', 'Bash(rm -rf *)', 'Bash(rm *)', 'Bash(curl *)', 'Bash(curl https://api.example.com/*)',
  'Bash(docker run *)', 'Bash(ls *)', 'Bash(make)', 'Bash(* --version)', 'Bash(git:* push)',
  'Read', 'Read(~/.ssh/**)', 'Read(~/**)', 'Read(//**)', 'Read(./.env)', 'Read(.env)', 'Read(./.env.*)', 'Read(./src/**)',
  'Read(**/*.pem)', 'Read(~/.aws/**)', 'Edit', 'Edit(./.env)', 'Edit(./src/**)', 'Edit(//**)', 'Edit(~/.aws/**)', 'Edit(/config/**)',
  'Write', 'Write(./x)', 'WebFetch', 'WebFetch(domain:github.com)', 'WebFetch(domain:*.example.com)', 'WebFetch(domain:*)',
  'WebFetch(domain:example.*)', 'WebSearch', 'mcp__github', 'mcp__github__create_issue', 'mcp__github__get_*', 'mcp__*',
  'Agent', 'Agent(Explore)', 'Task(Plan)', 'Skill(deploy *)', '*', 'Bash(command:rm *)',
];

const VERSIONS = ['2.1.100', '2.1.210', '2.1.240'];
const ALL_MODES: readonly PermissionMode[] = MODE_ORDER.flat();
const rank = (m: PermissionMode) => MODE_ORDER.findIndex((level) => level.includes(m));
/** The widening order: plan ≤ default ≤ acceptEdits ≤ auto ≤ bypassPermissions, dontAsk ≤ default (plan and dontAsk are not ordered). */
const atMost = (a: PermissionMode, b: PermissionMode) => a === b || rank(a) < rank(b);

const arbRaw = fc.constantFrom(...POOL);
const arbList = fc.constantFrom<RuleList>('allow', 'deny', 'ask');
const arbSpec = fc.record({ raw: arbRaw, list: arbList });
const arbConfig = fc.record({
  rules: fc.array(arbSpec, { maxLength: 12 }),
  mode: fc.constantFrom(...ALL_MODES),
  dirs: fc.subarray(['/', '/home/u', '/home', '/w/shared', '/tmp/x']),
  behaviour: fc.constantFrom(...VERSIONS).map((v) => behaviourFor(v)),
});
const insertAt = <T>(xs: readonly T[], at: number, x: T): T[] => [...xs.slice(0, at % (xs.length + 1)), x, ...xs.slice(at % (xs.length + 1))];

describe('permissivenessIndex: monotonicity (the contract the history depends on)', () => {
  it('adding any allow never lowers the index', () => {
    fc.assert(
      fc.property(arbConfig, arbRaw, fc.nat(), (c, raw, at) => {
        const before = index(c.rules, c.mode, c.dirs, c.behaviour).value;
        const after = index(insertAt(c.rules, at, { raw, list: 'allow' }), c.mode, c.dirs, c.behaviour).value;
        expect(after).toBeGreaterThanOrEqual(before);
      }),
      { numRuns: 400 },
    );
  });

  it('adding any deny or ask never raises the index', () => {
    fc.assert(
      fc.property(arbConfig, arbRaw, fc.constantFrom<RuleList>('deny', 'ask'), fc.nat(), (c, raw, list, at) => {
        const before = index(c.rules, c.mode, c.dirs, c.behaviour).value;
        const after = index(insertAt(c.rules, at, { raw, list }), c.mode, c.dirs, c.behaviour).value;
        expect(after).toBeLessThanOrEqual(before);
      }),
      { numRuns: 400 },
    );
  });

  it('widening the mode along the order never lowers the index', () => {
    fc.assert(
      fc.property(arbConfig, fc.constantFrom(...ALL_MODES), fc.constantFrom(...ALL_MODES), (c, a, b) => {
        fc.pre(atMost(a, b));
        expect(index(c.rules, b, c.dirs, c.behaviour).value).toBeGreaterThanOrEqual(index(c.rules, a, c.dirs, c.behaviour).value);
      }),
      { numRuns: 300 },
    );
  });

  it('adding an additional directory never lowers the index', () => {
    fc.assert(
      fc.property(arbConfig, fc.constantFrom('/', '/home/u', '/home', '/w/shared', '/w/p', '/opt'), (c, dir) => {
        expect(index(c.rules, c.mode, [...c.dirs, dir], c.behaviour).value).toBeGreaterThanOrEqual(index(c.rules, c.mode, c.dirs, c.behaviour).value);
      }),
      { numRuns: 200 },
    );
  });

  it('never throws, and is a non-negative integer equal to the sum of its components', () => {
    const anyRaw = fc.oneof(arbRaw, fc.string({ maxLength: 20 }), fc.stringMatching(/^(Bash|Read|Edit|WebFetch|mcp__x|Agent)\([a-z:*./~ -]{0,12}\)$/));
    fc.assert(
      fc.property(fc.array(fc.record({ raw: anyRaw, list: arbList }), { maxLength: 15 }), fc.constantFrom(...ALL_MODES), (rules, mode) => {
        const ix = index(rules, mode);
        expect(Number.isInteger(ix.value)).toBe(true);
        expect(ix.value).toBeGreaterThanOrEqual(0);
        expect(ix.value).toBe(ix.components.reduce((s, c) => s + c.points, 0));
        for (let i = 1; i < ix.components.length; i++) expect(ix.components[i - 1]!.points).toBeGreaterThanOrEqual(ix.components[i]!.points);
      }),
      { numRuns: 400 },
    );
  });
});

describe('permissivenessIndex: examples', () => {
  it('is 0 for an empty configuration', async () => {
    expect(index([])).toEqual({ value: 0, components: [] });
    expect((await fromSettings({})).value).toBe(0);
  });

  it('gives deny and ask rules no points of their own', () => {
    expect(index([...deny('Bash', 'Read(~/.ssh/**)'), ...ask('WebFetch')]).value).toBe(0);
  });

  it('scores a bare Bash allow as an unrestricted shell (≥ 40)', async () => {
    const ix = index(allow('Bash'));
    expect(ix.value).toBeGreaterThanOrEqual(40);
    expect(component(ix, 'unrestricted-shell')).toMatchObject({ points: 40, because: ['Bash'] });
    expect(index(allow('Bash(*)')).value).toBe(ix.value);
    expect((await fromSettings({ user: { permissions: { allow: ['Bash'] } } })).value).toBeGreaterThanOrEqual(40);
  });

  it('scores bypassPermissions at ≥ 50, and dontAsk below acceptEdits (it denies what would ask)', async () => {
    expect(index([], 'bypassPermissions').value).toBeGreaterThanOrEqual(50);
    const ix = await fromSettings({ project: { permissions: { defaultMode: 'bypassPermissions' } } });
    expect(ix.value).toBe(50);
    expect(ix.components[0]).toMatchObject({ id: 'mode', because: ['.claude/settings.json#/permissions/defaultMode'] });
    expect(index([], 'dontAsk').value).toBe(0);
    expect(index([], 'acceptEdits').value).toBe(8);
    expect(index([], 'auto').value).toBe(15);
  });

  it('names `Bash(python:*)` in a code-execution component', () => {
    const ix = index(allow('Bash(python:*)', 'Bash(npm test)'));
    expect(component(ix, 'code-execution')).toMatchObject({ points: 12, because: ['Bash(python:*)'] });
    expect(component(ix, 'other-allow')).toMatchObject({ points: 1, because: ['Bash(npm test)'] });
    expect(ix.value).toBe(13);
  });

  it('scores risky grants by risk', () => {
    expect(component(index(allow('Bash(sudo *)')), 'privilege-escalation')?.points).toBe(20);
    expect(component(index(allow('Bash(curl *)')), 'network-egress')?.points).toBe(8);
    expect(component(index(allow('Bash(rm -rf *)')), 'destructive')?.points).toBe(6);
    expect(index(allow('Bash(python3 manage.py test *)')).value).toBe(1);
  });

  it('gives nothing to an allow shadowed by a deny or an ask', () => {
    expect(index([...allow('Bash(git push *)'), ...deny('Bash(git *)')]).value).toBe(0);
    expect(index([...ask('Bash'), ...allow('Bash(python:*)')]).value).toBe(0);
    expect(index([...allow('Read(~/.ssh/**)'), ...deny('Read(~/.ssh/**)')]).value).toBe(0);
    // A narrower deny does not shadow: the allow keeps its points.
    expect(index([...allow('Bash(git *)'), ...deny('Bash(git push *)')]).value).toBe(index(allow('Bash(git *)')).value);
  });

  it('does not discount an allow because a broader allow exists', () => {
    const both = index(allow('Bash', 'Bash(python:*)'));
    expect(both.value).toBe(index(allow('Bash')).value + index(allow('Bash(python:*)')).value);
  });

  it('counts a duplicate allow once', () => {
    expect(index(allow('Bash(python:*)', 'Bash(python:*)')).value).toBe(12);
  });

  it('scores each sensitive target an allow reaches, unless a deny or ask stops it', () => {
    const ssh = index(allow('Read(~/.ssh/**)'));
    expect(ssh.value).toBe(10);
    expect(component(ssh, 'sensitive-path:ssh')).toMatchObject({ points: 10, because: ['Read(~/.ssh/**)'] });

    const home = index(allow('Read(~/**)'));
    const homeMinusSsh = index([...allow('Read(~/**)'), ...deny('Read(~/.ssh/**)')]);
    expect(homeMinusSsh.value).toBe(home.value - 10);
    expect(component(homeMinusSsh, 'sensitive-path:ssh')).toBeUndefined();
    expect(index([...allow('Read(~/**)'), ...ask('Read(~/.aws/**)')]).value).toBe(home.value - 10);

    // Reading inside the project needs no rule; editing the project's .env does.
    expect(index(allow('Read(./.env)')).value).toBe(1);
    expect(component(index(allow('Edit(./.env)')), 'sensitive-path:dotenv')?.points).toBe(10);
    // Since v2.1.208 a Read deny also blocks Edit on that path.
    expect(index([...allow('Edit(~/.aws/**)'), ...deny('Read(~/.aws/**)')], 'default', [], behaviourFor('2.1.240')).value).toBe(1);
    expect(index([...allow('Edit(~/.aws/**)'), ...deny('Read(~/.aws/**)')], 'default', [], behaviourFor('2.1.100')).value).toBe(10);
  });

  it('scores unrestricted tools and broad WebFetch domains', () => {
    expect(component(index(allow('Edit')), 'unrestricted-edit')?.points).toBe(15);
    expect(component(index(allow('Write')), 'unrestricted-edit')?.points).toBe(15);
    expect(index(allow('WebFetch')).value).toBe(10);
    expect(index(allow('WebFetch(domain:*)')).value).toBe(10);
    expect(component(index(allow('Read')), 'unrestricted-read')?.points).toBe(5);
    expect(index(allow('Agent')).value).toBe(3);
    expect(index(allow('Agent(Explore)')).value).toBe(1);
    expect(index(allow('WebFetch(domain:*.example.com)')).value).toBe(6);
    expect(index(allow('WebFetch(domain:example.*)')).value).toBe(6);
    expect(index(allow('WebFetch(domain:github.com)')).value).toBe(1);
    expect(index(allow('mcp__github')).value).toBe(1);
  });

  it('gives dead and ineffective allows nothing', () => {
    expect(index(allow('Write(./src/**)', 'mcp__*', '*', 'Bash(command:rm *)', 'Bahs(ls)')).value).toBe(0);
    const excluded = effective(allow('Bash'));
    excluded.rules[0]!.effective = false;
    expect(permissivenessIndex(excluded, { root: '/w/p', home: '/home/u', behaviour: defaultBehaviour }).value).toBe(0);
  });

  it('scores additional directories: `/` or the home folder 15, others 3', async () => {
    expect(index([], 'default', ['/']).value).toBe(15);
    expect(index([], 'default', ['/home/u']).value).toBe(15);
    expect(index([], 'default', ['/home']).value).toBe(15);
    expect(index([], 'default', ['/w/shared', '/w/shared']).value).toBe(3);
    const ix = await fromSettings({ project: { permissions: { additionalDirectories: ['~', '../shared'] } } });
    expect(ix.value).toBe(18);
    expect(component(ix, 'additional-directory-broad')?.because).toEqual(['~']);
  });

  it('scores skipDangerousModePermissionPrompt from user, local or managed settings, and enableAllProjectMcpServers from any', async () => {
    expect((await fromSettings({ user: { skipDangerousModePermissionPrompt: true } })).value).toBe(5);
    expect((await fromSettings({ local: { skipDangerousModePermissionPrompt: true }, user: { skipDangerousModePermissionPrompt: true } })).value).toBe(5);
    expect((await fromSettings({ project: { skipDangerousModePermissionPrompt: true } })).value).toBe(0);
    const mcp = await fromSettings({ project: { enableAllProjectMcpServers: true } });
    expect(mcp.value).toBe(8);
    expect(mcp.components[0]).toMatchObject({ id: 'enable-all-project-mcp-servers', because: ['.claude/settings.json#/enableAllProjectMcpServers'] });
  });

  it('does not score sandbox settings', async () => {
    expect((await fromSettings({ project: { sandbox: { enabled: false, allowUnsandboxedCommands: true, excludedCommands: ['docker *'] } } })).value).toBe(0);
  });

  it('sorts components by points, highest first', () => {
    const ix = index(allow('Bash(npm test)', 'Bash(python:*)', 'Bash', 'Bash(sudo *)'), 'acceptEdits');
    expect(ix.components.map((c) => c.id)).toEqual(['unrestricted-shell', 'privilege-escalation', 'code-execution', 'mode', 'other-allow']);
    expect(ix.value).toBe(40 + 20 + 12 + 8 + 1);
  });

  it('keeps every weight non-negative and the mode weights in mode order', () => {
    for (const w of Object.values(INDEX_WEIGHTS)) expect(w.points).toBeGreaterThanOrEqual(0);
    for (const a of ALL_MODES) for (const b of ALL_MODES) if (atMost(a, b)) expect(INDEX_WEIGHTS[`mode.${b}`].points).toBeGreaterThanOrEqual(INDEX_WEIGHTS[`mode.${a}`].points);
  });
});

describe('IndexTracker: rules in and out one at a time give the index of the resulting state', () => {
  it('matches a fresh computation after every step of a random sequence of additions and removals', () => {
    const arbStep = fc.record({ spec: arbSpec, remove: fc.boolean(), at: fc.nat() });
    fc.assert(
      fc.property(fc.array(arbStep, { maxLength: 40 }), fc.constantFrom(...VERSIONS).map((v) => behaviourFor(v)), (steps, behaviour) => {
        const ctx = { root: '/w/p', home: '/home/u', behaviour };
        const tracker = new IndexTracker(ctx);
        const present: EffectiveRule[] = [];
        for (const step of steps) {
          if (step.remove && present.length > 0) {
            const [gone] = present.splice(step.at % present.length, 1);
            if (isLiveRule(gone!)) tracker.remove(gone!);
          } else {
            const r = rule(step.spec);
            present.push(r);
            if (isLiveRule(r)) tracker.add(r);
          }
          const state = { ...effective([]), rules: present };
          const expected = permissivenessIndex(state, ctx);
          expect(indexValueWith(tracker, state, ctx)).toBe(expected.value);
          // Components too, apart from the order of their `because` lists (the tracker keeps first-added order).
          const sorted = (ix: PermissivenessIndex) => ix.components.map((c) => ({ ...c, because: [...c.because].sort() }));
          expect(sorted(indexWith(tracker, state, ctx))).toEqual(sorted(expected));
        }
      }),
      { numRuns: 150 },
    );
  });
});

/** A deep copy whose objects list their keys in reverse order. */
function reordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reordered);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reordered(v)]));
}

/** A deep copy with its `n`-th leaf (modulo the number of leaves) replaced by a different value; a tree without leaves gets one. */
function withChangedLeaf(value: unknown, n: number): unknown {
  const leaves: string[] = [];
  const walk = (v: unknown, at: string) => {
    if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${at}/${k}`);
    else leaves.push(at);
  };
  walk(value, '');
  const target = leaves.length > 0 ? leaves[n % leaves.length] : undefined;
  const copy = (v: unknown, at: string): unknown => {
    if (at === target) return typeof v === 'string' ? `${v}!` : 'changed';
    if (Array.isArray(v)) return target === undefined && at === '' ? [...v.map((x, i) => copy(x, `${at}/${i}`)), 'added'] : v.map((x, i) => copy(x, `${at}/${i}`));
    if (v === null || typeof v !== 'object') return v;
    const out = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x, `${at}/${k}`)]));
    return target === undefined && at === '' ? { ...out, added: true } : out;
  };
  return copy(value, '');
}

describe('sameJson', () => {
  it('says equal exactly when canonical JSON prints the same', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        expect(sameJson(a, b)).toBe(canonicalJson(a) === canonicalJson(b));
        expect(sameJson(a, structuredClone(a))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('ignores the order of object keys at every depth, and sees any changed leaf', () => {
    let reorderedObjects = 0;
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), (a, n) => {
        const b = reordered(a);
        if (JSON.stringify(a) !== JSON.stringify(b)) reorderedObjects++;
        expect(sameJson(a, b)).toBe(true);
        expect(sameJson(b, a)).toBe(true);
        const changed = withChangedLeaf(b, n);
        expect(sameJson(a, changed)).toBe(false);
        expect(sameJson(changed, a)).toBe(false);
      }),
      { numRuns: 500 },
    );
    // The property says nothing unless key order actually differed often.
    expect(reorderedObjects).toBeGreaterThan(100);
    expect(sameJson({ a: 1, b: { c: [1, { d: 2, e: 3 }] } }, { b: { c: [1, { e: 3, d: 2 }] }, a: 1 })).toBe(true);
    expect(sameJson({ a: 1, b: { c: [1, { d: 2, e: 3 }] } }, { b: { c: [1, { e: 4, d: 2 }] }, a: 1 })).toBe(false);
  });

  it('agrees with canonical JSON on undefined: an array element prints as null, an object member not at all', () => {
    const cases: [unknown, unknown][] = [[[undefined], [null]], [[1, undefined], [1, 2]], [{ a: undefined }, {}], [{ a: undefined }, { a: null }], [{ a: [undefined] }, { a: [null] }]];
    for (const [a, b] of cases) {
      expect(sameJson(a, b)).toBe(canonicalJson(a) === canonicalJson(b));
      expect(sameJson(b, a)).toBe(canonicalJson(a) === canonicalJson(b));
    }
  });
});
