// History reader benchmark: `agentgov history` over a generated repository of 20,000 commits, 2,000 of which touch
// agent configuration, against the floor of `git log -p --first-parent` over the same paths.
// Runs against the built code in dist/ (`npm run bench` builds first). Run alone: `node bench/history.bench.mjs`.
// AGENTGOV_BENCH_KEEP=1 keeps the generated repository (its path is printed) for profiling.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateRules } from './permissions.bench.mjs';
import { fastImportData as data, fmtInt, fmtMs, median, nodeStartupNote, rng } from './bench-lib.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The build to measure: dist/, or AGENTGOV_DIST (e.g. another checkout's dist/, to compare two builds). */
const DIST = path.resolve(process.env.AGENTGOV_DIST ?? path.join(REPO, 'dist'));
const COMMITS = 20_000;
const CONFIG_EVERY = 10; // commit i touches agent configuration when i % 10 === 5: 2,000 of 20,000
const ORDINARY_FILES = 500;
/** Side branches: the odd commits of [start, start + 20) go to the side branch, which is then merged (first parent = main). */
const MERGE_WINDOWS = [2_000, 6_000, 10_000, 14_000, 18_000];
const MERGE_WINDOW_LENGTH = 20;
/**
 * Timed rounds, each git's floor and agentgov back to back. The ratio is the median of the rounds' own ratios: this
 * machine's speed shifts for seconds at a time (a floor of 350 ms in one round, 500 ms in the next), and a ratio of
 * two medians then pairs a fast floor with a slow agentgov run, or the other way round. Fifteen rounds, as in the
 * check bench: one round's ratio ranged from 1.05 to 1.85 within a single run of seven, so the median of seven moved
 * by about ±0.1 between runs of the same build. The two go in turns first: of three runs of one build in a row, the
 * first was about 10 ms faster than the other two, so always running git first favoured git.
 */
const RUNS = 15;
const BUDGET_RATIO = 1.5;
/** The paths of CONFIG_PATHSPECS (src/workspace/git-history.ts). */
const CONFIG_PATHS = ['.claude', '.mcp.json', 'CLAUDE.md', 'CLAUDE.local.md', 'AGENTS.md', '.claude-plugin', '.claude.json', 'agentgov.json', 'agentgov.lock.json', '.agentgov'];
const AUTHORS = [
  ['Ada Lovelace', 'ada@example.com'],
  ['Grace Hopper', 'grace@example.com'],
  ['Linus Torvalds', 'linus@example.com'],
  ['Margaret Hamilton', 'margaret@example.com'],
  ['Ken Thompson', 'ken@example.com'],
];
const START = Date.UTC(2024, 0, 1) / 1000; // one commit per hour from 2024-01-01

export const name = 'history';

