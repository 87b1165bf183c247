// Permission rules, commands and paths built to blow up a backtracking matcher (`*a*a*a…b`, `**/**/…/x`, 10,000-character
// rules, thousands of stars, very deep paths), each with the answer agentgov must give. Shared by the hang-guarded test
// (test/policies/permission-rules/pathological.test.ts, through pattern-cases-worker.mjs) and bench/patterns.bench.mjs.
// Not a benchmark itself: run.mjs only runs *.bench.mjs. Everything runs against the built code in dist/.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const L = 10_000;
const STAR_A = `${'*a'.repeat(L / 2)}b`;
const DEEP = 3_000;
const CWD = '/w/p';

export const RULES = {
  starA: `Bash(${STAR_A})`,
  starAPrefix: `Bash(${'a*'.repeat(L / 2)})`,
  literal: `Bash(${'x'.repeat(L)})`,
  stars: `Bash(${'*'.repeat(L)})`,
  starSpace: `Bash(${'* '.repeat(L / 2)}b)`,
  doubleStar: `Read(${'**/'.repeat(DEEP)}x)`,
  doubleStarShort: 'Read(**/x)',
  segmentStarA: `Read(${STAR_A.slice(0, 2_000)}b)`,
  starSlash: `Edit(${'*/'.repeat(DEEP)}x)`,
  questionMarks: `Read(/${'?*'.repeat(L / 4)}/**)`,
  colons: `Bash(${'git:* '.repeat(L / 6)}:*)`,
  domain: `WebFetch(domain:${'a-'.repeat(L / 2)}.com)`,
  mcp: `mcp__${'s'.repeat(L)}__${'*t'.repeat(L / 2)}`,
  param: `Agent(model:${'*o'.repeat(L / 2)}x)`,
  substitutions: `Bash(${'$('.repeat(L / 2)})`,
};

export const COMMANDS = {
  as: 'a'.repeat(L),
  asThenB: `${'a'.repeat(L)}b`,
  xsThenY: `${'x'.repeat(L - 1)}y`,
  spaces: `${'a '.repeat(L)}c`,
  compound: `${'true && '.repeat(2_000)}echo a > out.txt`,
  quotes: '"$(a)" '.repeat(20_000),
  digits: '1'.repeat(100_000),
};

export const PATHS = {
  deepX: `${CWD}/${'d/'.repeat(DEEP)}x`,
  deepY: `${CWD}/${'d/'.repeat(DEEP)}y`,
  deepAs: `${CWD}/${'a/'.repeat(2_000)}${'a'.repeat(2_000)}`,
  veryDeep: `${CWD}/src/${'s/'.repeat(L)}f.ts`,
};

/** The built modules the cases need, from a dist/ folder. */
export async function loadLib(dist) {
  const load = (rel) => import(pathToFileURL(path.join(dist, rel)).href);
  const [rules, shell, effective, engine, registry, workspace, policy, signers] = await Promise.all(
    [
      'policies/permission-rules/index.js',
      'policies/permission-rules/shell.js',
      'policies/effective/effective-permissions.js',
      'audit/engine.js',
      'audit/registry.js',
      'workspace/load-workspace.js',
      'policies/load-policy.js',
      'signing/allowed-signers.js',
    ].map(load),
  );
  return { ...rules, ...shell, ...effective, ...engine, ...registry, ...workspace, ...policy, ...signers };
}

/**
 * The cases: each `run(lib, dir)` returns a small JSON value and `expected` is what it must be. `dir` is an empty
 * folder the case may write a workspace into.
 */
