import path from 'node:path';
import type { McpServerConfig } from '../../workspace/extensions/types.js';

export interface Unpinned {
  /** `npx`, `uvx`, `pipx`, `bunx`, `docker`, `http`. */
  runner: string;
  /** The package, image or URL host (never a full URL: it may carry credentials). */
  target: string;
  reason: 'no-version' | 'latest' | 'no-digest' | 'plain-http';
}

const EXACT_NPM = /^(@[^/@\s]+\/)?[^@\s]+@v?\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/;
const EXACT_PY = /^[A-Za-z0-9_.\[\],-]+==\d[^\s,;]*$/;
const DOCKER_VALUE_FLAGS = new Set(['-e', '--env', '-v', '--volume', '-p', '--publish', '--name', '-w', '--workdir', '--network', '--net', '--mount', '--entrypoint', '-u', '--user', '--env-file', '-l', '--label', '--platform', '--add-host', '--cap-add', '--cap-drop', '--memory', '-m', '--cpus', '--pull', '--hostname', '-h', '--security-opt', '--device', '--tmpfs', '--ulimit', '--log-driver', '--dns']);
const LOCAL_HOSTS = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|0\.0\.0\.0|host\.docker\.internal)$/i;

/** Why a server's command or URL does not fix what runs (reference §11 item 35), or undefined when it does. */
export function unpinnedOf(server: McpServerConfig): Unpinned | undefined {
  if (server.url !== undefined) return plainHttp(server.url);
  if (server.command === undefined) return undefined;
  const [cmd, ...rest] = [...server.command.trim().split(/\s+/), ...server.args];
  const runner = path.posix.basename(cmd ?? '');
  const args = rest.filter((a) => a !== '');
  if (runner === 'npx' || runner === 'bunx') return npmPackage(runner, args);
  if ((runner === 'pnpm' || runner === 'yarn') && args[0] === 'dlx') return npmPackage(runner, args.slice(1));
  if (runner === 'uvx') return pyPackage('uvx', args);
  if (runner === 'uv' && args[0] === 'tool' && args[1] === 'run') return pyPackage('uvx', args.slice(2));
  if (runner === 'pipx' && args[0] === 'run') return pyPackage('pipx', args.slice(1));
  if ((runner === 'docker' || runner === 'podman') && args[0] === 'run') return dockerImage(runner, args.slice(1));
  return undefined;
}

function npmPackage(runner: string, args: string[]): Unpinned | undefined {
  const explicit = args.findIndex((a) => a === '-p' || a === '--package');
  const pkg = explicit >= 0 ? args[explicit + 1] : args.find((a) => !a.startsWith('-'));
  const fromEq = args.find((a) => a.startsWith('--package='))?.slice('--package='.length);
  const target = fromEq ?? pkg;
  if (target === undefined || target.includes('$') || target.startsWith('.') || target.startsWith('/')) return undefined;
  if (EXACT_NPM.test(target)) return undefined;
  const at = target.lastIndexOf('@');
  return { runner, target: at > 0 ? target.slice(0, at) : target, reason: /@latest$/.test(target) ? 'latest' : 'no-version' };
}

function pyPackage(runner: string, args: string[]): Unpinned | undefined {
  const from = args.findIndex((a) => a === '--from');
  const spec = from >= 0 ? args[from + 1] : args.find((a) => !a.startsWith('-'));
  if (spec === undefined || spec.includes('$') || spec.startsWith('.') || spec.startsWith('/') || spec.includes('://') || spec.startsWith('git+')) return undefined;
  if (EXACT_PY.test(spec) || /@\d+\.\d+(\.\d+)?$/.test(spec)) return undefined;
  return { runner, target: spec.split(/[=<>~!@]/)[0] ?? spec, reason: /@latest$/.test(spec) ? 'latest' : 'no-version' };
}

function dockerImage(runner: string, args: string[]): Unpinned | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a.startsWith('-')) {
      if (DOCKER_VALUE_FLAGS.has(a)) i++;
      continue;
    }
    if (a.includes('$')) return undefined;
    if (a.includes('@sha256:')) return undefined;
    const tag = /:([^/:]+)$/.exec(a)?.[1];
    return { runner, target: a, reason: tag === 'latest' ? 'latest' : 'no-digest' };
  }
  return undefined;
}

function plainHttp(url: string): Unpinned | undefined {
  const m = /^http:\/\/(?:[^@/?#]*@)?([^/:?#]+|\[[^\]]*\])/i.exec(url.trim());
  if (!m || LOCAL_HOSTS.test(m[1] ?? '')) return undefined;
  return { runner: 'http', target: m[1] ?? '', reason: 'plain-http' };
}
