/**
 * What an allowed Bash command prefix grants (reference §2.3, §11 items 12–14).
 *
 * Principle: a hit is reported when the grant admits a member of a risky family **with arguments the agent
 * chooses**. `Bash(python:*)` lets the agent run any script, so it is code execution; `Bash(python manage.py *)`
 * pins the script and frees only its arguments, so it is not. Concretely:
 * - a grant whose words are a strict prefix of a family signature admits the family when it is open
 *   (`Bash(git *)` admits `git push`);
 * - code-running families (`free`) are admitted when the words after the signature leave the thing that runs free
 *   (only flags, assignments and the family's fixed operands such as a container name are pinned);
 * - destructive and network families (`reach`) are admitted by any open grant that reaches them, because extra
 *   arguments alone can aim them (`git push origin *` admits `--force`; `curl https://x/ *` admits a second URL);
 * - exact grants are reported only when they are catastrophic on their own (`rm -rf /`, `sudo …`).
 * Users' top complaint about peer scanners is noise from substring regexes, so every family is matched on whole
 * words and the first word on its basename (`/usr/bin/python3` is python3, `rmdir` is not `rm`).
 */
// Words come from user files: `constructor` or `__proto__` must not reach Object.prototype, hence `lookup`.
import { lookup } from '../permission-rules/tools.js';

export type CommandRisk = 'code-execution' | 'network-egress' | 'destructive' | 'privilege-escalation';
export interface RiskHit { risk: CommandRisk; family: string /* e.g. "python", "git push", "npx" */; why: string /* one short sentence */; }

const RISKS: readonly CommandRisk[] = ['code-execution', 'network-egress', 'destructive', 'privilege-escalation'];

/** `free`: the word after the signature (and its operands) is the code to run; `reach`: any open grant reaching the signature; `always`: even an exact grant. */
type Mode = 'free' | 'reach' | 'always';

interface Family {
  risk: CommandRisk;
  /** Display name and signature (split on spaces); the first word is compared by canonical basename. */
  family: string;
  mode: Mode;
  why: string;
  /** `free`: fixed operands before the freed word (container, host, lock file); `--` ends them. */
  operands?: number;
  /** Flags that take the next word as their value, so that value does not pin the freed word. */
  values?: readonly string[];
  /** The freed word is itself a command line: a pinned command is assessed in turn (`sudo rm *`). */
  wraps?: boolean;
  /** Words that pin a harmless verb (`gcloud … list *`). */
  safeVerbs?: readonly string[];
  /** An exact (closed) grant is catastrophic when its words after the signature satisfy this. */
  exact?: (rest: readonly string[]) => boolean;
}

const ce = (family: string, why: string, extra: Partial<Family> = {}): Family => ({ risk: 'code-execution', family, mode: 'free', why, ...extra });
const net = (family: string): Family => ({ risk: 'network-egress', family, mode: 'reach', why: `${family} can send data to any host.` });
const del = (family: string, why: string, extra: Partial<Family> = {}): Family => ({ risk: 'destructive', family, mode: 'reach', why, ...extra });
const priv = (family: string, values: readonly string[] = []): Family =>
  ({ risk: 'privilege-escalation', family, mode: 'always', why: `${family} runs commands as another (usually root) user.`, wraps: true, values });

// Short flag clusters (`-rf`, `-fdx`) count; long options are compared whole.
const shortHas = (w: string, letters: string): boolean => w.length > 1 && w[0] === '-' && w[1] !== '-' && [...letters].some((l) => w.includes(l));
const ROOTISH = new Set(['/', '/*', '~', '~/', '~/*', '*', '.', './', './*', '..', '$HOME', '$HOME/', '$HOME/*', '${HOME}', '"$HOME"']);
const recursiveOnRoot = (letters: string) => (rest: readonly string[]) =>
  rest.some((w) => w === '--recursive' || shortHas(w, letters)) && rest.some((w) => ROOTISH.has(w));
