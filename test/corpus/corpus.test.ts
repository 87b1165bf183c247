import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAudit } from '../../src/audit/run-audit.js';
import { sharedPath } from '../helpers/shared.js';

/**
 * Real public agent configurations (../shared/corpus/<repo>/<snapshot>/…): every snapshot is audited as a project
 * root. The run must never throw, and its findings are pinned in a reviewed snapshot so that any change in what
 * agentgov reports on real repositories is seen in review.
 */
describe('corpus of real configurations', () => {
  it('audits every snapshot without crashing, with stable findings', async () => {
    const corpus = sharedPath('corpus');
    const snapshots = readdirSync(corpus, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((repo) => readdirSync(path.join(corpus, repo.name)).map((snap) => `${repo.name}/${snap}`))
      .sort();
    expect(snapshots.length).toBeGreaterThan(1000);
    // A home and managed folder that do not exist (and are not under /tmp, where some corpus rules point).
    const empty = '/nonexistent/agentgov-corpus-home';
    const lines: string[] = [];
    const batch = 8;
    for (let i = 0; i < snapshots.length; i += batch) {
      const runs = await Promise.all(
        snapshots.slice(i, i + batch).map(async (snap) => {
          const { report } = await runAudit({ root: path.join(corpus, snap), home: empty, managedDir: empty, now: new Date('2026-11-21T00:00:00Z') });
          return report.findings.map((f) => `${snap} ${f.ruleId} ${f.location.file}:${f.location.line ?? '-'}:${f.location.column ?? '-'} ${f.messageId}`);
        }),
      );
      lines.push(...runs.flat());
    }
    await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot('./corpus-findings.snap.txt');
  }, 240_000);
});
