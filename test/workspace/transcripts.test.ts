import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  classifyDenial,
  MAX_PROBLEMS,
  scanTranscripts,
  transcriptDirIn,
  UNKNOWN_TOOL,
} from '../../src/workspace/transcripts.js';
import { tempDir, writeTree } from '../helpers/tree.js';

const window = { since: new Date('2026-03-01T00:00:00Z'), until: new Date('2026-03-31T23:59:59Z') };
const IN = '2026-03-10T10:00:00.000Z';
const IN_LATER = '2026-03-10T10:01:00.000Z';
const OUT = '2026-01-05T08:00:00.000Z';

const jsonl = (...records: unknown[]): string => records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';

const base = { sessionId: 's1', cwd: '/home/user/work/my-repo', version: '2.1.0', gitBranch: 'main' };
const toolUse = (id: string, name: string, input: unknown = {}) => ({ type: 'tool_use', id, name, input });
const toolResult = (id: string, content: unknown, isError?: boolean) => ({
  type: 'tool_result',
  tool_use_id: id,
  content,
  ...(isError === undefined ? {} : { is_error: isError }),
});
const assistant = (timestamp: string | undefined, content: unknown[], uuid = 'a') => ({
  ...base,
  type: 'assistant',
  uuid,
  ...(timestamp ? { timestamp } : {}),
  message: { id: `msg_${uuid}`, role: 'assistant', model: 'claude-x', content },
});
const user = (timestamp: string | undefined, content: unknown, uuid = 'u', extra: Record<string, unknown> = {}) => ({
  ...base,
  type: 'user',
  uuid,
  ...(timestamp ? { timestamp } : {}),
  message: { role: 'user', content },
  ...extra,
});

const REJECT =
  "The user doesn't want to proceed with this tool use. The tool use was rejected (eg. if it was a file edit, the new_string was NOT written to the file). STOP what you are doing and wait for the user to tell you how to proceed.";
const DONT_ASK =
  "Permission to use Edit has been denied because Claude Code is running in don't ask mode. IMPORTANT: You *may* attempt to accomplish this action using other tools that might naturally be used to accomplish this goal.";

