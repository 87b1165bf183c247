import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { authorDateOf, CONFIG_PATHSPECS, parseLog, rawEntries, readHistory } from '../../src/workspace/git-history.js';
import { BlobReader } from '../../src/workspace/git-process.js';
import { readConfigHistory } from '../../src/workspace/history-read.js';
import { fastImportData, repoFromStream } from '../helpers/git-repo.js';
import { tempDir } from '../helpers/tree.js';

// git's output is read as it streams (cat-file objects and log records cut wherever a chunk ends); these tests hold
// the streamed reading to what git prints when read whole.

const git = (cwd: string, args: string[], input?: string | Buffer) => execFileSync('git', args, { cwd, input, maxBuffer: 1 << 28 });

/** A repository built with one fast-import stream: `commits` commits that each rewrite the files `files(i)` gives. */
function repoOf(commits: number, files: (i: number) => Record<string, string>, subject: (i: number) => string): string {
  const root = tempDir('agentgov-stream-');
  let stream = '';
  for (let i = 0; i < commits; i++) {
    const when = `${1_700_000_000 + i * 3600} +0000`;
    stream += `commit refs/heads/main\nmark :${i + 1}\nauthor Zoë Ünal <zoe@example.com> ${when}\ncommitter Zoë Ünal <zoe@example.com> ${when}\n${fastImportData(subject(i))}`;
    if (i > 0) stream += `from :${i}\n`;
    for (const [file, content] of Object.entries(files(i))) stream += `M 100644 inline ${file}\n${fastImportData(content)}`;
  }
  repoFromStream(root, stream);
  return root;
}

describe('BlobReader', () => {
  it('gives every object as `git cat-file` does, whatever chunks the output arrives in', async () => {
    const big = `${'{"permissions": {"allow": ['.padEnd(20, ' ')}${Array.from({ length: 9000 }, (_, i) => `"Bash(tool-${i} *)"`).join(',\n')}]}}\n`;
    const root = repoOf(3, (i) => ({ 'big.json': `${big}${i}\n`, 'empty.txt': '', [`small-${i}.md`]: `# note ${i} — ünïcödé ✓\n` }), (i) => `commit ${i}`);
    const ids = git(root, ['rev-list', '--objects', '--all']).toString('utf8').trim().split('\n').map((l) => l.split(' ')[0] as string);
    const blobs = ids.filter((id) => git(root, ['cat-file', '-t', id]).toString().trim() === 'blob');
    expect(blobs.length).toBeGreaterThanOrEqual(7);
    const missing = 'f'.repeat(40);
    const reader = new BlobReader(root);
    const seen: string[] = [];
    reader.onObject = (sha) => {
      seen.push(sha);
    };
    // Asked in batches across event-loop turns, with repeats and an id git does not have.
    for (const id of blobs.slice(0, 3)) reader.request(id);
    await new Promise((resolve) => setTimeout(resolve, 20));
    for (const id of [...blobs, missing, blobs[0] as string]) reader.request(id);
    const finishing = reader.finish();
    // Finishing again (a read ends its reader once more in `finally`) is the same finish, not a second ending.
    expect(reader.finish()).toBe(finishing);
    const got = await finishing;
    expect([...got.keys()].sort()).toEqual([...blobs].sort());
    for (const id of blobs) expect(Buffer.compare(got.get(id) as Buffer, git(root, ['cat-file', 'blob', id])), id).toBe(0);
    expect(got.has(missing)).toBe(false);
    expect(seen.sort()).toEqual([...blobs].sort());
    // The big versions are larger than one pipe chunk: they were put together from several.
    expect(Math.max(...[...got.values()].map((b) => b.length))).toBeGreaterThan(150_000);
  });

  it('leaves out of its answer the objects `onObject` took over, and keeps the others', async () => {
    const root = repoOf(3, (i) => ({ [`a-${i}.json`]: `{"v": ${i}}\n`, [`b-${i}.md`]: `# ${i}\n` }), (i) => `commit ${i}`);
    const ids = git(root, ['rev-list', '--objects', '--all']).toString('utf8').trim().split('\n');
    const blobOf = (name: string) => ids.find((l) => l.endsWith(` ${name}`))!.split(' ')[0] as string;
    const json = [0, 1, 2].map((i) => blobOf(`a-${i}.json`));
    const markdown = [0, 1, 2].map((i) => blobOf(`b-${i}.md`));
    const reader = new BlobReader(root);
    const taken = new Map<string, string>();
    reader.onObject = (sha, bytes) => {
      if (!json.includes(sha)) return false;
      taken.set(sha, bytes.toString('utf8'));
      return true;
    };
    for (const id of [...json, ...markdown]) reader.request(id);
    const got = await reader.finish();
    expect([...got.keys()].sort()).toEqual([...markdown].sort());
    expect([...taken.keys()].sort()).toEqual([...json].sort());
    for (const id of json) expect(taken.get(id)).toBe(git(root, ['cat-file', 'blob', id]).toString('utf8'));
  });
});

