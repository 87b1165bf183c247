#!/usr/bin/env node
// Audits every historical version of every repository in ../shared/corpus with the built CLI (issue 9).
//
// The corpus stores, per repository, one folder per commit that touched agent configuration, holding the files that
// commit changed (`<repo>/<UTC stamp>_<sha8>/<path>`, listed in MANIFEST.jsonl). This script replays each repository
// into a real git repository — one dated commit per snapshot, each laid over the previous state — and after every
// commit runs `agentgov audit` on the work tree as it then is, with a history window reaching back to the first
// commit. (The corpus does not record deletions: a file stays until a later snapshot replaces it.)
//
// Checked for every version: the process did not crash (no signal, exit 0 or 1, never 2, nothing fatal on stderr), the
// JSON report parses, and every config/ finding is on a file that an independent parse shows broken
// (scripts/lib/broken-file.mjs). Prints a table: versions, audit time per repository (total, slowest version), findings.
//
//   node scripts/corpus-all-versions.mjs [--only <text>] [--sample N] [--versions-per-repo K] [--jobs 2] [--json]
//
// --sample N takes N repositories spread evenly over the sorted list; --versions-per-repo K audits K versions spread
// over each history (the newest always), though every version is still committed. Needs `npm run build`.
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brokenBecause } from './lib/broken-file.mjs';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(REPO, 'bin/agentgov.js');
const CORPUS = path.resolve(REPO, '..', 'shared', 'corpus');