const HARMLESS_DEVICES = new Set(['/dev/null', '/dev/zero', '/dev/stdout', '/dev/stderr', '/dev/tty']);

const INTERPRETERS = ['python', 'node', 'bun', 'ruby', 'perl', 'php', 'lua', 'Rscript', 'pwsh', 'osascript', 'bash', 'sh', 'zsh', 'fish', 'dash', 'ksh', 'awk'];
const INTERPRETER_VALUES: Readonly<Record<string, readonly string[]>> = {
  python: ['-W', '-X'], node: ['-r', '--require', '--import', '--loader'], ruby: ['-r', '-I'], perl: ['-I'], php: ['-c', '-d'], awk: ['-F', '-v'],
};
const RUNNERS = ['npx', 'pnpx', 'bunx', 'pnpm dlx', 'yarn dlx', 'npm exec', 'npm x', 'uvx', 'pipx run', 'bun x', 'deno run', 'deno eval', 'go run', 'cargo run', 'mvn exec:java', 'nix run'];
const SCRIPT_RUNNERS = ['npm run', 'npm run-script', 'yarn run', 'pnpm run', 'bun run', 'make', 'just', 'task', 'gradle', 'rake'];
const WRAPPER_VALUES: Readonly<Record<string, readonly string[]>> = {
  'pnpm exec': [], 'yarn exec': [], 'uv run': ['--with', '--python', '-p', '--from', '--package'], 'poetry run': [], 'devbox run': [],
  setsid: [], watch: ['-n', '--interval'], ionice: ['-c', '-n', '-p'],
};
const CONTAINER = ['-u', '--user', '-w', '--workdir', '-e', '--env', '-v', '--volume', '-p', '--publish', '--name', '--network', '-c', '--container', '-n', '--namespace'];