describe('BlobReader.lookup', () => {
  it('answers a revision with its object, in order among the blobs asked for, and undefined for what git lacks', async () => {
    const root = repoOf(4, (i) => ({ 'a.json': `{"v": ${i}}\n`, [`b-${i}.md`]: `# ${i}\n` }), (i) => `commit ${i}`);
    git(root, ['tag', '-a', '-m', 'tagged', 'v1', 'HEAD~2']);
    const blobs = git(root, ['rev-list', '--objects', '--all']).toString('utf8').trim().split('\n').map((l) => l.split(' ')[0] as string).filter((id) => git(root, ['cat-file', '-t', id]).toString().trim() === 'blob');
    const reader = new BlobReader(root);
    const seen: string[] = [];
    reader.onObject = (sha) => {
      seen.push(sha);
    };
    reader.request(blobs[0] as string);
    const tagged = reader.lookup('v1^{commit}');
    reader.request('f'.repeat(40));
    const unknown = reader.lookup('no-such-ref^{commit}');
    const notCommit = reader.lookup(`${blobs[1]}^{commit}`);
    for (const id of blobs) reader.request(id);
    const head = reader.lookup('HEAD');
    // White space could make git's answer look like an object's header: such names are not sent.
    const spaced = reader.lookup('HEAD@{1 day ago}');
    const got = await reader.finish();
    expect(Buffer.compare((await tagged) as Buffer, git(root, ['cat-file', 'commit', 'HEAD~2']))).toBe(0);
    expect(Buffer.compare((await head) as Buffer, git(root, ['cat-file', 'commit', 'HEAD']))).toBe(0);
    expect([await unknown, await notCommit, await spaced]).toEqual([undefined, undefined, undefined]);
    // Looked-up objects are not among the blobs, and every blob still has its own contents.
    expect([...got.keys()].sort()).toEqual([...blobs].sort());
    expect(seen.sort()).toEqual([...blobs].sort());
    for (const id of blobs) expect(Buffer.compare(got.get(id) as Buffer, git(root, ['cat-file', 'blob', id])), id).toBe(0);
    expect(await reader.lookup('HEAD')).toBeUndefined();
  });

  it('reads the author date of a commit as `git log --format=%aI` does', async () => {
    const root = repoOf(2, (i) => ({ 'a.json': `{"v": ${i}}\n` }), (i) => `commit ${i}`);
    const reader = new BlobReader(root);
    const commit = reader.lookup('HEAD~1');
    await reader.finish();
    const iso = git(root, ['log', '-1', '--format=%aI', 'HEAD~1']).toString().trim();
    expect(authorDateOf((await commit) as Buffer)?.getTime()).toBe(new Date(iso).getTime());
    expect(authorDateOf(Buffer.from('tree 1\nauthor Someone <s@example.com> soon +0000\n\nmessage\n'))).toBeUndefined();
    expect(authorDateOf(Buffer.from('tree 1\n\nauthor Someone <s@example.com> 1700000000 +0000\n'))).toBeUndefined();
  });
});

