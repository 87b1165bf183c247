#!/usr/bin/env node
// Crash harness for `agentgov memory prune --apply` (issue 9): generates a memory store, starts the built CLI on it,
// kills it with SIGKILL after a random (seeded) delay, runs `agentgov memory recover`, and checks that nothing was
// lost: every file is in its place or in the archive of a committed plan, byte for byte; MEMORY.md is the original or
// the original minus exactly the lines of archived items; no temp file, lock or open plan is left. A committed plan is
// then restored, and the store must be back to its original bytes and mtimes.
//
//   node scripts/fuzz-prune.mjs [--runs 500] [--seed N] [--json]      (needs `npm run build`)
//
// Kill points are times, not journal steps: a third of the runs die at a delay from the start (startup, planning),
// the rest at a delay after the journal appears (the prune itself), drawn over the prune's measured duration.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectSlug } from '../dist/workspace/transcripts.js';
import { rng } from '../bench/bench-lib.mjs';
import { makeStore, openPlans, readJournal, readTree } from './lib/prune-fixtures.mjs';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(REPO, 'bin/agentgov.js');

function runCli(args, { killAfter, journal } = {}) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    let journalAt;
    let done = false;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code, signal) => {
      done = true;
      resolve({ code, signal, stdout, stderr, ms: performance.now() - started, journalMs: journalAt === undefined ? undefined : journalAt - started });
    });
    if (!killAfter) return;
    const kill = () => !done && child.kill('SIGKILL');
    if (killAfter.from === 'start') setTimeout(kill, killAfter.ms);
    else {
      // Poll for the journal (1 ms), then wait the drawn delay: a point in time inside the prune itself.
      const poll = () => {
        if (done) return;
        if (existsSync(journal)) {
          journalAt = performance.now();
          setTimeout(kill, killAfter.ms);
        } else setTimeout(poll, 1);
      };
      poll();
    }
  });
}