export function patternCases() {
  const bases = { cwd: CWD, home: '/home/u', source: CWD };
  const ctx = (lib) => ({ bases, behaviour: lib.behaviourFor('2.1.240') });
  const rule = (lib, raw, list = 'deny') => lib.parse(raw, list);
  const bash = (lib, raw, command, list = 'deny') => lib.matches(rule(lib, raw, list), { tool: 'Bash', command }, ctx(lib));
  const file = (lib, raw, tool, p) => lib.matches(rule(lib, raw), { tool, path: p }, ctx(lib));
  const contains = (lib, outer, inner) => lib.contains({ rule: rule(lib, outer), bases }, { rule: rule(lib, inner, 'allow'), bases }, lib.behaviourFor('2.1.240'));
  const placed = (lib, raw, list) => ({ rule: rule(lib, raw, list), bases, effective: true, source: { file: 'settings.json', scope: 'project', pointer: '', line: null, column: null } });
  const decideOptions = (lib) => ({ mode: 'default', cwd: CWD, home: '/home/u', workingDirs: [CWD], behaviour: lib.behaviourFor('2.1.240') });

  return [
    { name: 'parse every rule', expected: { starA: 'bash', starAPrefix: 'bash', literal: 'bash', stars: 'bash', starSpace: 'bash', doubleStar: 'path', doubleStarShort: 'path', segmentStarA: 'path', starSlash: 'path', questionMarks: 'path', colons: 'bash', domain: 'invalid', mcp: 'mcp', param: 'param', substitutions: 'bash' },
      run: (lib) => Object.fromEntries(Object.entries(RULES).map(([k, raw]) => [k, lib.parse(raw, 'deny').form])) },
    { name: 'Bash(*a*a…*ab) against a…a', expected: false, run: (lib) => bash(lib, RULES.starA, COMMANDS.as) },
    { name: 'Bash(*a*a…*ab) against a…ab', expected: true, run: (lib) => bash(lib, RULES.starA, COMMANDS.asThenB) },
    { name: 'Bash(a*a*…a*) against a…a', expected: true, run: (lib) => bash(lib, RULES.starAPrefix, COMMANDS.as, 'allow') },
    { name: 'Bash(* * …* b) against a a …c', expected: false, run: (lib) => bash(lib, RULES.starSpace, COMMANDS.spaces) },
    { name: '10,000-character literal rule, last character differs', expected: false, run: (lib) => bash(lib, RULES.literal, COMMANDS.xsThenY) },
    { name: '10,000 stars against a…ab', expected: true, run: (lib) => bash(lib, RULES.stars, COMMANDS.asThenB) },
    { name: 'legacy :* repeated', expected: ['colon-not-at-end'], run: (lib) => rule(lib, RULES.colons, 'allow').issues.map((i) => i.code) },
    { name: 'Read(**/**/…/x) against a deep …/x', expected: true, run: (lib) => file(lib, RULES.doubleStar, 'Read', PATHS.deepX) },
    { name: 'Read(**/**/…/x) against a deep …/y', expected: false, run: (lib) => file(lib, RULES.doubleStar, 'Read', PATHS.deepY) },
    { name: 'Edit(*/*/…/x) against a deep …/x', expected: true, run: (lib) => file(lib, RULES.starSlash, 'Edit', PATHS.deepX) },
    { name: 'Read(*a*a…) segment at any depth', expected: false, run: (lib) => file(lib, RULES.segmentStarA, 'Read', PATHS.deepAs) },
    { name: 'Read(/?*?*…/**) against a deep path', expected: false, run: (lib) => file(lib, RULES.questionMarks, 'Read', PATHS.deepX) },
    { name: 'Read(src/**) against a 10,000-folder path', expected: true, run: (lib) => file(lib, 'Read(src/**)', 'Read', PATHS.veryDeep) },
    { name: 'long domain label', expected: true, run: (lib) => lib.matches(rule(lib, 'WebFetch(domain:*.com)'), { tool: 'WebFetch', url: 'https://a.com/', host: `${'a-'.repeat(L / 2)}a.com` }, ctx(lib)) },
    { name: 'mcp tool glob *t*t…', expected: false, run: (lib) => lib.matches(rule(lib, RULES.mcp), { tool: `mcp__${'s'.repeat(L)}__${'t'.repeat(L)}x` }, ctx(lib)) },
    { name: 'param value *o*o…x', expected: false, run: (lib) => lib.matches(rule(lib, RULES.param), { tool: 'Agent', name: 'o'.repeat(L), input: { model: 'o'.repeat(L) } }, ctx(lib)) },
    { name: 'contains(Bash(*a*a…*ab), Bash(a…ab))', expected: true, run: (lib) => contains(lib, RULES.starA, `Bash(${COMMANDS.asThenB})`) },
    { name: 'contains(Bash(*a*a…*ab), Bash(a*a*…a*))', expected: false, run: (lib) => contains(lib, RULES.starA, RULES.starAPrefix) },
    { name: 'contains(10,000 stars, Bash(*a*a…*ab))', expected: true, run: (lib) => contains(lib, RULES.stars, RULES.starA) },
    { name: 'contains(Read(**/x), Read(**/**/…/x))', expected: true, run: (lib) => contains(lib, RULES.doubleStarShort, RULES.doubleStar) },
    { name: 'contains(Read(**/**/…/x), Read(**/x))', expected: true, run: (lib) => contains(lib, RULES.doubleStar, RULES.doubleStarShort) },
    { name: 'contains(Edit(*/*/…/x), Read(**/**/…/x))', expected: false, run: (lib) => contains(lib, RULES.starSlash, RULES.doubleStar) },
    { name: 'allowed_signers namespaces="**…*x" (10,000 stars; a regex took a minute at 15)', expected: [false, true], run: (lib) => [lib.matchPatternList('agentgov-manifest-v1', `${'*'.repeat(L)}x`), lib.matchPatternList('agentgov-manifest-v1', `${'*?'.repeat(10)}*`)] },
    { name: 'split 100,000 digits', expected: 1, run: (lib) => lib.splitCommand(COMMANDS.digits).commands.length },
    { name: 'split 20,000 quoted substitutions', expected: 20_001, run: (lib) => lib.splitCommand(COMMANDS.quotes).commands.length },
    {
      name: 'decide a 2,000-part compound with a redirection',
      expected: { decision: 'deny', parts: 2_002 },
      run: (lib) => {
        const d = lib.decide([placed(lib, 'Edit(out.txt)', 'deny'), placed(lib, RULES.stars, 'allow')], { tool: 'Bash', command: COMMANDS.compound }, decideOptions(lib));
        return { decision: d.decision, parts: d.parts.length };
      },
    },
    {
      name: 'effective merge and the permissions auditor over every pathological rule',
      // Allow indexes: RULES in order, then `Bash(a…ab)` (15) and `Read(./notes/x)` (16). The deny `Bash(*a*a…*ab)` and
      // `Read(**/**/…/x)` (≡ `Read(**/x)`) and the ask `Read(*a*a…*ab)` shadow 0, 5, 6, 7, 15 and 16; the allow of
      // 10,000 stars makes every other Bash allow redundant; the domain is invalid; `:*` mid-rule and `model:` in allow
      // are ineffective.
      expected: { rules: 20, shadowed: [0, 5, 6, 7, 15, 16], redundant: [1, 2, 4, 10, 14], invalid: [11], ineffective: [10, 13] },
      run: async (lib, dir) => {
        const ws = await writeWorkspace(dir);
        const workspace = await lib.loadWorkspace(ws);
        const effective = lib.effectivePermissions(workspace, lib.behaviourFor('2.1.240'));
        const policy = await lib.loadPolicy({ root: ws.root, rules: lib.allRules() });
        const auditor = lib.AUDITORS.find((a) => a.id === 'permissions');
        const { findings } = lib.runAuditors(workspace, policy, [auditor]);
        const at = (id) => findings.filter((f) => f.ruleId === `permissions/${id}`).map((f) => Number(f.location.pointer.split('/').pop())).sort((a, b) => a - b);
        return { rules: effective.rules.length, shadowed: at('shadowed-allow'), redundant: at('redundant-rule'), invalid: at('invalid-rule'), ineffective: at('ineffective-rule') };
      },
    },
  ];
}

