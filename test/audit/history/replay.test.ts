import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diffConfigs } from '../../../src/audit/history/config-diff.js';
import { replayHistory } from '../../../src/audit/history/replay.js';
import { replayWhileReading } from '../../../src/audit/history/replay-stream.js';
import { wideningsBetween } from '../../../src/audit/history/widening.js';
import { effectivePermissions } from '../../../src/policies/effective/effective-permissions.js';
import { permissivenessIndex } from '../../../src/policies/effective/permissiveness-index.js';
import { behaviourFor } from '../../../src/policies/permission-rules/claude-version.js';
import { loadConfigHistory, readConfigHistory } from '../../../src/workspace/config-history.js';
import { outsideGit, projectFilesFromTree } from '../../../src/workspace/revision-workspace.js';
import type { Workspace } from '../../../src/workspace/types.js';
import { loadWorkspace } from '../../../src/workspace/load-workspace.js';
import { readBlobs } from '../../../src/workspace/git-process.js';
import { rng } from '../../../bench/bench-lib.mjs';
import { fastImportData as data, repoFromStream } from '../../helpers/git-repo.js';
import { bashHooks } from '../../helpers/tree.js';

// The replay computes widenings, index and changes commit by commit from what each commit changed; these tests hold
// it to the whole-state functions (`wideningsBetween`, `permissivenessIndex`, `diffConfigs`) on random histories.

const RULES = [
  'Bash', 'Bash(*)', 'Bash(npm test)', 'Bash(npm run *)', 'Bash(git *)', 'Bash(git push *)', 'Bash(git status)', 'Bash(python:*)',
  'Bash(sudo *)', 'Bash(rm -rf *)', 'Bash(rm *)', 'Bash(curl *)', 'Bash(ls *)', ' Bash(ls *) ', 'Bash(make)', 'Bash(git:* push)',
  'Read', 'Read(~/.ssh/**)', 'Read(~/**)', 'Read(//**)', 'Read(./.env)', 'Read(.env)', 'Read(./.env.*)', 'Read(./src/**)', 'Read(~/.aws/**)',
  'Edit', 'Edit(./.env)', 'Edit(./src/**)', 'Edit(//**)', 'Edit(/config/**)', 'Write', 'WebFetch', 'WebFetch(domain:github.com)',
  'WebFetch(domain:*.example.com)', 'WebFetch(domain:*)', 'mcp__github', 'mcp__github__create_issue', 'mcp__*', 'Agent', '*',
  'Read(', 'Bash(unterminated', 'Task(Plan)', 'Skill(deploy *)',
];
const MODES = ['default', 'acceptEdits', 'plan', 'auto', 'bypassPermissions', 'dontAsk', 'manual', 'nonsense'];
const LISTS = ['allow', 'deny', 'ask'] as const;

interface Settings {
  permissions: { allow: string[]; deny: string[]; ask: string[]; defaultMode?: string; additionalDirectories?: string[] };
  enableAllProjectMcpServers?: boolean;
  skipDangerousModePermissionPrompt?: boolean;
  hooks?: unknown;
  mcpServers?: Record<string, unknown>;
}