/** Runs the benchmark, prints its figures, and returns whether the budget holds. */
export default async function run({ log = (line) => console.log(line) } = {}) {
  const main = path.join(DIST, 'cli', 'main.js');
  if (!existsSync(main)) {
    log(`history bench: ${DIST} is not built (missing cli/main.js); run \`npm run build\` or \`npm run bench\``);
    return { ok: false };
  }
  if (spawnSync('git', ['--version']).status !== 0) {
    log('history bench: git is not available');
    return { ok: false };
  }
  const base = await mkdtemp(path.join(os.tmpdir(), 'agentgov-history-bench-'));
  const keep = Boolean(process.env.AGENTGOV_BENCH_KEEP);
  try {
    const repo = path.join(base, 'repo');
    const home = path.join(base, 'home');
    const managed = path.join(base, 'managed');
    await Promise.all([mkdir(repo), mkdir(home), mkdir(managed)]);

    // 1. The repository: one `git fast-import` fed a generated stream.
    const t0 = performance.now();
    const generated = generateStream();
    const t1 = performance.now();
    git(repo, ['init', '-q', '-b', 'main']);
    git(repo, ['fast-import', '--quiet'], generated.stream);
    const t2 = performance.now();
    git(repo, ['reset', '-q', '--hard', 'main']);
    const t3 = performance.now();
    const generationMs = t3 - t0;
    const total = Number(git(repo, ['rev-list', '--count', 'HEAD']).trim());
    const touching = git(repo, ['log', '--oneline', '--', '.claude', '.mcp.json', 'CLAUDE.md', 'AGENTS.md']).split('\n').filter(Boolean).length;
    const firstCommit = git(repo, ['rev-list', '--max-parents=0', 'HEAD']).trim();
    log(`history: generated ${fmtInt(total)} commits (${fmtInt(COMMITS)} + ${MERGE_WINDOWS.length} merges; ${fmtInt(touching)} touch agent config, ${fmtInt(generated.expected)} on the first-parent line) in ${fmtMs(generationMs)} ms (stream ${fmtMs(t1 - t0)} ms, ${fmtInt(generated.stream.length)} bytes; git fast-import ${fmtMs(t2 - t1)} ms; checkout ${fmtMs(t3 - t2)} ms)`);
    if (keep) log(`history: repository kept at ${repo}`);
    if (total !== COMMITS + MERGE_WINDOWS.length) throw new Error(`expected ${COMMITS + MERGE_WINDOWS.length} commits, git counts ${total}`);

    // 2. The measurements.
    const floorCmd = ['git', ['log', '-p', '--first-parent', '--', ...CONFIG_PATHS]];
    const entry = await entryPoint(base);
    const agentgovArgs = (output) => [entry, 'history', repo, '--since', firstCommit, '--format', 'json', '--home', home, '--managed-dir', managed, '--fail-on', 'never', ...(output ? ['--output', output] : [])];
    // NOT `--output /dev/null`: the output is written atomically (temp file + rename in the same folder), which as
    // root would replace /dev/null itself. The timed runs write to stdout, which goes to /dev/null like git's.
    const jsonFile = path.join(base, 'history.json');
    // The untimed check run (also the warm-up), under strace when it is there, to count the git processes.
    const { result: check, processes } = traced(base, agentgovArgs(jsonFile));
    let reported = -1;
    if (check.status === 0) reported = JSON.parse(await readFile(jsonFile, 'utf8')).commits.length;
    else log(`history: agentgov exited ${check.status}: ${(check.stderr || check.stdout).trim().split('\n').slice(0, 5).join(' | ')}`);

    const floorRuns = [];
    const agentgovRuns = [];
    const codes = new Set();
    // The main thread's CPU time per timed run (bench/thread-cpu.cjs): the run's critical path, and a figure that
    // other work on the machine does not inflate the way it does wall-clock time.
    const threadFile = path.join(base, 'thread-cpu.jsonl');
    const preload = ['-r', path.join(REPO, 'bench', 'thread-cpu.cjs')];
    timed(...floorCmd, repo); // warm-up
    for (let i = 0; i < RUNS; i++) {
      const floorFirst = i % 2 === 0;
      if (floorFirst) floorRuns.push(timed(...floorCmd, repo).ms);
      const r = timed(process.execPath, [...preload, ...agentgovArgs()], REPO, { AGENTGOV_THREAD_CPU_FILE: threadFile });
      agentgovRuns.push(r.ms);
      codes.add(r.status);
      if (!floorFirst) floorRuns.push(timed(...floorCmd, repo).ms);
    }
    const floor = median(floorRuns);
    const agentgov = median(agentgovRuns);
    const roundRatios = agentgovRuns.map((ms, i) => ms / floorRuns[i]);
    const ratio = median(roundRatios);
    log(`git log -p --first-parent (floor): ${fmtMs(floor)} ms  (runs: ${floorRuns.map(fmtMs).join(', ')})`);
    log(`agentgov history --format json:    ${fmtMs(agentgov)} ms  (runs: ${agentgovRuns.map(fmtMs).join(', ')})`);
    log(`ratio: ${ratio.toFixed(2)}× (median of the rounds' ratios: ${roundRatios.map((r) => r.toFixed(2)).join(', ')}; ratio of the medians ${(agentgov / floor).toFixed(2)}×)`);
    const startup = nodeStartupNote();
    if (startup) log(startup);
    const threads = existsSync(threadFile) ? readFileSync(threadFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line)) : [];
    if (threads.length > 0) log(`agentgov CPU: main thread ${fmtMs(median(threads.map((t) => t.main)))} ms, its other threads ${fmtMs(median(threads.map((t) => t.others)))} ms (medians; git's processes not counted)`);
    log(`commits reported: ${fmtInt(reported)} (expected ${fmtInt(generated.expected)})`);
    if (processes !== undefined) log(`git processes started by agentgov (strace execve): ${processes}`);

    const budgets = [
      { text: `agentgov history exits 0 (exit codes: ${[...codes, check.status].join(', ')})`, ok: check.status === 0 && [...codes].every((c) => c === 0) },
      { text: `commits reported: ${fmtInt(reported)}, expected ${fmtInt(generated.expected)} (≈2,000)`, ok: reported === generated.expected && Math.abs(reported - 2_000) <= 100 },
      { text: `history of 20,000 commits (2,000 config): within ${BUDGET_RATIO}× git log -p (${ratio.toFixed(2)}×)`, ok: ratio <= BUDGET_RATIO },
    ];
    for (const b of budgets) log(`${b.ok ? 'PASS' : 'FAIL'}  ${b.text}`);
    const figures = [{ measure: 'history of 20,000 commits / git log -p', value: ratio, budget: BUDGET_RATIO, unit: '×', ok: budgets[2].ok }];
    return { ok: budgets.every((b) => b.ok), figures, generationMs, floor, agentgov, ratio, reported, processes };
  } finally {
    if (!keep) await rm(base, { recursive: true, force: true });
  }
}