/** A project whose settings hold every pathological rule in each list. */
export async function writeWorkspace(dir) {
  const root = path.join(dir, 'project');
  const home = path.join(dir, 'home');
  const managedDir = path.join(dir, 'managed');
  const settings = { permissions: { allow: [...Object.values(RULES), `Bash(${COMMANDS.asThenB})`, 'Read(./notes/x)'], deny: [RULES.starA, RULES.doubleStar], ask: [RULES.segmentStarA] } };
  await mkdir(path.join(root, '.claude'), { recursive: true });
  await mkdir(home, { recursive: true });
  await mkdir(managedDir, { recursive: true });
  await writeFile(path.join(root, '.claude', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
  return { root, home, managedDir };
}

/** Runs every case once (in order, one fresh sub-folder of `dir` each): its time in ms, its result, and whether it is right. */
export async function runCases(dist, dir) {
  const lib = await loadLib(dist);
  const out = [];
  for (const [i, c] of patternCases().entries()) {
    const caseDir = path.join(dir, String(i));
    await mkdir(caseDir, { recursive: true });
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const result = await c.run(lib, caseDir);
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    out.push({ name: c.name, ms, cpuMs: (cpu.user + cpu.system) / 1000, result, expected: c.expected, ok: JSON.stringify(result) === JSON.stringify(c.expected) });
  }
  return out;
}

// `node bench/pattern-cases.mjs <dist> <dir>`: one cold run of every case, as JSON (what the benchmark measures).
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const [dist, dir] = process.argv.slice(2);
  process.stdout.write(JSON.stringify(await runCases(path.resolve(dist), path.resolve(dir))));
}
