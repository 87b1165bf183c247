import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, sharedPath } from '../helpers/shared.js';

const run = promisify(execFile);

interface Row {
  repo: string;
  versions: number;
  audited: number;
  ms: number;
  slowestMs: number;
  findings: number;
  configFindings: number;
  crashes: string[];
  falsePositives: string[];
}

/**
 * A bounded run of scripts/corpus-all-versions.mjs (which, without options, audits all of ../shared/corpus): ten
 * repositories spread over the corpus, each replayed into a real git repository commit by commit, and the built CLI's
 * `agentgov audit` run on two of its versions (the newest among them) with history back to the first commit. No run may
 * crash or exit 2, and every config/ finding must be on a file that an independent parse shows broken.
 */
describe('every version of real repositories (bounded sample)', () => {
  it('audits ten repositories at two versions each without a crash or a false config/ finding', async () => {
    sharedPath('corpus');
    const { stdout } = await run(process.execPath, [path.join(REPO_ROOT, 'scripts/corpus-all-versions.mjs'), '--sample', '10', '--versions-per-repo', '2', '--jobs', '2', '--json'], { cwd: REPO_ROOT, timeout: 170_000, maxBuffer: 16 * 1024 * 1024 });
    const rows = JSON.parse(stdout) as Row[];
    for (const r of rows) process.stdout.write(`${r.repo}: ${r.audited}/${r.versions} versions, ${(r.ms / 1000).toFixed(1)} s (slowest ${(r.slowestMs / 1000).toFixed(2)} s), ${r.findings} findings\n`);
    expect(rows).toHaveLength(10);
    expect(rows.flatMap((r) => r.crashes)).toEqual([]);
    expect(rows.flatMap((r) => r.falsePositives)).toEqual([]);
    for (const r of rows) {
      expect(r.audited, r.repo).toBe(Math.min(2, r.versions));
      expect(r.ms, r.repo).toBeGreaterThan(0);
    }
    expect(rows.reduce((n, r) => n + r.findings, 0)).toBeGreaterThan(0);
  }, 180_000);
});