describe('scanTranscripts', () => {
  it('counts uses and denials per tool, inside the window only, and skips bad lines', async () => {
    const session = jsonl(
      { type: 'summary', summary: 'Earlier work', leafUuid: 'x' }, // record without timestamp, harmless type
      user(IN, 'please list files', 'u0'),
      assistant(
        IN,
        [
          { type: 'text', text: 'Running things' },
          toolUse('b1', 'Bash', { command: 'rm -rf build' }),
          toolUse('b2', 'Bash', { command: 'ls missing' }),
          toolUse('b3', 'Bash', { command: 'echo hi' }),
          toolUse('e1', 'Edit', { file_path: '/x' }),
          toolUse('t1', 'Task', { subagent_type: 'general-purpose' }),
        ],
        'a1',
      ),
      user(
        IN_LATER,
        [
          toolResult('b1', REJECT, true),
          toolResult('e1', [{ type: 'text', text: DONT_ASK }], true),
          toolResult('b2', 'Exit code 2\nls: cannot access \'missing\': No such file or directory', true), // tool failure
          toolResult('b3', 'hi', false),
          toolResult('t1', [{ type: 'text', text: 'done' }]),
        ],
        'u1',
        { toolUseResult: 'Error: ...' },
      ),
      { type: 'system', subtype: 'compact_boundary', timestamp: IN_LATER, uuid: 's' },
      // Outside the window: neither the use nor its rejection counts.
      assistant(OUT, [toolUse('b0', 'Bash', { command: 'old' })], 'a0'),
      user(OUT, [toolResult('b0', REJECT, true)], 'u00'),
      'this line is not JSON',
      { foo: 1, bar: [2] }, // an object with an unknown shape
      { type: 'assistant', message: 'not an object' }, // malformed assistant record
      '',
      '{"type":"assistant","timestamp":"2026-03-10T10:02:00Z","message":{"content":[{"type":"tool_use","id":"x9","na',
    ).replace(/\n$/, ''); // the last line is truncated: no newline, incomplete JSON
    const big = `${JSON.stringify(user(IN, 'x'.repeat(12 * 1024 * 1024), 'huge'))}\n${JSON.stringify(
      assistant(IN, [toolUse('r1', 'Read', { file_path: '/etc/hosts' })], 'a-after-huge'),
    )}\n`;
    const dir = writeTree(tempDir(), {
      'session-1.jsonl': session,
      'session-2.jsonl': big,
      'notes.json': jsonl(assistant(IN, [toolUse('n1', 'Write')], 'n')), // not *.jsonl: ignored
    });

    const scan = await scanTranscripts(dir, window);

    expect(scan.files).toBe(2);
    // session-1: summary, u0, a1, u1, system, a0, u00 = 7; session-2: the Read record = 1
    expect(scan.records).toBe(8);
    // not JSON, unknown object, malformed assistant, truncated last line, the 12 MB line
    expect(scan.skipped).toBe(5);
    expect(scan.firstAt).toBe(IN);
    expect(scan.lastAt).toBe(IN_LATER);
    expect(scan.tools).toEqual([
      { tool: 'Bash', uses: 3, denials: 1, denialKinds: { 'user-rejected': 1 } },
      { tool: 'Agent', uses: 1, denials: 0, denialKinds: {} },
      { tool: 'Edit', uses: 1, denials: 1, denialKinds: { 'dont-ask-mode': 1 } },
      { tool: 'Read', uses: 1, denials: 0, denialKinds: {} },
    ]);
    expect(scan.problems).toEqual([
      { file: 'session-1.jsonl', line: 8, reason: 'not JSON' },
      { file: 'session-1.jsonl', line: 9, reason: 'unknown record shape (no string "type")' },
      { file: 'session-1.jsonl', line: 10, reason: 'unknown assistant record shape (no message.content)' },
      { file: 'session-1.jsonl', line: 12, reason: 'truncated last line (not JSON)' },
      { file: 'session-2.jsonl', line: 1, reason: expect.stringMatching(/^line longer than \d+ bytes/) },
    ]);
  });

  it('uses the file mtime for records without a timestamp', async () => {
    const dir = writeTree(tempDir(), {
      'in.jsonl': jsonl(assistant(undefined, [toolUse('g1', 'Grep')], 'g1')),
      'out.jsonl': jsonl(assistant(undefined, [toolUse('g2', 'Glob')], 'g2')),
    });
    utimesSync(path.join(dir, 'in.jsonl'), new Date(IN), new Date(IN));
    utimesSync(path.join(dir, 'out.jsonl'), new Date(OUT), new Date(OUT));
    const scan = await scanTranscripts(dir, window);
    expect(scan.records).toBe(2);
    expect(scan.tools).toEqual([{ tool: 'Grep', uses: 1, denials: 0, denialKinds: {} }]);
    expect(scan.firstAt).toBeUndefined();
    expect(scan.lastAt).toBeUndefined();
  });

  it('scans subagent transcripts, ignores tool-results/, and de-duplicates replayed tool uses and denials', async () => {
    const use = assistant(IN, [toolUse('w1', 'Write', { file_path: '/a' })], 'aw');
    const deny = user(IN, [toolResult('w1', 'File is in a directory that is denied by your permission settings.', true)], 'uw');
    const dir = writeTree(tempDir(), {
      'sess.jsonl': jsonl(use, deny),
      'resumed.jsonl': jsonl(use, deny, assistant(IN, [toolUse('w2', 'Write')], 'aw2')), // replay + one new use
      'sess/subagents/agent-1.jsonl': jsonl(
        { ...assistant(IN, [toolUse('sb1', 'Bash', { command: 'curl x' })], 'sa'), isSidechain: true, agentId: '1' },
        { ...user(IN, [toolResult('sb1', 'Permission to use Bash has been auto-denied (prompts unavailable).', true)], 'su'), isSidechain: true },
      ),
      'sess/tool-results/big.txt': 'raw output',
      'sess/tool-results/x.jsonl': jsonl(assistant(IN, [toolUse('tr', 'WebFetch')], 'tr')),
    });
    const scan = await scanTranscripts(dir, window);
    expect(scan.files).toBe(3);
    expect(scan.tools).toEqual([
      { tool: 'Write', uses: 2, denials: 1, denialKinds: { rule: 1 } },
      { tool: 'Bash', uses: 1, denials: 1, denialKinds: { 'auto-denied': 1 } },
    ]);

    const topOnly = await scanTranscripts(dir, window, { includeSubagents: false });
    expect(topOnly.files).toBe(2);
    expect(topOnly.tools.map((t) => t.tool)).toEqual(['Write']);
  });

  it('reports a denial without a matching tool use under the unknown tool', async () => {
    const dir = writeTree(tempDir(), {
      'a.jsonl': jsonl(user(IN, [toolResult('nope', 'User rejected tool use', true)])),
    });
    const scan = await scanTranscripts(dir, window);
    expect(scan.tools).toEqual([{ tool: UNKNOWN_TOOL, uses: 0, denials: 1, denialKinds: { 'user-rejected': 1 } }]);
  });

  it('falls back to the sibling toolUseResult text when the block has none', async () => {
    const dir = writeTree(tempDir(), {
      'a.jsonl': jsonl(
        assistant(IN, [toolUse('k1', 'Bash')]),
        user(IN, [toolResult('k1', [], true)], 'u', {
          toolUseResult: 'Error: Permission for this command was denied by a built-in Claude Code safety check, not by the user.',
        }),
      ),
    });
    const scan = await scanTranscripts(dir, window);
    expect(scan.tools).toEqual([{ tool: 'Bash', uses: 1, denials: 1, denialKinds: { rule: 1 } }]);
  });

  it('parses lines with invalid UTF-8, CRLF endings and a BOM', async () => {
    const line = Buffer.from(JSON.stringify(assistant(IN, [toolUse('c1', 'Bash', { command: 'echo XX' })])));
    const bad = Buffer.from(line);
    const i = bad.indexOf('XX');
    bad[i] = 0xff; // invalid UTF-8 inside a JSON string
    bad[i + 1] = 0xc3;
    const dir = writeTree(tempDir(), {
      'a.jsonl': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bad, Buffer.from('\r\n'), Buffer.from(JSON.stringify({ type: 'system' })), Buffer.from('\r\n')]),
    });
    utimesSync(path.join(dir, 'a.jsonl'), new Date(IN), new Date(IN));
    const scan = await scanTranscripts(dir, window);
    expect(scan).toMatchObject({ files: 1, records: 2, skipped: 0, problems: [] });
    expect(scan.tools).toEqual([{ tool: 'Bash', uses: 1, denials: 0, denialKinds: {} }]);
  });

  it('caps problems at 50 but keeps counting skipped lines', async () => {
    const dir = writeTree(tempDir(), { 'a.jsonl': 'garbage\n'.repeat(120) });
    const scan = await scanTranscripts(dir, window);
    expect(scan.skipped).toBe(120);
    expect(scan.problems).toHaveLength(MAX_PROBLEMS);
  });

  it('returns an empty scan for a missing folder and reports non-regular files', async () => {
    const missing = await scanTranscripts(path.join(tempDir(), 'nope'), window);
    expect(missing).toEqual({ files: 0, records: 0, skipped: 0, tools: [], problems: [] });
    const dir = writeTree(tempDir(), { 'dir.jsonl': { dir: true }, 'broken.jsonl': { symlink: 'nowhere' } });
    const scan = await scanTranscripts(dir, window);
    expect(scan.files).toBe(0);
    expect(scan.problems).toEqual([{ file: 'broken.jsonl', line: 0, reason: 'cannot open: ENOENT' }]);
  });

  it('reads a 50 MB transcript', async () => {
    const line = `${JSON.stringify(assistant(IN, [toolUse('ID', 'Bash', { command: 'x'.repeat(400) })]))}\n`;
    const n = Math.ceil((50 * 1024 * 1024) / line.length);
    const chunks: string[] = [];
    for (let i = 0; i < n; i++) chunks.push(line.replace('"ID"', `"id${i}"`));
    const dir = tempDir();
    writeFileSync(path.join(dir, 'big.jsonl'), chunks.join(''));
    const scan = await scanTranscripts(dir, window);
    expect(scan.records).toBe(n);
    expect(scan.tools).toEqual([{ tool: 'Bash', uses: n, denials: 0, denialKinds: {} }]);
  });

  it('never throws, whatever the file contains', async () => {
    const dir = tempDir();
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 400 }), fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b)), fc.json().map((j) => `${j}\n${j}`)), async (content) => {
        writeFileSync(path.join(dir, 'x.jsonl'), content);
        const scan = await scanTranscripts(dir, window);
        const nonEmptyLines = Buffer.from(content).toString('utf8').split('\n').filter((l) => l.trim() !== '').length;
        expect(scan.files).toBe(1);
        expect(scan.records + scan.skipped).toBeLessThanOrEqual(nonEmptyLines);
        expect(scan.problems.length).toBeLessThanOrEqual(MAX_PROBLEMS);
      }),
      { numRuns: 200 },
    );
  });
});

