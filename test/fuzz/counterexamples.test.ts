import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSnapshot, snapshotOf, type LedgerSnapshot } from '../../src/audit/history/ledger-snapshot.js';
import { recoverInterrupted } from '../../src/memory/executor.js';
import { journalPath, readJournal } from '../../src/memory/journal.js';
import { readMemoryLedger } from '../../src/memory/ledger.js';
import { sarifReporter } from '../../src/report/sarif.js';
import { buildManifest, serializeManifest } from '../../src/signing/manifest.js';
import { verifyManifest } from '../../src/signing/verify-manifest.js';
import { readAccepted, recordAccepted } from '../../src/workspace/extensions/signatures.js';
import { loadWorkspace } from '../../src/workspace/load-workspace.js';
import { untrackedChanges } from '../../src/weekly/untracked-changes.js';
import { sampleReport } from '../report/sample-report.js';
import { makeWorkspaceDirs, tempDir } from '../helpers/tree.js';

// Inputs the fast-check properties of test/fuzz found, each fixed, kept here as plain tests.

const at = '2026-11-02T09:00:00.000Z';
const file = { path: '~/.claude/settings.json', scope: 'user', kind: 'settings', hash: 'sha256:aa', rules: { allow: ['Bash(npm test)'], ask: [], deny: [] }, mcpServers: {} };

describe('counterexamples found by fuzzing', () => {
  it('a ledger snapshot whose file lacks its rules is not a snapshot (the untracked-scope comparison crashed on it)', () => {
    const { rules: _, ...withoutRules } = file;
    for (const broken of [
      { version: 1, at, files: [withoutRules] },
      { version: 1, at, files: [null] },
      { version: 1, at, files: [{ ...file, rules: { allow: 'Bash(x)', ask: [], deny: [] } }] },
      { version: 1, at, files: [{ ...file, mcpServers: null }] },
      { version: 1, at, files: [{ ...file, path: 7 }] },
    ]) {
      expect(isSnapshot(broken), JSON.stringify(broken)).toBe(false);
    }
    const good: LedgerSnapshot = { version: 1, at, files: [file] };
    expect(isSnapshot(good)).toBe(true);
    expect(untrackedChanges(good, { version: 1, at, files: [] })).toEqual([{ file: file.path, scope: 'user', kind: 'file-removed' }]);
  });

  it('a journal step without the fields it needs is skipped, so recovery never removes a file it names', async () => {
    const stateDir = tempDir();
    const victim = path.join(stateDir, 'precious.txt');
    writeFileSync(victim, 'keep me');
    // An `index` step with no `before`/`after`: the file it names is missing, and undefined === undefined used to say
    // "already restored", removing the step's `preimage` — any path the line names.
    const lines = [
      { op: 'begin', at, planId: 'p1', kind: 'prune' },
      { op: 'index', at, planId: 'p1', storeId: 's', path: path.join(stateDir, 'missing', 'MEMORY.md'), preimage: victim },
      { op: 'index', planId: 'p1' },
      { op: 'move', at, planId: 'p1', storeId: 's', itemId: 'i', from: victim, to: 7, sha256: 'x' },
      { op: 'nonsense', at, planId: 'p1' },
    ];
    writeFileSync(journalPath(stateDir), `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    expect((await readJournal(stateDir)).map((e) => e.op)).toEqual(['begin']);
    await recoverInterrupted(stateDir);
    expect(existsSync(victim)).toBe(true);
  });

  it('an item id `__proto__` in the memory ledger is an id, not the prototype of the items', async () => {
    const stateDir = tempDir();
    writeFileSync(path.join(stateDir, 'memory-ledger.json'), JSON.stringify({ version: 1, items: JSON.parse('{"__proto__":{"storeId":"s1","relPath":"b.md"}}') }));
    const { ledger } = await readMemoryLedger(stateDir);
    expect(Object.getPrototypeOf(ledger.items)).toBe(Object.prototype);
    expect(Object.keys(ledger.items)).toEqual(['__proto__']);
    expect(ledger.items['storeId' as string]).toBeUndefined();
  });

  it('an MCP server named `__proto__` stays in the ledger snapshot', async () => {
    const dirs = makeWorkspaceDirs({ home: { '.claude.json': '{"mcpServers":{"__proto__":{"command":"x"},"ok":{"command":"y"}}}' } });
    mkdirSync(path.join(dirs.root, '.claude'), { recursive: true });
    const ws = await loadWorkspace(dirs);
    const snapshot = snapshotOf(ws, new Date(at));
    expect(Object.keys(snapshot.files.find((f) => f.path === '~/.claude.json')!.mcpServers)).toEqual(['__proto__', 'ok']);
  });

  it('a manifest named `__proto__` or `constructor` has no version accepted before unless one was recorded, and one is kept', async () => {
    const stateDir = tempDir();
    const rollbackOf = async (name: string, version: number) => {
      const bytes = Buffer.from(serializeManifest(buildManifest({ name, tier: 'project', version, issuedAt: '2026-01-01T00:00:00Z', expiresAt: '2099-01-01T00:00:00Z', subjects: {} })));
      const outcome = verifyManifest({ manifestBytes: bytes, signatureText: '', signers: [], now: new Date(at), accepted: await readAccepted(stateDir), current: new Map() });
      return outcome.checks.find((c) => c.check === 'rollback');
    };
    for (const name of ['__proto__', 'constructor']) expect(await rollbackOf(name, 3)).toEqual({ check: 'rollback', ok: true, detail: 'version 3, none accepted before' });
    await recordAccepted(stateDir, '__proto__', { version: 3, sha256: 'abc' }, new Date(at));
    expect(Object.keys(await readAccepted(stateDir))).toEqual(['__proto__']);
    expect(await rollbackOf('__proto__', 2)).toMatchObject({ ok: false, detail: expect.stringMatching(/^version 2 is lower than version 3/) });
  });

  it('SARIF gets a file path with a lone surrogate (from a JSON escape) as a URI instead of throwing', () => {
    const report = sampleReport();
    report.findings[0]!.location.file = '.claude/hooks/\uD800guard.sh';
    const sarif = JSON.parse(sarifReporter(report, { color: false })) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    expect(sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('.claude/hooks/%EF%BF%BDguard.sh');
  });
});