const FAMILIES: readonly Family[] = [
  ...INTERPRETERS.map((name) => ce(name, `${name} runs a script or inline code the agent writes.`, { values: lookup(INTERPRETER_VALUES, name) ?? [] })),
  ce('eval', 'eval runs any shell text.'),
  ce('source', 'source runs any shell file in the current shell.'),
  ce('.', '`.` runs any shell file in the current shell.'),
  ce('exec', 'exec runs any command.', { wraps: true }),
  ...RUNNERS.map((name) => ce(name, `${name} runs a package or program the agent names.`, { values: ['-p', '--package', '--from', '--with'] })),
  ...SCRIPT_RUNNERS.map((name) => ce(name, `${name} with a free target can run arbitrary tasks or override the build file.`, { values: ['-C', '-f', '--file'] })),
  ...Object.entries(WRAPPER_VALUES).map(([name, values]) => ce(name, `${name} runs any command it is given.`, { wraps: true, values })),
  ce('xargs', 'xargs runs any command on its input.', { wraps: true, values: ['-I', '-n', '-P', '-d', '-E', '-L', '-s', '-a'] }),
  ce('env', 'env runs any command.', { wraps: true, values: ['-u', '-C'] }),
  ce('find', 'find admits -exec/-execdir/-ok/-delete (Claude Code still prompts for those under prefix rules in Manual mode).', { mode: 'reach' }),
  ...['docker exec', 'docker run', 'docker compose run', 'docker compose exec', 'docker-compose run', 'docker-compose exec', 'podman exec', 'podman run', 'kubectl exec', 'kubectl run']
    .map((name) => ce(name, `${name} runs any command in a container.`, { wraps: true, operands: 1, values: CONTAINER })),
  ce('direnv exec', 'direnv exec runs any command in a directory environment.', { wraps: true, operands: 1 }),
  ...['mise exec', 'mise x'].map((name) => ce(name, `${name} runs any command with the given tools.`, { wraps: true, operands: 99 })),
  ce('nix-shell --run', 'nix-shell --run runs any shell text.'),
  ce('flock', 'flock runs any command while holding a lock.', { wraps: true, operands: 1, values: ['-w', '-E'] }),
  ce('chroot', 'chroot runs any command in another root.', { wraps: true, operands: 1 }),
  ce('ssh', 'ssh runs any command on a remote host.', { wraps: true, operands: 1, values: ['-i', '-p', '-l', '-o', '-F', '-J', '-L', '-R', '-D', '-b', '-E', '-S', '-W'] }),
  ce('git -c', 'git -c can set core.sshCommand, core.pager or aliases that run shell commands.', { operands: 1 }),
  ce('git submodule foreach', 'git submodule foreach runs any shell text.'),
  ce('git bisect run', 'git bisect run runs any command.', { wraps: true }),

  ...['curl', 'wget', 'nc', 'socat', 'telnet', 'ssh', 'scp', 'sftp', 'rsync', 'ftp', 'http', 'xh', 'aria2c', 'gh api'].map(net),

  del('git push', 'git push can force-push or delete remote branches.', { exact: (r) => r.some((w) => w === '--force' || shortHas(w, 'f')) }),
  del('git reset --hard', 'git reset --hard discards uncommitted work.', { mode: 'always' }),
  del('git clean', 'git clean -f deletes untracked files.', { exact: (r) => r.some((w) => w === '--force' || shortHas(w, 'f')) }),
  del('git branch -D', 'git branch -D deletes unmerged branches.'),
  del('git stash drop', 'git stash drop discards stashed work.'),
  del('git stash clear', 'git stash clear discards all stashed work.'),
  del('rm', 'rm with agent-chosen arguments can delete anything writable.', { exact: recursiveOnRoot('rR') }),
  del('chmod', 'chmod with agent-chosen arguments can change permissions recursively.', { exact: recursiveOnRoot('R') }),
  del('chown', 'chown with agent-chosen arguments can change ownership recursively.', { exact: recursiveOnRoot('R') }),
  del('dd', 'dd can overwrite devices and files.', { exact: (r) => r.some((w) => w.startsWith('of=/dev/') && !HARMLESS_DEVICES.has(w.slice(3))) }),
  del('mkfs', 'mkfs erases a file system.', { mode: 'always' }),
  del('shred', 'shred destroys file contents.'),
  del('truncate', 'truncate can empty any writable file.'),
  del('terraform destroy', 'terraform destroy deletes infrastructure.'),
  del('terraform apply', 'terraform apply changes or deletes infrastructure.'),
  del('pulumi destroy', 'pulumi destroy deletes infrastructure.'),
  del('kubectl delete', 'kubectl delete removes cluster resources.'),
  del('helm uninstall', 'helm uninstall removes releases.'),
  del('docker rm', 'docker rm deletes containers.'),
  del('docker rmi', 'docker rmi deletes images.'),
  del('docker system prune', 'docker system prune deletes containers, images and networks.'),
  del('docker volume rm', 'docker volume rm deletes volumes and their data.'),
  del('aws s3 rm', 'aws s3 rm deletes objects.'),
  del('aws s3 rb', 'aws s3 rb deletes buckets.'),
  del('gcloud', 'gcloud with a free verb admits `… delete`.', { safeVerbs: ['list', 'describe', 'get-value', 'info', 'version', 'get-iam-policy'] }),
  del('gh repo delete', 'gh repo delete deletes repositories.'),
  del('npm unpublish', 'npm unpublish removes published packages.'),
  del('dropdb', 'dropdb deletes a database.'),

  priv('sudo', ['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U']),
  ...['su', 'doas', 'pkexec', 'runas', 'chpst'].map((name) => priv(name, ['-u', '--user'])),
  { ...priv('gosu'), operands: 1 },
];