describe('classifyDenial', () => {
  it.each([
    [REJECT, 'user-rejected'],
    ["The user doesn't want to take this action right now.", 'user-rejected'],
    ['The user doesn\u2019t want to proceed with this tool use. The tool use was rejected', 'user-rejected'],
    ['User rejected tool use', 'user-rejected'],
    [DONT_ASK, 'dont-ask-mode'],
    ['Permission to use Bash has been auto-denied (prompts unavailable).', 'auto-denied'],
    ['File is in a directory that is denied by your permission settings.', 'rule'],
    ['File is covered by a Read deny rule in your permission settings and cannot be edited.', 'rule'],
    ["Output redirection to '/etc/passwd' was blocked by a deny rule.", 'rule'],
    ['Permission for this tool use was denied. The tool use was rejected', 'rule'],
    ['Permission for this command was denied by a built-in Claude Code safety check, not by the user.', 'rule'],
    ['Permission to use WebFetch has been denied.', 'other'],
    ['Tool use was blocked by a hook: no curl allowed', 'hook'],
    ['PreToolUse:Bash hook error: Blocked: destructive command', 'hook'],
  ] as const)('%s → %s', (text, kind) => {
    expect(classifyDenial(text)).toBe(kind);
  });

  it.each([
    'Exit code 1\nnpm ERR! missing script: test',
    'File has not been read yet. Read it first before writing to it.',
    'String to replace not found in file.',
    'the user doesn\'t want to proceed with this tool use', // case-sensitive
    'pre-commit hook failed', // mentions a hook but not a block
    `${'x'.repeat(2000)}\nUser rejected tool use`, // quoted deep inside long output
  ])('ordinary failure: %s', (text) => {
    expect(classifyDenial(text)).toBeUndefined();
  });
});