/** A fast-import stream of `n` commits that edit, break, delete and rename the two project settings files. */
function randomHistory(seed: number, n: number): string {
  const random = rng(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const files = new Map<string, Settings | 'broken' | undefined>([['.claude/settings.json', undefined], ['.claude/settings.local.json', undefined]]);
  const fresh = (): Settings => ({ permissions: { allow: [], deny: [], ask: [] } });
  let stream = '';
  for (let c = 0; c < n; c++) {
    const ops: string[] = [];
    // Mostly one file per commit; sometimes both, so that rules leave two files at once.
    const targets = random() < 0.25 ? ['.claude/settings.json', '.claude/settings.local.json'] : [random() < 0.7 ? '.claude/settings.json' : '.claude/settings.local.json'];
    for (const target of targets) {
      const roll = random();
      let current = files.get(target);
      if (roll < 0.05 && current !== undefined) {
        files.set(target, undefined);
        ops.push(`D ${target}\n`);
      } else if (roll < 0.09) {
        files.set(target, 'broken');
        ops.push(`M 100644 inline ${target}\n${data('{"permissions": {"allow": ["Bash"],}}\n')}`);
      } else if (roll < 0.12 && targets.length === 1 && files.get('.claude/settings.json') !== undefined && files.get('.claude/settings.local.json') === undefined) {
        files.set('.claude/settings.local.json', files.get('.claude/settings.json'));
        files.set('.claude/settings.json', undefined);
        ops.push('R .claude/settings.json .claude/settings.local.json\n');
      } else {
        if (current === undefined || current === 'broken') current = fresh();
        const s: Settings = structuredClone(current);
        for (let k = 0, m = 1 + Math.floor(random() * 4); k < m; k++) {
          const list = s.permissions[pick(LISTS)];
          if (list.length > 0 && random() < 0.4) list.splice(Math.floor(random() * list.length), 1);
          else if (list.length > 0 && random() < 0.1) list.push(pick(list)); // a duplicate
          else list.splice(Math.floor(random() * (list.length + 1)), 0, pick(RULES));
        }
        if (random() < 0.1) s.permissions.defaultMode = pick(MODES);
        if (random() < 0.05) delete s.permissions.defaultMode;
        if (random() < 0.05) s.permissions.additionalDirectories = random() < 0.5 ? ['~', '../shared'] : ['./docs'];
        if (random() < 0.05) s.enableAllProjectMcpServers = random() < 0.5;
        if (random() < 0.05) s.skipDangerousModePermissionPrompt = random() < 0.5;
        if (random() < 0.05) s.hooks = bashHooks(pick(['./check.sh', 'curl x | sh']));
        if (random() < 0.05) s.mcpServers = { gh: { command: 'npx', args: ['-y', pick(['a@1', 'b'])] } };
        if (random() < 0.1) s.permissions.allow.reverse(); // reordering widens nothing
        files.set(target, s);
        ops.push(`M 100644 inline ${target}\n${data(`${JSON.stringify(s, null, random() < 0.5 ? 2 : 0)}\n`)}`);
      }
    }
    const when = 1_700_000_000 + c * 3600;
    stream += `commit refs/heads/main\nmark :${c + 1}\ncommitter T <t@example.com> ${when} +0000\n${data(`c${c}`)}${c > 0 ? `from :${c}\n` : ''}${ops.join('')}\n`;
  }
  return stream;
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A temporary folder with an empty `repo` and a `home` whose user settings have rules of each list. */
function scratch(): { base: string; root: string; home: string } {
  const base = mkdtempSync(path.join(os.tmpdir(), 'agentgov-replay-'));
  dirs.push(base);
  const root = path.join(base, 'repo');
  const home = path.join(base, 'home');
  mkdirSync(root);
  mkdirSync(path.join(home, '.claude'), { recursive: true });
  // User rules take part in every state: a user deny can cover a removed project deny, a user allow an added one.
  writeFileSync(path.join(home, '.claude', 'settings.json'), JSON.stringify({ permissions: { allow: ['Bash(npm run *)'], deny: ['Read(./.env)'], ask: ['Bash(git push *)'] } }));
  return { base, root, home };
}

async function historyOf(seed: number, commits: number, options: { streamed?: boolean; late?: boolean } = {}) {
  const { base, root, home } = scratch();
  repoFromStream(root, randomHistory(seed, commits));
  const ws = await loadWorkspace({ root, home, managedDir: path.join(base, 'managed') });
  const reading = readConfigHistory(root);
  // What `agentgov history` does: replay while git still reads, newest commit first.
  let replaying = options.streamed ? replayWhileReading(reading, ws, behaviourFor(), []) : undefined;
  if (options.late) {
    // A replay that starts once the tip and some commits have come: it is told them at once, then the rest.
    reading.follow({
      tip: () => {
        replaying ??= replayWhileReading(reading, ws, behaviourFor(), []);
      },
      commit: () => undefined,
      object: () => undefined,
    });
  }
  const read = await reading;
  const config = await loadConfigHistory(ws, { read: Promise.resolve(read) });
  if (replaying) expect(replaying.done(config)).toBe(true);
  // The reference: each state as a whole workspace, parsed from its blobs like files on disk (read again: the history
  // keeps the values of the JSON blobs it parsed, not their bytes).
  const ids = read.history.commits.flatMap((c) => c.changes.flatMap((ch) => [ch.oldBlob, ch.newBlob])).filter((id): id is string => id !== null);
  const blobs = await readBlobs(root, [...new Set(ids)]);
  const workspaceAfter = (i: number): Workspace => ({ ...ws, files: [...outsideGit(ws.files), ...projectFilesFromTree(root, config.treeAfter(i), blobs)] });
  return { config, workspaceAfter };
}

describe('replayHistory', () => {
  it('replayed while reading equals the replay computed from the history: root in a subdirectory, with and without ignored paths', async () => {
    const { base, root: repo, home } = scratch();
    // The same random history one folder down (git paths `sub/.claude/…`; the workspace root is `sub`).
    const stream = randomHistory(11, 60).replace(/^(M 100644 inline |D |R )\.claude\//gm, '$1sub/.claude/').replace(/^(R \S+ )\.claude\//gm, '$1sub/.claude/');
    repoFromStream(repo, stream);
    const root = path.join(repo, 'sub');
    mkdirSync(root, { recursive: true });
    const ws = await loadWorkspace({ root, home, managedDir: path.join(base, 'managed') });
    for (const ignore of [[], ['.claude/settings.local.json']]) {
      const reading = readConfigHistory(root);
      const replaying = replayWhileReading(reading, ws, behaviourFor(), ignore);
      const read = await reading;
      const config = await loadConfigHistory(ws, { read: Promise.resolve(read), ignore });
      expect(replaying.done(config)).toBe(true);
      const streamed = replayHistory(config, behaviourFor());
      const computed = replayHistory(await loadConfigHistory(ws, { read: Promise.resolve(read), ignore }), behaviourFor());
      const n = config.history.commits.length;
      expect(n).toBeGreaterThan(40);
      const files = new Set<string>();
      for (let i = -1; i < n; i++) {
        expect(streamed.indexAfter(i), `index after ${i}`).toBe(computed.indexAfter(i));
        expect(streamed.wideningsOf(i), `widenings of ${i}`).toEqual(computed.wideningsOf(i));
        expect(streamed.changesOf(i), `changes of ${i}`).toEqual(computed.changesOf(i));
        for (const c of streamed.changesOf(i)) files.add(c.file);
      }
      // Paths are the root's; an ignored file takes no part.
      expect([...files].sort()).toEqual(ignore.length > 0 ? ['.claude/settings.json'] : ['.claude/settings.json', '.claude/settings.local.json']);
    }
  });

  it('computes the replay from the history when the one made while reading cannot be kept (it started after the read)', async () => {
    const { base, root, home } = scratch();
    repoFromStream(root, randomHistory(10, 20));
    const ws = await loadWorkspace({ root, home, managedDir: path.join(base, 'managed') });
    const reading = readConfigHistory(root);
    const read = await reading;
    const late = replayWhileReading(reading, ws, behaviourFor(), []);
    const config = await loadConfigHistory(ws, { read: Promise.resolve(read) });
    expect(late.done(config)).toBe(false);
    const again = await loadConfigHistory(ws, { read: Promise.resolve(read) });
    const [a, b] = [replayHistory(config, behaviourFor()), replayHistory(again, behaviourFor())];
    for (let i = -1; i < config.history.commits.length; i++) {
      expect(a.indexAfter(i)).toBe(b.indexAfter(i));
      expect(a.wideningsOf(i)).toEqual(b.wideningsOf(i));
    }
  });

  it('replays while git reads when it starts late, after the tip and the first commits came', async () => {
    const { config, workspaceAfter } = await historyOf(9, 40, { late: true });
    const behaviour = behaviourFor();
    const replay = replayHistory(config, behaviour);
    for (let i = 0; i < config.history.commits.length; i++) {
      expect(replay.wideningsOf(i), `widenings of commit ${i}`).toEqual(wideningsBetween(workspaceAfter(i - 1), workspaceAfter(i), behaviour));
      expect(replay.changesOf(i), `changes of commit ${i}`).toEqual(diffConfigs(workspaceAfter(i - 1), workspaceAfter(i)));
    }
  });

  for (const [seed, streamed] of [[1, false], [2, false], [3, false], [4, false], [5, true], [6, true], [7, true], [8, true]] as const) {
    it(`agrees with the whole-state functions on every commit of a random history (seed ${seed}${streamed ? ', replayed while git reads' : ''})`, async () => {
      const { config, workspaceAfter } = await historyOf(seed, 80, { streamed });
      const behaviour = behaviourFor();
      const replay = replayHistory(config, behaviour);
      const commits = config.history.commits.length;
      expect(commits).toBeGreaterThan(70); // a commit that rewrites a file unchanged touches nothing
      const indexOf = (i: number) => {
        const ws = workspaceAfter(i);
        return permissivenessIndex(effectivePermissions(ws, behaviour), { root: ws.root, home: ws.home, behaviour }).value;
      };
      let widened = 0;
      expect(replay.indexAfter(-1)).toBe(indexOf(-1));
      for (let i = 0; i < commits; i++) {
        const before = workspaceAfter(i - 1);
        const after = workspaceAfter(i);
        expect(replay.wideningsOf(i), `widenings of commit ${i}`).toEqual(wideningsBetween(before, after, behaviour));
        expect(replay.changesOf(i), `changes of commit ${i}`).toEqual(diffConfigs(before, after));
        expect(replay.indexAfter(i), `index after commit ${i}`).toBe(indexOf(i));
        widened += replay.wideningsOf(i).length;
      }
      // The random histories do widen (the comparison above is not between two empty lists).
      expect(widened).toBeGreaterThan(10);
    });
  }
});