/** Removed by Claude Code before matching (reference §2.3): they cannot widen a grant; what they wrap still can. */
const STRIPPED: Readonly<Record<string, { operands: number; values: readonly string[] }>> = {
  timeout: { operands: 1, values: ['-s', '--signal', '-k', '--kill-after'] },
  time: { operands: 0, values: ['-f', '-o'] },
  nice: { operands: 0, values: ['-n', '--adjustment'] },
  nohup: { operands: 0, values: [] },
  stdbuf: { operands: 0, values: ['-i', '-o', '-e'] },
  command: { operands: 0, values: [] },
  builtin: { operands: 0, values: [] },
  noglob: { operands: 0, values: [] },
};
const ALIASES: Readonly<Record<string, string>> = {
  python2: 'python', python3: 'python', pypy: 'python', pypy3: 'python', nodejs: 'node', powershell: 'pwsh', gawk: 'awk', mawk: 'awk', nawk: 'awk',
  gradlew: 'gradle', ncat: 'nc', netcat: 'nc', https: 'http',
};
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const MAX_DEPTH = 8;

function commandName(word: string): string {
  let name = word.slice(word.lastIndexOf('/') + 1);
  if (name.toLowerCase().endsWith('.exe')) name = name.slice(0, -4);
  if (name.startsWith('python') && /^python[0-9.]*$/.test(name)) return 'python';
  if (name.startsWith('mkfs.')) return 'mkfs';
  return lookup(ALIASES, name) ?? name;
}

/** Grant words up to the first `*`; `stem` is what precedes the `*` inside that word (`py*` → `py`). */
interface Grant { words: readonly string[]; stem: string | null; open: boolean }

/** What a command granted by an allow rule can do. `words`: the command pattern split on whitespace, WITHOUT any trailing wildcard; `open`: true when the rule allows any further arguments (prefix rule `Bash(git *)`/`Bash(git:*)`, or a glob ending in `*`), false for an exact command. */
export function risksOfGrant(words: readonly string[], open: boolean): RiskHit[] {
  const found = new Map<CommandRisk, RiskHit>();
  const all = words.filter((w) => w !== '');
  const star = all.findIndex((w) => w.includes('*'));
  const grant: Grant = star < 0 ? { words: all, stem: null, open } : { words: all.slice(0, star), stem: (all[star] as string).split('*')[0] || null, open: true };
  collect(grant, found, 0);
  return RISKS.flatMap((risk) => found.get(risk) ?? []);
}

function collect(grant: Grant, found: Map<CommandRisk, RiskHit>, depth: number): void {
  if (depth > MAX_DEPTH) return;
  const { words, stem, open } = grant;
  if (words.length === 0 && stem === null) {
    if (open) for (const risk of RISKS) found.set(risk, { risk, family: 'any command', why: 'The grant admits every command.' });
    return;
  }
  const first = words[0];
  const stripped = first === undefined ? undefined : lookup(STRIPPED, commandName(first));
  if (stripped && first !== undefined) {
    const rest = wrappedWords(words, 0, stripped);
    if (rest) collect({ words: rest, stem, open }, found, depth + 1);
    return;
  }
  // Only families whose first word is this command can admit it (all of them when only a stem is left).
  const candidates = first === undefined ? FAMILIES : (FAMILIES_BY_COMMAND.get(commandName(first)) ?? []);
  for (const f of candidates) {
    if (found.has(f.risk) && !f.wraps) continue;
    const hit = admits(f, grant, found, depth);
    if (hit && !found.has(f.risk)) found.set(f.risk, { risk: f.risk, family: f.family, why: f.why });
  }
}

/** Each family's signature words, and the families by first word (in catalog order: the first to admit names the risk). */
const SIGNATURES = new Map<Family, readonly string[]>(FAMILIES.map((f) => [f, f.family.split(' ')]));
const FAMILIES_BY_COMMAND = new Map<string, Family[]>();
for (const f of FAMILIES) {
  const first = SIGNATURES.get(f)![0]!;
  FAMILIES_BY_COMMAND.set(first, [...(FAMILIES_BY_COMMAND.get(first) ?? []), f]);
}

/** The one-word commands that run the command they are given (`sudo`, `env`, `xargs`, `nohup`…), with their flags. */
const WRAPPERS = new Map<string, { operands?: number; values?: readonly string[] }>([
  ...FAMILIES.filter((f) => f.wraps && SIGNATURES.get(f)!.length === 1).map((f): [string, Family] => [f.family, f]),
  ...Object.entries(STRIPPED),
]);

