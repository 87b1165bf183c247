import { spawnSync } from 'node:child_process';
// Permissions auditor benchmark: load and analysis time for 2,500, 5,000 and 10,000 permission rules.
// Runs against the built code in dist/ (`npm run bench` builds first). Run alone: `node bench/permissions.bench.mjs`.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fmtInt, fmtMs, median, rng } from './bench-lib.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The build to measure: dist/, or AGENTGOV_DIST (e.g. another checkout's dist/, to compare two builds). */
const DIST = path.resolve(process.env.AGENTGOV_DIST ?? path.join(REPO, 'dist'));
const SIZES = [2_500, 5_000, 10_000];
const RUNS = 5;
const BUDGET_MS_5K = 1_000;
const BUDGET_RATIO = 4;

export const name = 'permissions';

/** Runs the benchmark, prints its table, and returns whether every budget holds. */
export default async function run({ log = (line) => console.log(line) } = {}) {
  const lib = await loadDist(log);
  if (!lib) return { ok: false };
  log(`permissions: load (loadWorkspace + effectivePermissions) and analysis (the permissions auditor alone), median of ${RUNS} cold runs (a fresh process each), Node ${process.version}`);
  const base = await mkdtemp(path.join(os.tmpdir(), 'agentgov-bench-'));
  const results = [];
  try {
    for (const size of SIZES) {
      const dirs = await writeWorkspace(path.join(base, String(size)), generateRules(size, 0x5eed + size));
      results.push({ size, ...(await measure(lib, dirs)) });
    }
  } finally {
    await rm(base, { recursive: true, force: true });
  }

  const rows = results.map((r) => [fmtInt(r.size), fmtMs(r.load), fmtMs(r.analysis), `${(r.analysis / r.load).toFixed(1)}×`, String(r.findings)]);
  printTable(log, ['rules', 'load ms', 'analysis ms', 'analysis/load', 'findings'], rows);
  const at = (n) => results.find((r) => r.size === n);
  const fiveK = at(5_000);
  const tenK = at(10_000);
  const ratio = tenK.analysis / fiveK.analysis;
  log('');
  log(`analysis(10,000) / analysis(5,000): ${ratio.toFixed(2)}×`);
  const budgets = [
    { text: `5,000 rules: well under 1 s (analysis ${fmtMs(fiveK.analysis)} ms, budget < ${fmtInt(BUDGET_MS_5K)} ms)`, ok: fiveK.analysis < BUDGET_MS_5K },
    { text: `10,000 / 5,000 < ${BUDGET_RATIO}× (${ratio.toFixed(2)}×)`, ok: ratio < BUDGET_RATIO },
  ];
  for (const b of budgets) log(`${b.ok ? 'PASS' : 'FAIL'}  ${b.text}`);
  const figures = [
    { measure: 'analysis of 5,000 rules', value: fiveK.analysis, budget: BUDGET_MS_5K, unit: 'ms', cmp: '<', ok: budgets[0].ok },
    { measure: 'analysis 10,000 / 5,000 rules', value: ratio, budget: BUDGET_RATIO, unit: '×', cmp: '<', ok: budgets[1].ok },
  ];
  return { ok: budgets.every((b) => b.ok), figures, results };
}

/** The built modules, or null (with a message) when dist/ is missing or has no permissions auditor. */
async function loadDist(log) {
  const file = (rel) => path.join(DIST, rel);
  const needed = ['audit/engine.js', 'audit/registry.js', 'workspace/load-workspace.js', 'policies/load-policy.js', 'policies/effective/effective-permissions.js', 'policies/permission-rules/claude-version.js'];
  const missing = needed.filter((rel) => !existsSync(file(rel)));
  if (missing.length > 0) {
    log(`permissions bench: ${DIST} is not built (missing ${missing.join(', ')}); run \`npm run build\` or \`npm run bench\``);
    return null;
  }
  const load = (rel) => import(pathToFileURL(file(rel)).href);
  const [{ runAuditors }, { AUDITORS, allRules }, { loadWorkspace }, { loadPolicy }, { effectivePermissions }, { behaviourFor }] = await Promise.all(needed.map(load));
  const auditor = AUDITORS.find((a) => a.id === 'permissions');
  if (!auditor) {
    log(`permissions bench: the permissions auditor is missing from ${path.join(DIST, 'audit/registry.js')} (AUDITORS: ${AUDITORS.map((a) => a.id).join(', ') || 'none'}); register it and rebuild`);
    return null;
  }
  return { runAuditors, allRules, loadWorkspace, loadPolicy, effectivePermissions, behaviourFor, auditor };
}

