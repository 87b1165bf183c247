import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMemory } from '../../src/memory/load-memory.js';
import type { ParallelReadOptions } from '../../src/memory/parallel-read.js';
import { memorySettings } from '../../src/memory/settings.js';
import { MARKDOWN_MAX_BYTES } from '../../src/workspace/claude/sources.js';
import { loadWorkspace } from '../../src/workspace/load-workspace.js';
import { makeRepo } from '../helpers/git-repo.js';
import { daysAgo, memoryWorkspace, NOW, topic, withFewItems } from '../helpers/memory.js';
import { makeWorkspaceDirs, tempDir, writeTree, type TreeSpec } from '../helpers/tree.js';

// The worker is the built bundle (dist/cli/memory-read-worker.cjs): `npm test` builds it before vitest runs.
const WORKER = path.resolve(import.meta.dirname, '..', '..', 'dist', 'cli', 'memory-read-worker.cjs');

type Dirs = { root: string; home: string; managedDir: string };

/** Loads the memory as `plan` does (or with the content, as the auditor does), on one thread (`false`) or as `parallel` says. */
async function load(dirs: Dirs, parallel: ParallelReadOptions | false, memoryPolicy: Record<string, unknown> = {}, content = false) {
  const ws = await loadWorkspace({ root: dirs.root, home: dirs.home, managedDir: dirs.managedDir });
  const settings = memorySettings({ sections: withFewItems({ memory: memoryPolicy }) });
  return (await loadMemory({ workspace: ws, settings, now: NOW, skipRecalls: true, content, parallel })).stores;
}

/** Loads on two threads (worker forced: threshold 1), recording what the worker reported. */
async function loadParallel(dirs: Dirs, o: ParallelReadOptions = {}, memoryPolicy: Record<string, unknown> = {}, content = false) {
  const reports: { filesRead: number; stalled?: true }[] = [];
  const stores = await load(dirs, { minFiles: 1, workerFile: WORKER, ...o, onWorkerDone: (r) => reports.push(r) }, memoryPolicy, content);
  return { stores, reports };
}

const ORDINARY = 60;

/** Ordinary topic files (distinct names, dates, types, shapes; some undated, some expiring) and every edge case. */
function edgeCaseStore(): TreeSpec {
  const types = ['user', 'feedback', 'project', 'reference', 'Project ', 'weird'];
  const spec: TreeSpec = {};
  for (let n = 0; n < ORDINARY; n++) {
    const expires = n % 7 === 0 ? '2026-01-01' : n % 11 === 0 ? '2026-02-30' : undefined;
    spec[`${n % 3 === 0 ? 'sub/' : ''}${n % 5 === 0 ? 'sub/deeper/' : ''}note_${n}.md`] = topic({ name: `note-${n}`, type: types[n % types.length] as string, metadata: n % 2 === 1, ...(n % 4 === 0 ? {} : { modified: daysAgo(n * 3) }), ...(expires ? { expires } : {}), body: `Fact ${n} about [[note-${n + 1}]] and \`src/f${n}.ts\`.` });
  }
  return {
    ...spec,
    'MEMORY.md': '- [Note 1](note_1.md) — one\n- [Gone](gone.md) — missing\n- [Deep](sub/deeper/note_5.md) — deep\n',
    'bom.md': `\uFEFF${topic({ name: 'bom', type: 'user', modified: daysAgo(2) })}`,
    'bom-metadata.md': `\uFEFF${topic({ name: 'bom-meta', type: 'feedback', metadata: true })}`,
    'bad-utf8.md': Buffer.concat([Buffer.from('---\nname: bad\ntype: project\n---\nbody '), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(' end\n')]),
    'bad-utf8-plain.md': Buffer.from([0x68, 0x69, 0xe2, 0x82, 0x0a]),
    'binary.md': Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0x00, 0x01, 0x02]),
    'huge.md': `---\nname: huge\n---\n${'x'.repeat(MARKDOWN_MAX_BYTES)}`,
    'empty.md': '',
    'no-frontmatter.md': 'Just a note.\n',
    'yaml-list.md': '---\nname: listed\ntype: project\ntags: [a, b]\n---\nbody\n',
    'yaml-escape.md': '---\nname: "quoted \\"name\\""\ntype: user\nmodified: 2026-10-01\n---\nbody\n',
    'yaml-comment.md': '---\n# a comment\nname: commented\nmetadata:\n  type: reference\n---\nbody\n',
    'yaml-bool.md': '---\nname: true\ntype: feedback\n---\nbody\n',
    'yaml-broken.md': '---\nname: [unclosed\n---\nbody\n',
    'yaml-unterminated.md': '---\nname: never closed\n',
    'unicode.md': topic({ name: 'ünïcödé 名前', type: 'project', modified: daysAgo(9) }),
    'crlf.md': '---\r\nname: crlf\r\ntype: user\r\n---\r\nbody\r\n',
    'notes.txt': 'not a memory file\n',
    '.hidden.md': topic({ name: 'hidden', type: 'user' }),
    'link.md': { symlink: 'note_1.md' },
    'sub/link-dir': { symlink: '..' },
  };
}

/** Files of {@link edgeCaseStore} the worker leaves to the main thread: empty (it might be a FIFO), over a slot's size. */
const LEFT_TO_MAIN = ['empty.md', 'huge.md'];
/** Memory files the listing yields (`.md`, not hidden, not symlinks). */
const LISTED = ORDINARY + 17;