/**
 * The words of the command a concrete command line runs in the end: leading `NAME=value` assignments and the
 * one-word wrappers that run what they are given (`sudo -E`, `timeout 60`, `env`, `nohup`, `xargs`…), with their
 * flags and operands, taken off, as risksOfGrant unwraps them. Empty when nothing is left to run (`command -v x`
 * only looks `x` up).
 */
export function commandRun(words: readonly string[]): readonly string[] {
  let rest: readonly string[] = words.filter((w) => w !== '');
  for (let depth = 0; depth <= MAX_DEPTH; depth++) {
    let i = 0;
    while (i < rest.length && ASSIGNMENT.test(rest[i] as string)) i++;
    const first = rest[i];
    if (first === undefined) return [];
    const name = commandName(first);
    const wrapper = WRAPPERS.get(name);
    if (!wrapper) return rest.slice(i);
    const next = wrappedWords(rest, i, wrapper);
    if (!next) return [];
    rest = next;
  }
  return [];
}

/** The names of the wrappers commandRun takes off (`sudo`, `env`, `timeout`, `nohup`…). */
export const WRAPPER_NAMES: readonly string[] = [...WRAPPERS.keys()];

/**
 * The words the wrapper `words[i]` runs, its flags and operands taken off; undefined when it runs nothing (`command
 * -v x` only looks `x` up) or its words do not parse.
 */
function wrappedWords(words: readonly string[], i: number, wrapper: { operands?: number; values?: readonly string[] }): readonly string[] | undefined {
  if (commandName(words[i] as string) === 'command' && (words[i + 1] === '-v' || words[i + 1] === '-V')) return undefined;
  const at = scan(words.slice(i + 1), wrapper.operands ?? 0, wrapper.values ?? []);
  return at < 0 ? undefined : words.slice(i + 1 + at);
}

/** A command word's program as the catalog names it: no folder, no `.exe`, `python3.12` is `python`, `powershell` is `pwsh`. */
export { commandName as programName };

function admits(f: Family, grant: Grant, found: Map<CommandRisk, RiskHit>, depth: number): boolean {
  const sig = SIGNATURES.get(f)!;
  const { words, stem, open } = grant;
  const n = Math.min(words.length, sig.length);
  for (let i = 0; i < n; i++) {
    const w = words[i] as string;
    if ((i === 0 ? commandName(w) : w) !== sig[i]) return false;
  }
  if (words.length < sig.length) {
    if (!open || stem === null) return open;
    const next = sig[words.length] as string;
    return words.length === 0 ? next.startsWith(commandName(stem)) : next.startsWith(stem);
  }
  const rest = words.slice(sig.length);
  if (f.safeVerbs?.some((v) => rest.includes(v))) return false;
  if (f.mode === 'reach') return open || (f.exact?.(rest) ?? false);
  const at = scan(rest, f.operands ?? 0, f.values ?? []);
  if (f.wraps && at >= 0) collect({ words: rest.slice(at), stem, open }, found, depth + 1);
  if (f.mode === 'always') return true;
  if (!open) return f.exact?.(rest) ?? false;
  if (at >= 0) return false;
  if (stem === null || stem.startsWith('-') || at === -2) return true;
  if (f.wraps) collect({ words: [], stem, open }, found, depth + 1);
  return false;
}

/**
 * Index of the first word that pins what runs, skipping flags (and their values), `NAME=value` assignments and
 * `operands` fixed operands; -1 when every word is skipped, -2 when operands remain unfilled (so a trailing partial
 * word is still an operand).
 */
function scan(rest: readonly string[], operands: number, values: readonly string[]): number {
  let left = operands;
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i] as string;
    if (w === '--') left = 0;
    else if (w.length > 1 && w.startsWith('-')) {
      if (values.includes(w)) i++;
    } else if (left > 0) left--;
    else if (!ASSIGNMENT.test(w)) return i;
  }
  return left > 0 ? -2 : -1;
}