describe('readHistory', () => {
  it('reads the same commits as `git log --reverse` read whole, oldest first, with multi-byte subjects cut anywhere', async () => {
    // 400 commits with non-ASCII subjects, every 40th longer than a pipe chunk (64 KB) and made of 3- and 4-byte
    // characters only: records span chunks, and chunks end inside characters.
    const subject = (i: number) => (i % 40 === 7 ? `${i} ${'日本😀'.repeat(12_000)}` : `Schritt ${i}: Überprüfung 日本語 ✓ ${'é'.repeat(i % 500)}`);
    const root = repoOf(400, (i) => ({ '.claude/settings.json': `{"permissions": {"allow": ["Bash(step ${i})"]}}\n`, ...(i % 3 === 0 ? { 'CLAUDE.md': `# ${i}\n` } : {}) }), subject);
    const whole = git(root, ['log', '--first-parent', '--diff-merges=first-parent', '--raw', '--no-abbrev', '-z', '-M', '--reverse', '--format=%x1e%H%x1f%P%x1f%aI%x1f%an%x1f%ae%x1f%s', 'HEAD', '--', ...CONFIG_PATHSPECS]).toString('utf8');
    expect(Buffer.byteLength(whole)).toBeGreaterThan(1_000_000);
    const streamed: string[] = [];
    const history = await readHistory(root, { onCommit: (c) => streamed.push(c.sha) });
    const expected = parseLog(whole);
    expect(history.commits).toEqual(expected);
    expect(history.commits).toHaveLength(400);
    // Each commit was handed over as it was read, newest first.
    expect(streamed).toEqual(expected.map((c) => c.sha).reverse());
  });

  it('finds the raw entries of unparsed log output as the parsed records have them, renames and copies included', () => {
    const root = tempDir('agentgov-raw-');
    const body = (n: number) => `${JSON.stringify({ permissions: { allow: Array.from({ length: 12 }, (_, k) => `Bash(step-${k} ${n})`) } }, null, 2)}\n`;
    let stream = '';
    const ops = [
      'M 100644 inline .claude/settings.json\n' + fastImportData(body(0)) + 'M 100644 inline CLAUDE.md\n' + fastImportData('# a\n') + 'M 100644 inline .claude/commands/über.md\n' + fastImportData('x\n'),
      'R .claude/settings.json .claude/settings.local.json\nM 100644 inline .claude/skills/ünï/SKILL.md\n' + fastImportData('# s\n'),
      'C .claude/settings.local.json .claude-plugin/marketplace.json\nD CLAUDE.md\n',
      'M 100755 inline .mcp.json\n' + fastImportData('{}\n') + 'M 120000 inline .claude/agents/link.md\n' + fastImportData('../x\n'),
      'M 100644 inline .claude/settings.local.json\n' + fastImportData(body(1)),
    ];
    ops.forEach((op, i) => {
      stream += `commit refs/heads/main\nmark :${i + 1}\nauthor A <a@example.com> ${1_700_000_000 + i} +0000\ncommitter A <a@example.com> ${1_700_000_000 + i} +0000\n${fastImportData(`c${i}`)}${i > 0 ? `from :${i}\n` : ''}${op}`;
    });
    repoFromStream(root, stream);
    // Copies are found only with -C -C (agentgov's log asks for renames alone), and are read the same way.
    const args = ['log', '--raw', '--no-abbrev', '-z', '-M', '-C', '-C', '--format=%x1e%H%x1f%P%x1f%aI%x1f%an%x1f%ae%x1f%s', 'HEAD', '--', ...CONFIG_PATHSPECS];
    const bytes = git(root, args);
    const parsed = parseLog(bytes.toString('utf8')).flatMap((c) => c.changes);
    expect(parsed.map((c) => c.status).sort()).toEqual(expect.arrayContaining(['R', 'C', 'D', 'A', 'M']));
    const found = [...rawEntries(bytes.toString('latin1'))];
    expect(found.map((e) => [e.oldBlob, e.newBlob, Buffer.from(e.path, 'latin1').toString('utf8'), Buffer.from(e.oldPath, 'latin1').toString('utf8')])).toEqual(
      parsed.map((c) => [c.oldBlob, c.newBlob, c.path, c.oldPath ?? c.path]),
    );
  });

  it('tells a follower the tip tree, the commits newest first and each object once, with the JSON values parsed ahead', async () => {
    // `.mcp.json` is sometimes not JSON at all: read like every `*.json`, but not parsed ahead.
    const root = repoOf(60, (i) => ({ '.claude/settings.json': `${JSON.stringify({ permissions: { allow: Array.from({ length: 1 + (i % 7) }, (_, k) => `Bash(cmd-${k} *)`), deny: ['Read(./.env)'] } }, null, 2)}\n`, ...(i % 4 === 0 ? { 'CLAUDE.md': `# ${i}\n` } : {}), '.mcp.json': i % 6 === 0 ? `not json ${i}\n` : `{"mcpServers": {"s${i % 3}": {"command": "x"}}}\n` }), (i) => `commit ${i}`);
    const reading = readConfigHistory(root);
    let tip: ReadonlyMap<string, string> | undefined;
    const commits: string[] = [];
    const objects: string[] = [];
    const values = reading.follow({
      tip: (tree) => {
        expect(tip).toBeUndefined();
        tip = tree;
      },
      commit: (c) => commits.push(c.sha),
      object: (sha, bytes) => {
        objects.push(sha);
        // A JSON blob comes parsed (its bytes let go), anything else as its bytes.
        const contents = git(root, ['cat-file', 'blob', sha]);
        if (contents.toString('utf8').trimStart().startsWith('{')) {
          expect(bytes, sha).toBeUndefined();
          expect(values.get(sha), sha).toEqual({ value: JSON.parse(contents.toString('utf8')), size: contents.length });
        } else {
          expect(Buffer.compare(bytes as Buffer, contents), sha).toBe(0);
          expect(values.has(sha), sha).toBe(false);
        }
      },
    });
    const read = await reading;
    expect(commits).toEqual(read.history.commits.map((c) => c.sha).reverse());
    // The tip is the newest commit's tree among the configuration paths.
    const listed = git(root, ['ls-tree', '-r', '-z', '--full-name', 'HEAD', '--', ...CONFIG_PATHSPECS]).toString('utf8').split('\0').filter(Boolean);
    expect([...(tip ?? [])]).toEqual(listed.map((l) => [l.slice(l.indexOf('\t') + 1), l.split(' ')[2]!.split('\t')[0]]));
    // Every version of a JSON file before and after every change, and the tip's, came once; CLAUDE.md's never did
    // (history parses JSON only).
    const jsonTip = [...(tip ?? [])].filter(([path]) => path.endsWith('.json')).map(([, blob]) => blob);
    const versions = (json: boolean) => read.history.commits.flatMap((c) => c.changes.filter((ch) => ch.path.endsWith('.json') === json).flatMap((ch) => [ch.oldBlob, ch.newBlob]));
    const wanted = new Set([...jsonTip, ...versions(true)].filter((b) => b !== null));
    expect(objects.sort()).toEqual([...wanted].sort());
    expect(new Set(objects).size).toBe(objects.length);
    expect(versions(false).filter((b) => b !== null).length).toBeGreaterThan(10);
    for (const blob of versions(false)) if (blob !== null) expect(read.blobs.has(blob)).toBe(false);
    // What was parsed is kept as its value only; what was not, as its bytes.
    for (const blob of wanted) expect(read.values.has(blob) !== read.blobs.has(blob), blob).toBe(true);
    expect(read.values.size).toBeGreaterThan(5);
    expect(read.blobs.size).toBeGreaterThan(0);
  });
});
