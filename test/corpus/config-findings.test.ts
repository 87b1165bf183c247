import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { brokenBecause } from '../../scripts/lib/broken-file.mjs';
import { runAudit } from '../../src/audit/run-audit.js';
import { sharedPath } from '../helpers/shared.js';

/**
 * The reviewed corpus snapshot, checked against an oracle that does not use agentgov's loaders (JSON.parse, the yaml
 * package, SchemaStore's schemas through ajv, the file's size and bytes): every config/ finding must sit on a file
 * that really is broken that way, and every corpus settings/MCP/plugin file that strict JSON rejects must be reported.
 */
const SNAPSHOT = path.join(import.meta.dirname, 'corpus-findings.snap.txt');
const ROOT_JSON_FILES = new Set(['.claude/settings.json', '.claude/settings.local.json', '.mcp.json', '.claude-plugin/plugin.json', '.claude-plugin/marketplace.json']);

function snapshotConfigLines(): string[] {
  return readFileSync(SNAPSHOT, 'utf8')
    .split('\n')
    .filter((line) => line.split(' ')[1]?.startsWith('config/'));
}

describe('config/ findings of the corpus snapshot', () => {
  it('are each on a file that an independent parse shows broken', async () => {
    const lines = snapshotConfigLines();
    expect(lines.length).toBeGreaterThan(10);
    const snaps = [...new Set(lines.map((l) => l.split(' ')[0] ?? ''))].sort();
    const corpus = sharedPath('corpus');
    const rerun: string[] = [];
    const falsePositives: string[] = [];
    for (const snap of snaps) {
      const root = path.join(corpus, snap);
      const empty = '/nonexistent/agentgov-corpus-home';
      const { report } = await runAudit({ root, home: empty, managedDir: empty, now: new Date('2026-11-21T00:00:00Z') });
      for (const f of report.findings.filter((x) => x.ruleId.startsWith('config/'))) {
        rerun.push(`${snap} ${f.ruleId} ${f.location.file}:${f.location.line ?? '-'}:${f.location.column ?? '-'} ${f.messageId}`);
        const why = brokenBecause(f.ruleId, path.join(root, f.location.file), f.location.file, { pointer: f.location.pointer, data: f.data });
        if (why === undefined) falsePositives.push(`${snap} ${f.ruleId} ${f.location.file}`);
      }
    }
    // The findings checked are the snapshot's, and none of them is on a file that is fine.
    expect(rerun.sort()).toEqual([...lines].sort());
    expect(falsePositives).toEqual([]);
  }, 60_000);

  it('include every corpus settings, MCP and plugin file that strict JSON rejects', () => {
    const reported = new Set(snapshotConfigLines().filter((l) => l.includes(' config/invalid-json ')).map((l) => `${l.split(' ')[0]}/${(l.split(' ')[2] ?? '').split(':')[0]}`));
    const manifest = readFileSync(sharedPath('corpus/MANIFEST.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { path: string; file: string });
    const broken = manifest.filter((m) => ROOT_JSON_FILES.has(m.path) && brokenBecause('config/invalid-json', sharedPath('corpus', m.file)) !== undefined).map((m) => m.file);
    expect(broken.length).toBeGreaterThan(0);
    expect(broken.filter((file) => !reported.has(file)).sort()).toEqual([]);
  });
});