/** bin/agentgov.js for this checkout's dist/; for AGENTGOV_DIST, a shim that loads that build's bundle. */
async function entryPoint(base) {
  if (DIST === path.join(REPO, 'dist')) return path.join(REPO, 'bin', 'agentgov.js');
  const shim = path.join(base, 'agentgov.mjs');
  const loader = pathToFileURL(path.join(REPO, 'bin', 'load-bundle.js')).href;
  const bundle = path.join(DIST, 'cli', 'agentgov.cjs');
  await writeFile(shim, `import { loadBundle } from ${JSON.stringify(loader)};\nconst { main } = loadBundle({ file: ${JSON.stringify(bundle)} }).exports;\nprocess.exitCode = await main(process.argv.slice(2));\n`);
  return shim;
}

function git(cwd, args, input) {
  const result = spawnSync('git', args, { cwd, input, encoding: input === undefined ? 'utf8' : undefined, maxBuffer: 1 << 28 });
  if (result.status !== 0) throw new Error(`git ${args[0]} failed (${result.status}): ${String(result.stderr).trim()}`);
  return String(result.stdout);
}

function timed(cmd, args, cwd, env) {
  const t0 = performance.now();
  const result = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], ...(env ? { env: { ...process.env, ...env } } : {}) });
  const ms = performance.now() - t0;
  if (result.status !== 0) throw new Error(`${path.basename(cmd)} exited ${result.status}: ${String(result.stderr).trim().slice(0, 500)}`);
  return { ms, status: result.status };
}

/**
 * Runs agentgov once, under `strace -f -e trace=execve` when strace is installed and allowed, and counts the git
 * processes it executed (`processes` is undefined without strace).
 */
