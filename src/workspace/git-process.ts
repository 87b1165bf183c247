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
export function runGit(cwd: string, args: readonly string[], input?: string | Buffer): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    // GIT_OPTIONAL_LOCKS=0: reading must never take the index lock a concurrent `git commit` needs.
    const child = spawn('git', [...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

/** Reads many objects with a single `git cat-file --batch`; objects git does not have are absent from the map. */
export async function readBlobs(cwd: string, shas: readonly string[]): Promise<Map<string, Buffer>> {
  const unique = [...new Set(shas)];
  const blobs = new Map<string, Buffer>();
  if (unique.length === 0) return blobs;
  const result = await runGit(cwd, ['cat-file', '--batch'], `${unique.join('\n')}\n`);
  const out = result.stdout;
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