/** Lines of `bytes` with their line endings, so that removing lines can be checked byte for byte. */
function splitLines(bytes) {
  return bytes.toString('utf8').match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

const linkTargets = (line) => [...line.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);

/** One run: a fresh store, a prune killed at `kill`, recovery, the checks. Returns the outcome and any violations. */
async function oneRun(random, kill) {
  const base = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'agentgov-fuzz-prune-')));
  try {
    const root = path.join(base, 'project');
    const home = path.join(base, 'home');
    const managed = path.join(base, 'managed');
    const stateDir = path.join(base, 'state');
    for (const d of [root, home, managed]) mkdirSync(d, { recursive: true });
    const store = path.join(home, '.claude', 'projects', projectSlug(root), 'memory');
    mkdirSync(store, { recursive: true });
    const original = makeStore(random, store);
    const mtimes = new Map([...original.keys()].map((rel) => [rel, statSync(path.join(store, rel)).mtimeMs]));
    const common = [root, '--home', home, '--managed-dir', managed, '--state-dir', stateDir];
    const journalFile = path.join(stateDir, 'memory-journal.jsonl');
    const violations = [];
    const fail = (what) => violations.push(what);

    const prune = await runCli(['memory', 'prune', '--apply', ...common], { killAfter: kill, journal: journalFile });
    const killed = prune.signal === 'SIGKILL';
    if (!killed && prune.code !== 0) fail(`prune exited ${prune.code} ${prune.signal ?? ''}: ${prune.stderr.trim()}`);
    const beforeRecover = readJournal(journalFile);
    const lastStep = beforeRecover.at(-1)?.op ?? 'none';
    const interrupted = openPlans(beforeRecover).length > 0;

    const recover = await runCli(['memory', 'recover', ...common]);
    if (recover.code !== 0) fail(`recover exited ${recover.code} ${recover.signal ?? ''}: ${recover.stderr.trim()}`);
    const journal = readJournal(journalFile);
    if (openPlans(journal).length > 0) fail(`plans still open after recover: ${openPlans(journal).join(', ')}`);
    if (journal.some((e) => e.op === 'rollback' && e.problems > 0)) fail('a rollback reported problems');
    if (existsSync(path.join(stateDir, 'memory.lock'))) fail('the memory lock is still there');
    const committed = new Set(journal.filter((e) => e.op === 'commit').map((e) => e.planId));

    // Where every file is now: the store, or the archive of a committed plan (never both, never neither).
    const now = readTree(store);
    if (now.others.length) fail(`unexpected non-files in the store: ${now.others.join(', ')}`);
    for (const rel of now.files.keys()) if (!original.has(rel)) fail(`unexpected file in the store: ${rel}`);
    const archived = new Map();
    const archiveRoot = path.join(stateDir, 'memory-archive');
    for (const storeId of existsSync(archiveRoot) ? readdirSync(archiveRoot) : []) {
      for (const planId of readdirSync(path.join(archiveRoot, storeId))) {
        const tree = readTree(path.join(archiveRoot, storeId, planId));
        const items = [...tree.files.keys()].filter((rel) => !rel.startsWith('.agentgov/'));
        if (!committed.has(planId) && items.length) fail(`plan ${planId} was not committed but its archive holds ${items.join(', ')}`);
        for (const rel of items) {
          if (archived.has(rel)) fail(`${rel} is archived twice`);
          archived.set(rel, { bytes: tree.files.get(rel), planId, storeId });
        }
        if (committed.has(planId)) {
          const manifest = JSON.parse(tree.files.get('.agentgov/manifest.json')?.toString('utf8') ?? '{"items":[]}');
          const listed = manifest.items.map((i) => i.relPath).sort();
          if (JSON.stringify(listed) !== JSON.stringify(items.sort())) fail(`manifest of ${planId} lists ${listed.length} items, the archive holds ${items.length}`);
        }
      }
    }
    for (const [rel, bytes] of original) {
      if (rel === 'MEMORY.md') continue;
      const inPlace = now.files.get(rel)?.equals(bytes) === true;
      const inArchive = archived.get(rel)?.bytes.equals(bytes) === true;
      if (inPlace === inArchive) fail(`${rel}: ${inPlace ? 'both in place and archived' : 'neither in place nor archived byte-identical'}`);
      if (inPlace && statSync(path.join(store, rel)).mtimeMs !== mtimes.get(rel)) fail(`${rel}: mtime changed`);
    }

    // MEMORY.md: the original minus whole lines, each naming only archived items; no kept line names only archived ones.
    const index = now.files.get('MEMORY.md');
    const before = splitLines(original.get('MEMORY.md'));
    if (!index) fail('MEMORY.md is gone');
    else if (committed.size === 0 && !index.equals(original.get('MEMORY.md'))) fail('MEMORY.md changed without a committed plan');
    else if (index) {
      const after = splitLines(index);
      let k = 0;
      for (const line of before) {
        if (after[k] === line) {
          k++;
          // A line naming an item that stays is kept even when it also names an archived one (the executor's rule).
          const targets = linkTargets(line).filter((t) => original.has(t));
          if (targets.length && targets.every((t) => archived.has(t))) fail(`MEMORY.md kept a line that names only archived items: ${JSON.stringify(line)}`);
        } else {
          const targets = linkTargets(line);
          if (!targets.length || !targets.every((t) => archived.has(t))) fail(`MEMORY.md lost a line that does not name only archived items: ${JSON.stringify(line)}`);
        }
      }
      if (k !== after.length) fail('MEMORY.md has lines that were not in the original');
    }

    // A committed prune is undone by restore: the store is back to its original bytes and mtimes.
    let restored = false;
    for (const planId of committed) {
      const r = await runCli(['memory', 'restore', planId, ...common]);
      if (r.code !== 0) fail(`restore ${planId} exited ${r.code}: ${r.stderr.trim()}`);
      restored = true;
    }
    if (restored) {
      const back = readTree(store);
      for (const [rel, bytes] of original) {
        if (!back.files.get(rel)?.equals(bytes)) fail(`after restore, ${rel} is not its original bytes`);
        else if (statSync(path.join(store, rel)).mtimeMs !== mtimes.get(rel)) fail(`after restore, ${rel} has another mtime`);
      }
      if (back.files.size !== original.size) fail(`after restore the store holds ${back.files.size} files, not ${original.size}`);
    }

    const outcome = !killed ? 'finished' : beforeRecover.length === 0 ? 'killed before the journal' : interrupted ? 'killed mid-prune, rolled back' : 'killed after commit';
    return { outcome, lastStep: killed ? lastStep : 'finished', items: original.size - 1, archived: archived.size, violations, pruneMs: prune.ms, journalMs: prune.journalMs };
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

/** Runs the harness; returns counts and every violation (empty when nothing was lost). */
export async function fuzzPrune({ runs = 500, seed = Date.now() % 2 ** 31, log = () => {} } = {}) {
  const random = rng(seed);
  // Calibrate: how long a whole prune takes, and how long after the journal appears it ends.
  const calibration = await oneRun(random, undefined);
  let totalMs = calibration.pruneMs;
  let execMs = calibration.pruneMs - (calibration.journalMs ?? calibration.pruneMs * 0.5);
  const counts = {};
  const steps = {};
  const failures = [];
  if (calibration.violations.length) failures.push({ run: 0, kill: 'none', violations: calibration.violations });
  let archivedTotal = 0;
  let itemsTotal = 0;
  const started = performance.now();
  for (let run = 1; run <= runs; run++) {
    const fromStart = random() < 1 / 3;
    const kill = fromStart ? { from: 'start', ms: Math.round(random() * totalMs * 1.05) } : { from: 'journal', ms: Math.round(random() * execMs * 1.1) };
    const result = await oneRun(random, kill);
    counts[result.outcome] = (counts[result.outcome] ?? 0) + 1;
    steps[result.lastStep] = (steps[result.lastStep] ?? 0) + 1;
    archivedTotal += result.archived;
    itemsTotal += result.items;
    if (result.violations.length) failures.push({ run, kill: `${kill.ms} ms after the ${kill.from}`, violations: result.violations });
    // Follow the machine's speed: uninterrupted runs re-measure the durations the delays are drawn over.
    if (result.outcome === 'finished') {
      totalMs = (totalMs + result.pruneMs) / 2;
      if (result.journalMs !== undefined) execMs = (execMs + result.pruneMs - result.journalMs) / 2;
    }
    log(`run ${run}/${runs}: ${result.outcome} (last step ${result.lastStep}), ${result.items} items${result.violations.length ? `, ${result.violations.length} VIOLATIONS` : ''}`);
  }
  return { seed, runs, counts, lastSteps: steps, items: itemsTotal, archived: archivedTotal, failures, seconds: Math.round((performance.now() - started) / 100) / 10 };
}

function table(summary) {
  const rows = [
    ['seed', summary.seed],
    ['runs', summary.runs],
    ...Object.entries(summary.counts).map(([k, v]) => [k, v]),
    ...Object.entries(summary.lastSteps).map(([k, v]) => [`  last journal step: ${k}`, v]),
    ['memory items generated', summary.items],
    ['items archived by committed plans (then restored)', summary.archived],
    ['runs with violations', summary.failures.length],
    ['seconds', summary.seconds],
  ];
  const width = Math.max(...rows.map(([k]) => String(k).length));
  return rows.map(([k, v]) => `${String(k).padEnd(width)}  ${v}`).join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const asJson = process.argv.includes('--json');
  const summary = await fuzzPrune({ runs: arg('--runs', 500), seed: arg('--seed', Date.now() % 2 ** 31), log: asJson ? () => {} : (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(asJson ? `${JSON.stringify(summary)}\n` : `${table(summary)}\n`);
  for (const f of summary.failures) process.stderr.write(`run ${f.run} (killed ${f.kill}):\n  ${f.violations.join('\n  ')}\n`);
  process.exitCode = summary.failures.length ? 1 : 0;
}