/** Median load and analysis times. Each run loads a fresh workspace, so nothing cached on the workspace is reused. */
async function measure(lib, dirs) {
  const loads = [];
  const analyses = [];
  let findings = 0;
  for (let i = 0; i < RUNS; i++) {
    const worker = path.join(REPO, 'bench', 'permissions-worker.mjs');
    const out = spawnSync(process.execPath, [worker, DIST, dirs.root, dirs.home, dirs.managedDir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (out.status !== 0) throw new Error(`bench worker failed: ${out.stderr}`);
    const r = JSON.parse(out.stdout);
    if (r.rules === 0) throw new Error(`no rules loaded from ${dirs.root}`);
    loads.push(r.load);
    analyses.push(r.analysis);
    findings = r.findings;
  }
  void lib;
  return { load: median(loads), analysis: median(analyses), findings };
}

// ---------------------------------------------------------------------------------------------------------------
// Generator: a realistic mix, deterministic for a seed.

const COMMANDS = [
  'git', 'npm', 'pnpm', 'yarn', 'npx', 'node', 'python', 'python3', 'pip', 'poetry', 'uv', 'cargo', 'go', 'make',
  'docker', 'kubectl', 'helm', 'terraform', 'aws', 'gcloud', 'az', 'gh', 'curl', 'wget', 'ssh', 'rsync', 'ls', 'cat',
  'grep', 'find', 'sed', 'jq', 'bun', 'deno', 'mvn', 'gradle', 'dotnet', 'ruby', 'bundle', 'rails',
];
const SUBCOMMANDS = ['run', 'test', 'build', 'install', 'push', 'status', 'log', 'diff', 'deploy', 'exec', 'get', 'apply', 'lint', 'publish', 'clean'];
const ARGS = ['--force', '-v', 'main', 'origin', '--dry-run', 'prod', 'staging', '.', 'src', '--all', '-n 10', 'feature/x', '--yes'];
const OPERANDS = ['file', 'v', 'issue-', 'branch-', 'pkg-', 'job-', 'service-', 'test-'];
const DIRS = ['src', 'lib', 'test', 'docs', 'scripts', 'config', 'build', 'dist', 'vendor', 'packages/app', 'packages/api', '.github'];
const SECRETS = ['.env', '.env.local', '.env.*', 'secrets.json', 'id_rsa', '*.pem', '*.key', 'credentials', '.npmrc', '*.p12'];
const HOSTS = ['github.com', 'registry.npmjs.org', 'pypi.org', 'docs.python.org', 'developer.mozilla.org', 'api.internal.example', 'crates.io', 'pkg.go.dev'];
const BAD_HOSTS = ['pastebin.com', 'transfer.sh', 'ngrok.io', 'evil.example', 'requestbin.net', 'webhook.site'];
const MCP_SERVERS = ['github', 'postgres', 'filesystem', 'slack', 'jira', 'sentry', 'linear', 'browser'];
const MCP_READ_TOOLS = ['query', 'list_files', 'read_file', 'search', 'get_page', 'list_issues'];
const MCP_WRITE_TOOLS = ['create_issue', 'write_file', 'post_message', 'delete_file', 'execute'];

/** About 200 command families (`git push`, `npm run`, ...), as agents' allow lists accumulate them. */
function families(random) {
  const out = [];
  for (const cmd of COMMANDS) for (const sub of SUBCOMMANDS) out.push(`${cmd} ${sub}`);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out.slice(0, 200);
}

/**
 * `size` rules as `{ scope, list, raw }`: 70% allow, 10% ask, 20% deny. Allow rules cover everyday work (160 command
 * families, project folders, documentation hosts, read-only MCP tools); ask and deny rules cover 40 other families,
 * secrets, unknown hosts and writing MCP tools, so they seldom overlap the allows. About 3% are duplicates of an earlier
 * rule and about 2% are allows shadowed by a narrower deny of their own family (`git push --force *`).
 */
export function generateRules(size, seed) {
  const random = rng(seed);
  const pick = (xs) => xs[Math.floor(random() * xs.length)];
  const fams = families(random);
  const work = fams.slice(0, 160);
  const restricted = fams.slice(160);
  const scopeOf = () => {
    const r = random();
    return r < 0.1 ? 'managed' : r < 0.7 ? 'project' : r < 0.85 ? 'local' : 'user';
  };
  const listOf = () => {
    const r = random();
    return r < 0.7 ? 'allow' : r < 0.8 ? 'ask' : 'deny';
  };
  const bash = (pool) => {
    const fam = pick(pool);
    const r = random();
    if (r < 0.4) return `Bash(${fam} ${pick(ARGS)} ${pick(OPERANDS)}${Math.floor(random() * 100)})`;
    const sub = random() < 0.3 ? '' : ` ${pick(OPERANDS)}${Math.floor(random() * 100)}`;
    if (r < 0.65) return `Bash(${fam}${sub} *)`;
    if (r < 0.8) return `Bash(${fam}${sub}:*)`;
    if (r < 0.95) return `Bash(${fam} * ${pick(ARGS)}${sub})`;
    return `Bash(${fam.split(' ')[0]} * ${pick(ARGS)} *)`;
  };
  const anchored = (tool, rest) => {
    const r = random();
    const n = Math.floor(random() * 50);
    if (r < 0.15) return `${tool}(//opt/data${n}/${rest})`;
    if (r < 0.3) return `${tool}(~/.config/tool${n}/${rest})`;
    if (r < 0.5) return `${tool}(/${pick(DIRS)}/m${n}/${rest})`;
    if (r < 0.75) return `${tool}(./${pick(DIRS)}/m${n}/${rest})`;
    return `${tool}(${pick(DIRS)}/m${n}/${rest})`;
  };
  const workPath = () => anchored(random() < 0.5 ? 'Read' : 'Edit', random() < 0.5 ? '**' : `**/*.${pick(['ts', 'js', 'py', 'md', 'json'])}`);
  const secretPath = () => (random() < 0.4 ? `${random() < 0.7 ? 'Read' : 'Edit'}(${pick(SECRETS)})` : anchored(random() < 0.7 ? 'Read' : 'Edit', pick(SECRETS)));
  const host = (pool) => {
    const r = random();
    const n = Math.floor(random() * 100);
    if (r < 0.2) return `WebFetch(domain:${pick(pool)})`;
    if (r < 0.8) return `WebFetch(domain:svc${n}.${pick(pool)})`;
    return `WebFetch(domain:*.${pick(pool)})`;
  };
  const server = () => `${pick(MCP_SERVERS)}${random() < 0.2 ? '' : `-${Math.floor(random() * 100)}`}`;
  const mcp = (tools) => (random() < 0.85 ? `mcp__${server()}__${pick(tools)}` : `mcp__${server()}`);
  const allowRule = () => {
    const r = random();
    return r < 0.55 ? bash(work) : r < 0.8 ? workPath() : r < 0.9 ? host(HOSTS) : mcp(MCP_READ_TOOLS);
  };
  const guardRule = () => {
    const r = random();
    return r < 0.45 ? bash(restricted) : r < 0.8 ? secretPath() : r < 0.9 ? host(BAD_HOSTS) : `mcp__${server()}__${pick(MCP_WRITE_TOOLS)}`;
  };

  const rules = [];
  while (rules.length < size) {
    const r = random();
    if (r < 0.03 && rules.length > 0) {
      rules.push({ ...pick(rules) }); // duplicate (same scope and list)
    } else if (r < 0.05) {
      const fam = pick(work); // an allow shadowed by a deny of a narrower form of its family
      const flag = pick(['--force', '--dry-run', 'prod']);
      rules.push({ scope: scopeOf(), list: 'deny', raw: `Bash(${fam} ${flag} *)` });
      if (rules.length < size) rules.push({ scope: scopeOf(), list: 'allow', raw: `Bash(${fam} ${flag} ${pick(ARGS)})` });
    } else {
      const list = listOf();
      rules.push({ scope: scopeOf(), list, raw: list === 'allow' ? allowRule() : guardRule() });
    }
  }
  return rules;
}

/** Writes the rules as settings files of each scope and returns the folders to load. */
async function writeWorkspace(base, rules) {
  const root = path.join(base, 'project');
  const home = path.join(base, 'home');
  const managedDir = path.join(base, 'managed');
  const files = {
    managed: path.join(managedDir, 'managed-settings.json'),
    project: path.join(root, '.claude', 'settings.json'),
    local: path.join(root, '.claude', 'settings.local.json'),
    user: path.join(home, '.claude', 'settings.json'),
  };
  for (const [scope, file] of Object.entries(files)) {
    const permissions = { allow: [], ask: [], deny: [] };
    for (const r of rules) if (r.scope === scope) permissions[r.list].push(r.raw);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, `${JSON.stringify({ permissions }, null, 2)}\n`);
  }
  return { root, home, managedDir };
}

// ---------------------------------------------------------------------------------------------------------------

function printTable(log, header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  log(header.map((h, i) => h.padStart(widths[i])).join('  '));
  for (const row of rows) log(row.map((c, i) => c.padStart(widths[i])).join('  '));
}


if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { ok } = await run();
  process.exitCode = ok ? 0 : 1;
}
