import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSnapshot, type LedgerSnapshot } from '../../src/audit/history/ledger-snapshot.js';
import { untrackedScopeChanged } from '../../src/audit/history/rules/untracked-scope-changed.js';
import type { ReportDescriptor, RuleContext } from '../../src/audit/types.js';
import { allRules } from '../../src/audit/registry.js';
import { interruptedPlans, journalPath, readJournal, type JournalEntry } from '../../src/memory/journal.js';
import { readMemoryLedger } from '../../src/memory/ledger.js';
import { loadPolicy } from '../../src/policies/load-policy.js';
import { loadWorkspace } from '../../src/workspace/load-workspace.js';
import { ledgerPath, readLedger } from '../../src/workspace/ledger-file.js';
import { untrackedChanges } from '../../src/weekly/untracked-changes.js';
import { tempDir } from '../helpers/tree.js';
import { hostileBytes, hostileJson, hostileString, mutated } from './arbitraries.js';
import { fuzz, fuzzTimeout } from './fuzz.js';

const SNAPSHOT: LedgerSnapshot = {
  version: 1,
  at: '2026-11-02T09:00:00.000Z',
  files: [
    { path: '~/.claude/settings.json', scope: 'user', kind: 'settings', hash: 'sha256:aa', rules: { allow: ['Bash(npm test)', 'Bash(curl *)'], ask: [], deny: ['Read(.env)'] }, defaultMode: 'default', mcpServers: { s: 'sha256:x' } },
    { path: '~/.claude.json', scope: 'user', kind: 'global-config', hash: 'sha256:bb', rules: { allow: [], ask: [], deny: [] }, mcpServers: { db: 'sha256:y' } },
  ],
};

/** JSON Lines: mutated and hostile entries, torn lines, blank lines. */
function jsonLines(sample: unknown): fc.Arbitrary<Buffer> {
  const line = fc.oneof({ weight: 5, arbitrary: mutated(sample).map((v) => JSON.stringify(v) ?? 'null') }, hostileJson().map((v) => JSON.stringify(v) ?? ''), hostileString, fc.constant(''));
  return fc.oneof(
    { weight: 4, arbitrary: fc.tuple(fc.array(line, { maxLength: 6 }), fc.boolean()).map(([lines, torn]) => Buffer.from(`${lines.join('\n')}${torn ? '{"op":"mo' : '\n'}`)) },
    { weight: 1, arbitrary: hostileBytes.map((b) => Buffer.from(b)) },
  );
}