function traced(base, args) {
  const options = { cwd: REPO, encoding: 'utf8', maxBuffer: 1 << 26 };
  const trace = path.join(base, 'strace.txt');
  for (const extra of [['--seccomp-bpf'], []]) {
    const result = spawnSync('strace', ['-f', ...extra, '-qq', '-e', 'trace=execve', '-o', trace, process.execPath, ...args], options);
    if (result.error) break; // no strace
    if (!existsSync(trace)) continue; // strace refused the options
    const text = readFileSync(trace, 'utf8');
    rmSync(trace, { force: true });
    const starts = text.split('\n').filter((l) => /execve\("[^"]*", \[/.test(l) && /= 0$/.test(l.trim()));
    if (starts.length === 0) continue; // strace could not trace (e.g. ptrace not permitted, or no seccomp-bpf)
    return { result, processes: starts.filter((l) => /execve\("[^"]*\/git", \[/.test(l)).length };
  }
  return { result: spawnSync(process.execPath, args, options), processes: undefined };
}

// ---------------------------------------------------------------------------------------------------------------
// Generator: a deterministic fast-import stream.

const MCP_PACKAGES = ['@modelcontextprotocol/server-github', '@modelcontextprotocol/server-postgres', '@modelcontextprotocol/server-filesystem', '@modelcontextprotocol/server-slack', '@sentry/mcp-server', '@linear/mcp', '@playwright/mcp'];
const GUIDANCE = [
  'Run `npm test` before every commit.', 'Never edit files under dist/.', 'Prefer small, focused pull requests.', 'Use the repository\'s ESLint config; do not disable rules inline.',
  'Database migrations live in db/migrations and are append-only.', 'Ask before adding a dependency.', 'Keep public APIs documented in docs/api.md.', 'Write tests next to the code they cover.',
];

/**
 * The stream and the number of commits `agentgov history` should report (config commits on the first-parent line:
 * main-line config commits plus merges that bring config changes).
 */
function generateStream() {
  const random = rng(0x415);
  const pick = (xs) => xs[Math.floor(random() * xs.length)];
  const pool = generateRules(6_000, 0x4157);
  const allowPool = [...new Set(pool.filter((r) => r.list === 'allow').map((r) => r.raw))];
  const denyPool = [...new Set(pool.filter((r) => r.list !== 'allow').map((r) => r.raw))];

  const chunks = [];
  const emit = (text) => chunks.push(text);
  let mark = 0;
  let hour = 0;
  // File contents per branch, to write merges: the merge carries what the side branch changed since the fork.
  const mainFiles = new Map();
  let sideFiles = null;
  let forkFiles = null;
  let mainTip = 0;
  let sideTip = 0;
  let expected = 0;

  // The configuration's state (shared: while a side branch lives, only it changes configuration).
  const settings = { allow: [], deny: [], defaultMode: undefined };
  const mcp = new Map();
  let guidance = [];
  let configIndex = 0;

  const commit = ({ ref, from, merge, subject, ops, files }) => {
    const [author, email] = AUTHORS[hour % AUTHORS.length];
    const when = `${START + hour * 3600} +0000`;
    hour++;
    mark++;
    let text = `commit ${ref}\nmark :${mark}\nauthor ${author} <${email}> ${when}\ncommitter ${author} <${email}> ${when}\n${data(subject)}`;
    if (from) text += `from :${from}\n`;
    if (merge) text += `merge :${merge}\n`;
    for (const op of ops) {
      if (op.kind === 'M') {
        text += `M 100644 inline ${op.path}\n${data(op.content)}`;
        files.set(op.path, op.content);
      } else if (op.kind === 'D') {
        text += `D ${op.path}\n`;
        files.delete(op.path);
      } else {
        text += `R ${op.from} ${op.path}\n`;
        files.set(op.path, files.get(op.from));
        files.delete(op.from);
      }
    }
    emit(text);
    return mark;
  };

  const settingsJson = () => {
    const json = { $schema: 'https://json.schemastore.org/claude-code-settings.json', permissions: { allow: settings.allow, deny: settings.deny, ...(settings.defaultMode ? { defaultMode: settings.defaultMode } : {}) } };
    return `${JSON.stringify(json, null, 2)}\n`;
  };
  const mcpJson = () => {
    const servers = Object.fromEntries([...mcp].map(([name, pkg]) => [name, { command: 'npx', args: ['-y', pkg] }]));
    return `${JSON.stringify({ mcpServers: servers }, null, 2)}\n`;
  };
  const claudeMd = () => `# Project guidance\n\n${guidance.map((g) => `- ${g}`).join('\n')}\n`;

  /** Changes the permission lists: a few rules added or removed, staying within 20–200 rules. */
  const walkSettings = () => {
    const size = settings.allow.length + settings.deny.length;
    const grow = size < 25 || (size <= 195 && random() < 0.55);
    const n = 1 + Math.floor(random() * (grow ? 4 : 3));
    for (let k = 0; k < n; k++) {
      if (grow) {
        const list = random() < 0.8 ? settings.allow : settings.deny;
        const candidates = list === settings.allow ? allowPool : denyPool;
        const rule = pick(candidates);
        if (!list.includes(rule)) list.push(rule);
      } else {
        const list = settings.deny.length > 3 && random() < 0.2 ? settings.deny : settings.allow;
        list.splice(Math.floor(random() * list.length), 1);
      }
    }
    if (random() < 0.05) settings.defaultMode = settings.defaultMode ? undefined : pick(['acceptEdits', 'plan']);
    if (settings.allow.length + settings.deny.length === size) settings.allow.push(pick(allowPool.filter((r) => !settings.allow.includes(r))));
    return { kind: 'M', path: '.claude/settings.json', content: settingsJson() };
  };

  const configOps = () => {
    const c = configIndex++;
    if (c === 0) {
      while (settings.allow.length < 16) settings.allow.push(allowPool[settings.allow.length]);
      while (settings.deny.length < 4) settings.deny.push(denyPool[settings.deny.length]);
      mcp.set('github', MCP_PACKAGES[0]);
      guidance = GUIDANCE.slice(0, 3);
      return { subject: 'Add Claude Code configuration', ops: [{ kind: 'M', path: '.claude/settings.json', content: settingsJson() }, { kind: 'M', path: '.mcp.json', content: mcpJson() }, { kind: 'M', path: 'CLAUDE.md', content: claudeMd() }] };
    }
    if (c === 40) return { subject: 'Add AGENTS.md', ops: [{ kind: 'M', path: 'AGENTS.md', content: '# Agents\n\nSee CLAUDE.md for the project guidance.\n' }] };
    if (c === 300) return { subject: 'Add local settings (oops)', ops: [{ kind: 'M', path: '.claude/settings.local.json', content: `${JSON.stringify({ permissions: { allow: ['Bash(rm -rf *)', 'Bash(curl *)', 'WebFetch(domain:*)'] } }, null, 2)}\n` }] };
    if (c === 900) return { subject: 'Remove local settings from the repository', ops: [{ kind: 'D', path: '.claude/settings.local.json' }] };
    if (c === 1_200) return { subject: 'Move AGENTS.md to docs/', ops: [{ kind: 'R', from: 'AGENTS.md', path: 'docs/AGENTS.md' }] };
    const r = random();
    if (r < 0.8) {
      const ops = [walkSettings()];
      if (random() < 0.1) {
        guidance = [...guidance, `${pick(GUIDANCE)} (${c})`];
        ops.push({ kind: 'M', path: 'CLAUDE.md', content: claudeMd() });
      }
      return { subject: `Update agent permissions (${c})`, ops };
    }
    if (r < 0.9) {
      if (mcp.size > 1 && random() < 0.4) mcp.delete(pick([...mcp.keys()]));
      else mcp.set(`server-${c}`, `${pick(MCP_PACKAGES)}@1.${c % 40}.0`);
      return { subject: `Update MCP servers (${c})`, ops: [{ kind: 'M', path: '.mcp.json', content: mcpJson() }] };
    }
    guidance = guidance.length > 6 && random() < 0.5 ? guidance.slice(1) : [...guidance, `${pick(GUIDANCE)} (${c})`];
    return { subject: `Update CLAUDE.md (${c})`, ops: [{ kind: 'M', path: 'CLAUDE.md', content: claudeMd() }] };
  };

  let windowIndex = 0;
  for (let i = 0; i < COMMITS; i++) {
    const windowStart = MERGE_WINDOWS[windowIndex];
    const inWindow = windowStart !== undefined && i >= windowStart && i < windowStart + MERGE_WINDOW_LENGTH;
    if (inWindow && i === windowStart) {
      sideFiles = new Map(mainFiles);
      forkFiles = new Map(mainFiles);
      sideTip = mainTip;
    }
    const onSide = inWindow && i % 2 === 1;
    const isConfig = i % CONFIG_EVERY === 5;
    const change = isConfig
      ? configOps()
      : { subject: `Change file${i % ORDINARY_FILES}.ts (${i})`, ops: [{ kind: 'M', path: `src/file${i % ORDINARY_FILES}.ts`, content: `export const value${i % ORDINARY_FILES} = ${i};\n` }] };
    if (onSide) {
      sideTip = commit({ ref: `refs/heads/side-${windowIndex}`, from: sideTip, ...change, files: sideFiles });
    } else {
      if (isConfig && inWindow) throw new Error('generator: config commits in a merge window must be on the side branch');
      mainTip = commit({ ref: 'refs/heads/main', from: mainTip || undefined, ...change, files: mainFiles });
      if (isConfig) expected++;
    }
    if (inWindow && i === windowStart + MERGE_WINDOW_LENGTH - 1) {
      // The merge: main's tree plus what the side branch changed since the fork.
      const ops = [];
      let config = false;
      for (const [p, content] of sideFiles) if (forkFiles.get(p) !== content) ops.push({ kind: 'M', path: p, content });
      for (const p of forkFiles.keys()) if (!sideFiles.has(p)) ops.push({ kind: 'D', path: p });
      for (const op of ops) if (CONFIG_PATHS.some((c) => op.path === c || op.path.startsWith(`${c}/`))) config = true;
      mainTip = commit({ ref: 'refs/heads/main', from: mainTip, merge: sideTip, subject: `Merge branch 'side-${windowIndex}'`, ops, files: mainFiles });
      if (config) expected++;
      windowIndex++;
    }
  }
  emit('done\n');
  return { stream: Buffer.from(chunks.join('')), expected };
}

// ---------------------------------------------------------------------------------------------------------------


if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { ok } = await run();
  process.exitCode = ok ? 0 : 1;
}
