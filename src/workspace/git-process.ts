import { spawn, type ChildProcessByStdio, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

export interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/**
 * Runs one `git` process (the only program agentgov ever starts), collecting its output. `input` is written to stdin.
 * Resolves with the exit code instead of throwing on a non-zero exit; rejects only when git cannot be started.
 */
export function runGit(cwd: string, args: readonly string[], input?: string | Buffer, onData?: (chunk: Buffer) => void): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    // Without input, stdin is /dev/null: no pipe to set up, and git reading it sees the same end of input.
    const child = spawnGit(cwd, args, input === undefined ? 'ignore' : 'pipe');
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      out.push(chunk);
      onData?.(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }));
    if (child.stdin) {
      child.stdin.on('error', () => undefined);
      child.stdin.end(input);
    }
  });
}

/**
 * Settings of the audited repository that would make git start one of its programs on a read: the fsmonitor hook
 * (run on every index read) and the gpg program (run by `log` when `log.showSignature` is set). A clone's
 * `.git/config` is input like any other file, so both are overridden on every call: nothing from the workspace runs.
 */
export const SAFE_GIT_CONFIG: readonly string[] = ['core.fsmonitor=false', 'log.showSignature=false'];
const SAFE_GIT_ARGS = SAFE_GIT_CONFIG.flatMap((setting) => ['-c', setting]);