describe('reading a store on two threads', () => {
  it('gives exactly the store one thread reads, with every file the worker can decide read by the worker', async () => {
    const dirs = memoryWorkspace(edgeCaseStore());
    const single = await load(dirs, false);
    const auto = single.find((s) => s.kind === 'claude-auto');
    // The fixture holds what it should: items of both shapes, skipped files, invalid UTF-8, an index with a missing target.
    expect(auto?.items.length).toBe(LISTED - 3);
    expect(auto?.items.filter((i) => i.shape === 'metadata-type').length).toBeGreaterThan(10);
    expect(auto?.items.filter((i) => i.modifiedSource === 'mtime').length).toBeGreaterThan(10);
    expect(auto?.skipped.map((s) => s.relPath).sort()).toEqual(['binary.md', 'huge.md', 'link.md', 'sub/link-dir']);
    expect(auto?.invalidUtf8?.map((b) => b.relPath)).toEqual(['bad-utf8-plain.md', 'bad-utf8.md']);
    expect(auto?.index?.entries.flatMap((e) => e.missing)).toEqual(['gone.md']);

    const workerOnly = await loadParallel(dirs, { mainReads: false });
    expect(workerOnly.stores).toEqual(single);
    expect(workerOnly.reports).toEqual([{ filesRead: LISTED - LEFT_TO_MAIN.length }]);

    const shared = await loadParallel(dirs);
    expect(shared.stores).toEqual(single);
    expect(shared.reports).toHaveLength(1);

    // The auditor's view keeps each item's text: taken from the worker's bytes before their slot is reused.
    const withContent = await load(dirs, false, {}, true);
    expect(withContent.find((s) => s.kind === 'claude-auto')?.items.find((i) => i.relPath === 'unicode.md')?.content?.text).toContain('ünïcödé 名前');
    const parallelContent = await loadParallel(dirs, { mainReads: false }, {}, true);
    expect(parallelContent.stores).toEqual(withContent);
    expect(parallelContent.reports).toEqual([{ filesRead: LISTED - LEFT_TO_MAIN.length }]);
  });

  it('dates undated files of a policy glob store by their last commit, as one thread does', async () => {
    const dirs = makeWorkspaceDirs();
    const files: Record<string, string> = {};
    for (let n = 0; n < 30; n++) files[`.claude/memories/m${n}.md`] = n % 2 ? topic({ name: `m${n}`, type: 'project' }) : `plain ${n}\n`;
    await makeRepo(dirs.root, [{ files, author: 'Ann', date: '2026-03-04T05:06:07Z', message: 'add' }]);
    writeTree(dirs.root, { '.claude/memories/untracked.md': 'new\n' });
    const policy = { stores: ['.claude/memories/*.md'], autoMemory: false };
    const single = await load(dirs, false, policy);
    expect(single[0]?.items.filter((i) => i.modifiedSource === 'git').length).toBe(30);
    const { stores, reports } = await loadParallel(dirs, { mainReads: false }, policy);
    expect(stores).toEqual(single);
    expect(reports).toEqual([{ filesRead: 31 }]);
  });

  it('reads on one thread what a worker that fails to start, stops midway or hangs never read', async () => {
    const dirs = memoryWorkspace(edgeCaseStore());
    const single = await load(dirs, false);
    const scripts = tempDir();
    const script = (name: string, code: string) => {
      writeFileSync(path.join(scripts, name), code);
      return path.join(scripts, name);
    };
    // Takes the first two files (they are the worker's now) and dies without reading them.
    const claimsAndDies = script('claims-and-dies.cjs', "require('node:worker_threads').parentPort.once('message', (job) => { const s = new Int32Array(job.states); Atomics.store(s, 0, 1); Atomics.store(s, 1, 1); throw new Error('boom'); });\n");
    // Takes the first file and never finishes it.
    const hangs = script('hangs.cjs', "require('node:worker_threads').parentPort.once('message', (job) => { Atomics.store(new Int32Array(job.states), 0, 1); for (;;); });\n");
    // The real worker, stopped dead once it has finished ten files (its compare-and-swap from WORKER_READING, 1).
    const diesMidway = script('dies-midway.cjs', `const cas = Atomics.compareExchange; let n = 0; Atomics.compareExchange = (a, i, from, to) => { const r = cas(a, i, from, to); if (from === 1 && ++n === 10) process.exit(3); return r; }; require(${JSON.stringify(WORKER)});\n`);
    const cases = [
      { workerFile: path.join(scripts, 'missing.cjs'), mainReads: true, report: { filesRead: 0 } },
      { workerFile: path.join(scripts, 'missing.cjs'), mainReads: false, report: { filesRead: 0, stalled: true } },
      { workerFile: claimsAndDies, mainReads: false, report: { filesRead: 0, stalled: true } },
      { workerFile: hangs, mainReads: false, report: { filesRead: 0, stalled: true } },
      // Of the first ten files (in path order) two are left to the main thread: empty.md and huge.md.
      { workerFile: diesMidway, mainReads: false, report: { filesRead: 8, stalled: true } },
    ];
    for (const { workerFile, mainReads, report } of cases) {
      const { stores, reports } = await loadParallel(dirs, { workerFile, mainReads, stallMs: 300 });
      expect(stores).toEqual(single);
      expect(reports).toEqual([report]);
    }
  });

  it('is not used for small stores', async () => {
    const dirs = memoryWorkspace({ 'a.md': topic({ name: 'a', type: 'user' }), 'b.md': topic({ name: 'b', type: 'user' }) });
    const reports: unknown[] = [];
    await load(dirs, { minFiles: 3, workerFile: WORKER, onWorkerDone: (r) => reports.push(r) });
    expect(reports).toEqual([]);
    await load(dirs, { minFiles: 2, workerFile: WORKER, onWorkerDone: (r) => reports.push(r) });
    expect(reports).toHaveLength(1);
  });
});