describe('transcriptDirIn', () => {
  it('replaces every character outside [A-Za-z0-9] with a dash', () => {
    expect(transcriptDirIn(path.join('/home/u', '.claude'), '/home/user/work/my-repo')).toBe('/home/u/.claude/projects/-home-user-work-my-repo');
    expect(transcriptDirIn(path.join('/h', '.claude'), '/srv/My Project_v2.0/é')).toBe('/h/.claude/projects/-srv-My-Project-v2-0--');
  });

  it('finds the hashed folder of a path over 200 characters by its prefix', () => {
    const home = tempDir();
    const root = `/work/${'deep-dir/'.repeat(30)}repo`;
    const prefix = root.replace(/[^A-Za-z0-9]/g, '-').slice(0, 200);
    const projects = path.join(home, '.claude', 'projects');
    expect(transcriptDirIn(path.join(home, '.claude'), root)).toBe(path.join(projects, `${prefix}-`)); // nothing there yet

    mkdirSync(path.join(projects, `${prefix}-abc123`), { recursive: true });
    expect(transcriptDirIn(path.join(home, '.claude'), root)).toBe(path.join(projects, `${prefix}-abc123`));

    // Two long paths with the same 200-character prefix: the transcripts' cwd decides.
    writeTree(projects, {
      [`${prefix}-zzz999/s.jsonl`]: jsonl({ type: 'user', cwd: root, message: { content: 'hi' } }),
      [`${prefix}-abc123/s.jsonl`]: jsonl({ type: 'user', cwd: `${root}-other`, message: { content: 'hi' } }),
    });
    expect(transcriptDirIn(path.join(home, '.claude'), root)).toBe(path.join(projects, `${prefix}-zzz999`));
  });
});