function spawnGit(cwd: string, args: readonly string[]): ChildProcessWithoutNullStreams;
function spawnGit(cwd: string, args: readonly string[], stdin: 'pipe' | 'ignore'): ChildProcessByStdio<Writable | null, Readable, Readable>;
function spawnGit(cwd: string, args: readonly string[], stdin: 'pipe' | 'ignore' = 'pipe') {
  // GIT_OPTIONAL_LOCKS=0: reading must never take the index lock a concurrent `git commit` needs.
  return spawn('git', [...SAFE_GIT_ARGS, ...args], { cwd, stdio: [stdin, 'pipe', 'pipe'], env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' } });
}

/** Reads many objects with a single `git cat-file --batch`; objects git does not have are absent from the map. */
export async function readBlobs(cwd: string, shas: readonly string[]): Promise<Map<string, Buffer>> {
  const reader = new BlobReader(cwd);
  for (const sha of shas) reader.request(sha);
  return reader.finish();
}

/**
 * One `git cat-file --batch` that takes object ids while they are still being discovered (e.g. while `git log`
 * streams), so that reading contents overlaps with walking history instead of following it. Objects are taken
 * from the output as it arrives (no copy of the whole output), and `onObject` sees each one then.
 */
export class BlobReader {
  private readonly requested = new Set<string>();
  private readonly objects = new Map<string, Buffer>();
  /** Names looked up (`lookup`), by the number of their line among the lines written: git answers in that order. */
  private readonly lookups = new Map<number, (bytes: Buffer | undefined) => void>();
  private lines = 0;
  private ended = false;
  private finished?: Promise<Map<string, Buffer>>;
  private readonly batch = new BatchOutput((answer, sha, bytes) => {
    const lookup = this.lookups.size === 0 ? undefined : this.lookups.get(answer);
    if (lookup) {
      this.lookups.delete(answer);
      lookup(bytes);
    } else if (sha !== undefined && bytes !== undefined) {
      if (this.onObject?.(sha, bytes) !== true) this.objects.set(sha, bytes);
    }
  });
  private process?: { stdin: NodeJS.WritableStream; closed: Promise<void> };

  /**
   * Called with each object as soon as git gives it. Returning true takes the object over: `finish` leaves it out, so
   * that its bytes can go once the caller is done with them (a long history's versions add up).
   */
  onObject?: (sha: string, bytes: Buffer) => boolean | void;

  constructor(private readonly cwd: string) {}

  /** Ids asked for since the last write: written together, once the caller's current task is done. */
  private pending = '';

  request(sha: string): void {
    if (this.requested.has(sha)) return;
    this.requested.add(sha);
    this.write(sha);
  }

  /**
   * The contents of the object `name` stands for (any revision expression, e.g. `v1.2^{commit}`), through the same
   * process: undefined when git has no such object, and at once when the input has ended or the name cannot be
   * written as one line that git's answer could not be mistaken for (white space in it). The object is not kept.
   */
  lookup(name: string): Promise<Buffer | undefined> {
    if (this.ended || name === '' || /\s/.test(name)) return Promise.resolve(undefined);
    const answer = this.lines;
    this.write(name);
    return new Promise((resolve) => this.lookups.set(answer, resolve));
  }

  private write(line: string): void {
    this.process ??= this.start();
    if (this.pending === '') queueMicrotask(() => this.flush());
    this.pending += `${line}\n`;
    this.lines++;
  }

  private flush(): void {
    if (this.pending === '' || !this.process) return;
    this.process.stdin.write(this.pending);
    this.pending = '';
  }

  private start(): { stdin: NodeJS.WritableStream; closed: Promise<void> } {
    // --buffer: git writes in full buffers instead of flushing every object; ids are still read as they come.
    const child = spawnGit(this.cwd, ['cat-file', '--batch', '--buffer']);
    child.stdout.on('data', (chunk: Buffer) => this.batch.push(chunk));
    child.stderr.resume();
    child.stdin.on('error', () => undefined);
    // A git that cannot start leaves the map empty: the caller sees every blob as missing and says so.
    const closed = new Promise<void>((resolve) => {
      const end = () => {
        // Names git never answered (it stopped, or never started) stand for nothing.
        for (const lookup of this.lookups.values()) lookup(undefined);
        this.lookups.clear();
        resolve();
      };
      child.on('error', end);
      child.on('close', end);
    });
    return { stdin: child.stdin, closed };
  }

  /**
   * Ends the input and resolves with every object git had (a missing one is absent, and so is one `onObject` took).
   * Asked again, it gives the same answer without ending anything twice (a read ends its reader when it is done, and
   * again when it fails).
   */
  finish(): Promise<Map<string, Buffer>> {
    return (this.finished ??= this.end());
  }

  private async end(): Promise<Map<string, Buffer>> {
    this.ended = true;
    if (!this.process) return this.objects;
    this.flush();
    this.process.stdin.end();
    await this.process.closed;
    return this.objects;
  }
}

const BATCH_HEADER = /^([0-9a-f]{40,64}) (\w+) (\d+)$/;

/**
 * Reads `git cat-file --batch` output chunk by chunk: `<id> <type> <size>\n<contents>\n` per object, `<name> missing\n`
 * (or another one-line answer) for a name git has no object for. Every line written gets one answer, in order:
 * `emit` is told the answer's number, and the object when there is one. An object inside one chunk is a view of it;
 * one spanning chunks is copied once.
 */
class BatchOutput {
  /** Answers read so far. */
  private answers = 0;
  /** The start of a header line that the last chunk cut. */
  private header: Buffer | undefined;
  /** An object whose contents span chunks. */
  private body: { sha: string; bytes: Buffer; filled: number } | undefined;
  /** Bytes still to skip: the newline after contents. */
  private skip = 0;

  constructor(private readonly emit: (answer: number, sha?: string, bytes?: Buffer) => void) {}

  push(chunk: Buffer): void {
    let pos = 0;
    while (pos < chunk.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - pos);
        this.skip -= n;
        pos += n;
      } else if (this.body) {
        const body = this.body;
        const n = Math.min(body.bytes.length - body.filled, chunk.length - pos);
        chunk.copy(body.bytes, body.filled, pos, pos + n);
        body.filled += n;
        pos += n;
        if (body.filled === body.bytes.length) this.contents(body.sha, body.bytes);
      } else {
        const eol = chunk.indexOf(10, pos);
        if (eol < 0) {
          this.header = this.header ? Buffer.concat([this.header, chunk.subarray(pos)]) : Buffer.from(chunk.subarray(pos));
          return;
        }
        const line = (this.header ? Buffer.concat([this.header, chunk.subarray(pos, eol)]) : chunk.subarray(pos, eol)).toString('latin1');
        this.header = undefined;
        pos = eol + 1;
        const m = BATCH_HEADER.exec(line);
        if (!m) {
          this.emit(this.answers++); // `<name> missing`
          continue;
        }
        const size = Number(m[3]);
        if (chunk.length - pos >= size) {
          this.contents(m[1] as string, chunk.subarray(pos, pos + size));
          pos += size;
        } else this.body = { sha: m[1] as string, bytes: Buffer.allocUnsafe(size), filled: 0 };
      }
    }
  }

  private contents(sha: string, bytes: Buffer): void {
    this.body = undefined;
    this.skip = 1;
    this.emit(this.answers++, sha, bytes);
  }
}