describe('state files never make agentgov throw (fast-check)', () => {
  it(
    'the audit ledger: entries and corrupt line numbers, and the untracked-scope comparison over any previous snapshot',
    async () => {
      const dir = tempDir();
      mkdirSync(path.join(dir, 'home'));
      const workspace = await loadWorkspace({ root: dir, home: path.join(dir, 'home'), managedDir: path.join(dir, 'managed') });
      const policy = await loadPolicy({ root: dir, rules: allRules() });
      const file = ledgerPath(dir);
      await fuzz(
        'ledger (audit)',
        fc.asyncProperty(jsonLines(SNAPSHOT), async (bytes) => {
          writeFileSync(file, bytes);
          const ledger = await readLedger(file);
          for (const e of ledger.entries) expect(typeof e === 'object' && e !== null && !Array.isArray(e)).toBe(true);
          const previous = [...ledger.entries].reverse().find(isSnapshot);
          if (!previous) return;
          untrackedChanges(previous, SNAPSHOT);
          untrackedChanges(SNAPSHOT, previous);
          const reports: ReportDescriptor[] = [];
          const context = { workspace, policy, options: undefined, history: { ledger: { previous, current: SNAPSHOT } }, report: (d: ReportDescriptor) => reports.push(d) } as unknown as RuleContext<undefined>;
          untrackedScopeChanged.check(context);
          for (const r of reports) expect(typeof r.messageId).toBe('string');
        }),
        150,
      );
    },
    fuzzTimeout(30_000),
  );

  it(
    'the memory journal: only entries with the fields their step needs, and the interrupted plans among them',
    async () => {
      // What recovery reads of each step (all strings): written out here, so that a loader that lets a step through
      // without one of them fails this test rather than agreeing with itself.
      // Keyed by every step kind: a new kind does not type-check here until its fields are written out too.
      const required: Record<JournalEntry['op'], readonly string[]> = {
        begin: ['at', 'planId', 'kind'],
        index: ['at', 'planId', 'storeId', 'path', 'before', 'after', 'preimage'],
        'index-done': ['at', 'planId', 'storeId'],
        move: ['at', 'planId', 'storeId', 'itemId', 'from', 'to', 'sha256'],
        'move-done': ['at', 'planId', 'itemId'],
        commit: ['at', 'planId'],
        rollback: ['at', 'planId'],
        purge: ['at', 'planId', 'storeId', 'relPath', 'sha256'],
      };
      const dir = tempDir();
      // Every step loads with exactly these fields, and none loads without one of them.
      const steps = Object.entries(required).map(([op, fields]) => ({ fields, entry: { op, ...Object.fromEntries(fields.map((f) => [f, 'x'])) } }));
      const whole = steps.map((s) => s.entry);
      const short = steps.flatMap(({ fields, entry }) =>
        fields.map((f) => {
          const copy: Record<string, string> = { ...entry };
          delete copy[f];
          return copy;
        }),
      );
      writeFileSync(journalPath(dir), `${[...short, ...whole].map((e) => JSON.stringify(e)).join('\n')}\n`);
      expect((await readJournal(dir)).map((e) => e.op)).toEqual(Object.keys(required));
      const begin = { op: 'begin', at: '2026-11-02T09:00:00.000Z', planId: 'p1', kind: 'prune' };
      const move = { op: 'move', at: '2026-11-02T09:00:01.000Z', planId: 'p1', storeId: 's', itemId: 'mem:1', from: '/m/a.md', to: '/s/a.md', sha256: 'ab' };
      const index = { op: 'index', at: '2026-11-02T09:00:02.000Z', planId: 'p1', storeId: 's', path: '/m/MEMORY.md', before: 'aa', after: 'bb', preimage: '/s/MEMORY.md.before' };
      const sample = fc.constantFrom<unknown>(begin, move, index, { op: 'commit', at: 'x', planId: 'p1' }, { op: 'rollback', at: 'x', planId: 'p1', problems: 0 });
      const accepted = new Set<string>();
      await fuzz(
        'journal (memory)',
        fc.asyncProperty(sample.chain((s) => jsonLines(s)), async (bytes) => {
          writeFileSync(journalPath(dir), bytes);
          const entries = await readJournal(dir);
          for (const e of entries) {
            const fields = Object.hasOwn(required, e.op) ? required[e.op] : undefined;
            expect(fields, `unknown step ${JSON.stringify(e).slice(0, 200)}`).toBeDefined();
            for (const f of fields!) expect(typeof (e as unknown as Record<string, unknown>)[f], `${e.op}.${f}`).toBe('string');
            accepted.add(e.op);
          }
          for (const plan of interruptedPlans(entries)) expect(plan.steps[0]?.op).toBe('begin');
        }),
        150,
      );
      // Mutations of valid steps: every kind sampled loads at least once, so the checks on an entry ran.
      expect([...accepted].sort()).toEqual(['begin', 'commit', 'index', 'move', 'rollback']);
    },
    fuzzTimeout(30_000),
  );

  it(
    'the memory ledger: a ledger (empty plus a notice when unreadable), items well-formed, the prototype untouched',
    async () => {
      const dir = tempDir();
      const item = { storeId: 's1', relPath: 'a.md', pinned: true, recallDays: ['2026-10-01', '2026-10-02'], firstSeen: '2026-01-01T00:00:00.000Z', lastVerified: '2026-02-01T00:00:00.000Z', importance: 7 };
      const sample = { version: 1, items: { 'mem:0123456789abcdef': item, 'mem:fedcba9876543210': { ...item, relPath: 'b.md', pinned: false } } };
      let accepted = 0;
      await fuzz(
        'memory ledger',
        fc.asyncProperty(fc.oneof({ weight: 4, arbitrary: mutated(sample).map((v) => Buffer.from(JSON.stringify(v) ?? 'null')) }, hostileBytes.map((b) => Buffer.from(b))), async (bytes) => {
          writeFileSync(path.join(dir, 'memory-ledger.json'), bytes);
          const { ledger } = await readMemoryLedger(dir);
          expect(ledger.version).toBe(1);
          expect(Object.getPrototypeOf(ledger.items)).toBe(Object.prototype);
          for (const it of Object.values(ledger.items)) {
            expect(typeof it.storeId).toBe('string');
            expect(typeof it.relPath).toBe('string');
            expect(it.recallDays.every((d) => typeof d === 'string')).toBe(true);
            accepted++;
          }
        }),
        150,
      );
      // Mutations of a valid ledger: some items load, so the checks on an item ran.
      expect(accepted).toBeGreaterThanOrEqual(50);
    },
    fuzzTimeout(30_000),
  );
});
