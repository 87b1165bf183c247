import { spawn } from 'node:child_process';

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
    const child = spawnGit(cwd, args);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      out.push(chunk);
      onData?.(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

/**
 * Settings of the audited repository that would make git start one of its programs on a read: the fsmonitor hook
 * (run on every index read) and the gpg program (run by `log` when `log.showSignature` is set). A clone's
 * `.git/config` is input like any other file, so both are overridden on every call: nothing from the workspace runs.
 */
export const SAFE_GIT_CONFIG: readonly string[] = ['core.fsmonitor=false', 'log.showSignature=false'];
const SAFE_GIT_ARGS = SAFE_GIT_CONFIG.flatMap((setting) => ['-c', setting]);

function spawnGit(cwd: string, args: readonly string[]) {
  // GIT_OPTIONAL_LOCKS=0: reading must never take the index lock a concurrent `git commit` needs.
  return spawn('git', [...SAFE_GIT_ARGS, ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' } });
}

/** Reads many objects with a single `git cat-file --batch`; objects git does not have are absent from the map. */
export async function readBlobs(cwd: string, shas: readonly string[]): Promise<Map<string, Buffer>> {
  const reader = new BlobReader(cwd);
  for (const sha of shas) reader.request(sha);
  return reader.finish();
}

/**
 * One `git cat-file --batch` that takes object ids while they are still being discovered (e.g. while `git log`
 * streams), so that reading contents overlaps with walking history instead of following it.
 */
export class BlobReader {
  private readonly requested = new Set<string>();
  private readonly out: Buffer[] = [];
  private process?: { stdin: NodeJS.WritableStream; closed: Promise<void> };

  constructor(private readonly cwd: string) {}

  request(sha: string): void {
    if (this.requested.has(sha)) return;
    this.requested.add(sha);
    this.process ??= this.start();
    this.process.stdin.write(`${sha}\n`);
  }

  private start(): { stdin: NodeJS.WritableStream; closed: Promise<void> } {
    const child = spawnGit(this.cwd, ['cat-file', '--batch']);
    child.stdout.on('data', (chunk: Buffer) => this.out.push(chunk));
    child.stderr.resume();
    child.stdin.on('error', () => undefined);
    // A git that cannot start leaves the map empty: the caller sees every blob as missing and says so.
    const closed = new Promise<void>((resolve) => {
      child.on('error', () => resolve());
      child.on('close', () => resolve());
    });
    return { stdin: child.stdin, closed };
  }

  /** Ends the input and resolves with every object git had (a missing one is absent). */
  async finish(): Promise<Map<string, Buffer>> {
    if (!this.process) return new Map();
    this.process.stdin.end();
    await this.process.closed;
    return parseBatch(Buffer.concat(this.out));
  }
}

function parseBatch(out: Buffer): Map<string, Buffer> {
  const blobs = new Map<string, Buffer>();
  let pos = 0;
  while (pos < out.length) {
    const eol = out.indexOf(10, pos);
    if (eol < 0) break;
    const header = out.subarray(pos, eol).toString('utf8');
    pos = eol + 1;
    const m = /^([0-9a-f]{40,64}) (\w+) (\d+)$/.exec(header);
    if (!m) continue; // `<sha> missing`
    const size = Number(m[3]);
    blobs.set(m[1] as string, out.subarray(pos, pos + size));
    pos += size + 1;
  }
  return blobs;
}