/** `20250819T134130Z_e1302c46` → ISO date of the commit. */
function snapshotDate(name) {
  const m = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z_/.exec(name);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z` : undefined;
}

function audit(args) {
  return new Promise((resolve) => {
    const started = performance.now();
    execFile(process.execPath, [BIN, ...args], { maxBuffer: 256 * 1024 * 1024, timeout: 300_000, env: { PATH: process.env.PATH, NO_COLOR: '1', HOME: args[args.indexOf('--home') + 1] } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, signal: error?.signal ?? null, stdout, stderr, ms: performance.now() - started });
    });
  });
}

/** Which of `n` versions to audit: `k` spread evenly, the newest always (all when k is 0 or ≥ n). */
function chosen(n, k) {
  if (!k || k >= n) return new Set(Array.from({ length: n }, (_, i) => i));
  return new Set(Array.from({ length: k }, (_, j) => Math.round(((n - 1) * (j + 1)) / k)));
}

async function auditRepository(name, { versionsPerRepo }) {
  const snapshots = readdirSync(path.join(CORPUS, name)).filter((s) => snapshotDate(s)).sort();
  const base = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'agentgov-corpus-')));
  const tree = path.join(base, 'repo');
  const home = path.join(base, 'home');
  const row = { repo: name, versions: snapshots.length, audited: 0, ms: 0, slowestMs: 0, findings: 0, configFindings: 0, crashes: [], falsePositives: [] };
  try {
    execFileSync('git', ['init', '-q', tree]);
    const git = (args, date) =>
      execFileSync('git', ['-c', 'user.name=corpus', '-c', 'user.email=corpus@example.com', '-c', 'commit.gpgsign=false', ...args], {
        cwd: tree,
        env: { ...process.env, ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    const since = (snapshotDate(snapshots[0]) ?? '').slice(0, 10);
    const pick = chosen(snapshots.length, versionsPerRepo);
    for (const [i, snap] of snapshots.entries()) {
      cpSync(path.join(CORPUS, name, snap), tree, { recursive: true, force: true, verbatimSymlinks: true });
      git(['add', '-A', '-f', '.']);
      git(['commit', '-q', '--allow-empty', '-m', snap], snapshotDate(snap));
      if (!pick.has(i)) continue;
      // The day before the first commit: the window covers the whole history up to this version.
      const r = await audit(['audit', tree, '--home', home, '--managed-dir', path.join(base, 'managed'), '--since', since, '--format', 'json', '--no-color']);
      row.audited++;
      row.ms += r.ms;
      row.slowestMs = Math.max(row.slowestMs, r.ms);
      let report;
      try {
        report = JSON.parse(r.stdout);
      } catch {
        report = undefined;
      }
      if (r.signal || (r.code !== 0 && r.code !== 1) || !report || /fatal|\n\s+at /.test(r.stderr)) {
        row.crashes.push(`${snap}: exit ${r.code} ${r.signal ?? ''} ${r.stderr.trim().split('\n')[0] ?? ''}`);
        continue;
      }
      row.findings += report.findings.length;
      for (const f of report.findings.filter((x) => x.ruleId.startsWith('config/'))) {
        row.configFindings++;
        if (f.file.startsWith('~/') || f.file.startsWith('<managed>/')) continue;
        const why = brokenBecause(f.ruleId, path.join(tree, f.file), f.file, { pointer: f.pointer, data: f.data });
        if (why === undefined) row.falsePositives.push(`${snap} ${f.ruleId} ${f.file}:${f.line ?? '-'}`);
      }
    }
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
  return row;
}

/** Audits the corpus; returns one row per repository. */
export async function auditCorpus({ only, sample, versionsPerRepo = 0, jobs = 2, log = () => {} } = {}) {
  if (!existsSync(CORPUS)) throw new Error(`no corpus at ${CORPUS}`);
  let repos = readdirSync(CORPUS, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  if (only) repos = repos.filter((r) => r.includes(only));
  if (sample && sample < repos.length) repos = Array.from({ length: sample }, (_, j) => repos[Math.floor((j * repos.length) / sample)]);
  const rows = [];
  let next = 0;
  const worker = async () => {
    while (next < repos.length) {
      const name = repos[next++];
      const row = await auditRepository(name, { versionsPerRepo });
      rows.push(row);
      log(`${name}: ${row.audited}/${row.versions} versions, ${(row.ms / 1000).toFixed(1)} s${row.crashes.length ? `, ${row.crashes.length} CRASHES` : ''}${row.falsePositives.length ? `, ${row.falsePositives.length} FALSE POSITIVES` : ''}`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));
  return rows.sort((a, b) => (a.repo < b.repo ? -1 : 1));
}

function table(rows, seconds) {
  const head = ['repository', 'versions', 'audited', 'total s', 'per version s', 'slowest s', 'findings', 'config/', 'crashes', 'false pos.'];
  const body = rows.map((r) => [r.repo, r.versions, r.audited, (r.ms / 1000).toFixed(1), (r.ms / 1000 / Math.max(1, r.audited)).toFixed(2), (r.slowestMs / 1000).toFixed(2), r.findings, r.configFindings, r.crashes.length, r.falsePositives.length]);
  const sum = (k) => rows.reduce((a, r) => a + r[k], 0);
  body.push(['TOTAL', sum('versions'), sum('audited'), (sum('ms') / 1000).toFixed(1), (sum('ms') / 1000 / Math.max(1, sum('audited'))).toFixed(2), (Math.max(0, ...rows.map((r) => r.slowestMs)) / 1000).toFixed(2), sum('findings'), sum('configFindings'), rows.reduce((a, r) => a + r.crashes.length, 0), rows.reduce((a, r) => a + r.falsePositives.length, 0)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => String(row[i]).length)));
  const fmt = (row) => row.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [fmt(head), ...body.map(fmt), `wall clock: ${seconds.toFixed(0)} s, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const arg = (name) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const asJson = process.argv.includes('--json');
  const started = performance.now();
  const rows = await auditCorpus({
    only: arg('--only'),
    sample: Number(arg('--sample') ?? 0),
    versionsPerRepo: Number(arg('--versions-per-repo') ?? 0),
    jobs: Number(arg('--jobs') ?? 2),
    log: asJson ? () => {} : (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(asJson ? `${JSON.stringify(rows)}\n` : `${table(rows, (performance.now() - started) / 1000)}\n`);
  for (const r of rows) for (const problem of [...r.crashes, ...r.falsePositives]) process.stderr.write(`${r.repo}: ${problem}\n`);
  process.exitCode = rows.some((r) => r.crashes.length || r.falsePositives.length) ? 1 : 0;
}
