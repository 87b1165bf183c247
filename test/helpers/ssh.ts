import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

/** The real OpenSSH tool: tests sign with it and cross-check agentgov's verifier against `ssh-keygen -Y verify`. */
export const SSH_KEYGEN = '/usr/bin/ssh-keygen';
export const NAMESPACE = 'agentgov-manifest-v1';

/** A fresh key pair in `dir` (`ed25519`, `rsa`, `ecdsa`); returns the private key path (the public key is `<path>.pub`). */
export function makeKey(dir: string, name: string, type: 'ed25519' | 'rsa' | 'ecdsa' = 'ed25519'): string {
  const file = path.join(dir, name);
  execFileSync(SSH_KEYGEN, ['-q', '-t', type, ...(type === 'rsa' ? ['-b', '2048'] : []), '-N', '', '-C', name, '-f', file]);
  return file;
}

/** `ssh-keygen -Y sign`: writes `<file>.sig` (removed first: ssh-keygen asks before overwriting it). */
export function sign(key: string, file: string, namespace = NAMESPACE): void {
  rmSync(`${file}.sig`, { force: true });
  execFileSync(SSH_KEYGEN, ['-Y', 'sign', '-f', key, '-n', namespace, file], { stdio: 'pipe' });
}

/** One allowed_signers line for a key: `principal [options] keytype base64`. */
export function signerLine(principal: string, key: string, options = ''): string {
  const [type, blob] = readFileSync(`${key}.pub`, 'utf8').trim().split(/\s+/);
  return `${principal}${options ? ` ${options}` : ''} ${type} ${blob}`;
}

/** `ssh-keygen -Y verify`: whether OpenSSH itself accepts the signature of `file` by `principal`. */
export function sshVerify(signers: string, principal: string, file: string, namespace = NAMESPACE): boolean {
  const result = spawnSync(SSH_KEYGEN, ['-Y', 'verify', '-f', signers, '-I', principal, '-n', namespace, '-s', `${file}.sig`], { input: readFileSync(file), stdio: ['pipe', 'pipe', 'pipe'] });
  return result.status === 0;
}
