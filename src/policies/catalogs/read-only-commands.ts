/**
 * Claude Code's built-in read-only commands (reference §2.3): they run without a prompt in every mode, so an allow
 * rule for them is a no-op (§11 item 14) and only ask/deny changes anything (item 15). Deliberately strict: a
 * command is read-only here only when no flag can make it write a file or run a program, because a wrong "true"
 * tells the user to delete a rule that was doing something. Redirections are the caller's concern.
 */
import { lookup } from '../permission-rules/tools.js';
import type { PermissionRule } from '../permission-rules/types.js';

type Check = (args: readonly string[]) => boolean;

const ANY: Check = () => true;
const isShort = (w: string): boolean => w.length > 1 && w[0] === '-' && w[1] !== '-';
/** No argument is one of `banned` or starts with one of `prefixes` (long options with `=value`). */
const without = (banned: readonly string[], prefixes: readonly string[] = []): Check => (args) =>
  !args.some((a) => banned.includes(a) || prefixes.some((p) => a.startsWith(p)));

const FIND_ACTIONS = ['-exec', '-execdir', '-ok', '-okdir', '-delete', '-fls'];

/** `uniq [flags] [input [output]]`: a second operand is an output file. */
const uniq: Check = (args) => {
  let operands = 0;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '-f' || a === '-s' || a === '-w') i++;
    else if (a === '-' || !a.startsWith('-')) operands++;
  }
  return operands <= 1;
};

const COMMANDS: Readonly<Record<string, Check>> = {
  ls: ANY, cat: ANY, echo: ANY, pwd: ANY, head: ANY, tail: ANY, grep: ANY, wc: ANY, which: ANY, diff: ANY, stat: ANY,
  du: ANY, df: ANY, cd: ANY, cut: ANY, tr: ANY, whoami: ANY, printf: ANY, basename: ANY, dirname: ANY, realpath: ANY,
  readlink: ANY, true: ANY, false: ANY, test: ANY,
  find: (args) => !args.some((a) => FIND_ACTIONS.includes(a) || a.startsWith('-fprint')),
  // -m/-f read a magic or name list chosen by the caller, -C compiles (writes) a magic file.
  file: (args) => !args.some((a) => (isShort(a) && /[mfC]/.test(a)) || ['--magic-file', '--files-from', '--compile'].some((p) => a.startsWith(p))),
  tree: (args) => !args.some((a) => a.startsWith('-o') || a.startsWith('--output')),
  // -o writes; --compress-program runs a program.
  sort: (args) => !args.some((a) => (isShort(a) && a.includes('o')) || a.startsWith('--output') || a.startsWith('--compress-program')),
  uniq,
  date: (args) => !args.some((a) => /^-[uR]*s/.test(a) || a.startsWith('--set')),
  // --pre and --hostname-bin run a program per file.
  rg: without([], ['--pre', '--hostname-bin']),
};

// --output writes a file; --ext-diff runs the configured external diff program.
const GIT_PLAIN = without([], ['--output', '--ext-diff']);
const BRANCH_LISTING = new Set(['-a', '--all', '-r', '--remotes', '-v', '-vv', '--verbose', '--list', '--show-current']);
const CONFIG_MODES = new Set(['--get', '--get-all', '--get-regexp', '--get-urlmatch', '--list', '-l']);
const CONFIG_SCOPES = new Set(['--global', '--system', '--local', '--worktree', '--show-origin', '--show-scope', '--name-only', '-z', '--null', '--includes', '--no-includes']);

const GIT: Readonly<Record<string, Check>> = {
  status: GIT_PLAIN, log: GIT_PLAIN, diff: GIT_PLAIN, show: GIT_PLAIN, blame: GIT_PLAIN, 'rev-parse': GIT_PLAIN,
  'ls-files': GIT_PLAIN, 'ls-tree': GIT_PLAIN, describe: GIT_PLAIN, shortlog: GIT_PLAIN,
  branch: (args) => args.every((a) => BRANCH_LISTING.has(a)),
  remote: (args) => args.length === 0 || (args.length === 1 && (args[0] === '-v' || args[0] === '--verbose')),
  config: (args) => {
    const flags = args.filter((a) => a.startsWith('-'));
    const modes = flags.filter((a) => CONFIG_MODES.has(a));
    if (modes.length !== 1 || !flags.every((a) => CONFIG_MODES.has(a) || CONFIG_SCOPES.has(a))) return false;
    const operands = args.length - flags.length;
    return modes[0] === '--list' || modes[0] === '-l' ? operands === 0 : operands >= 1 && operands <= 2;
  },
};

/** Claude Code's built-in read-only commands that never prompt, given the words of ONE simple command (no pipes; wrappers already stripped). */
export function isReadOnlyBuiltin(words: readonly string[]): boolean {
  const [name, ...args] = words;
  if (name === undefined) return false;
  if (name === 'git') {
    // `--no-pager` is the only global option accepted: `-c` can run programs, `-C` moves into another directory.
    const rest = args[0] === '--no-pager' ? args.slice(1) : args;
    const [sub, ...subArgs] = rest;
    const check = sub === undefined ? undefined : lookup(GIT, sub);
    return check !== undefined && check(subArgs);
  }
  const check = lookup(COMMANDS, name);
  return check !== undefined && check(args);
}

/** Read-only commands that stay read-only whatever arguments follow, so `Bash(cmd *)` adds nothing. */
const READ_ONLY_WITH_ANY_ARGS: ReadonlySet<string> = new Set(['ls', 'cat', 'pwd', 'head', 'tail', 'wc', 'which', 'stat', 'du', 'df', 'tree', 'whoami', 'echo', 'basename', 'dirname', 'realpath', 'readlink', 'true', 'false', 'cd', 'grep', 'cut', 'tr', 'git status']);

/** The command of a `Bash(…)` rule that only ever matches built-in read-only commands (so allowing it grants nothing), or undefined. */
export function readOnlyCommandOf(rule: Pick<PermissionRule, 'tool' | 'command'>): string | undefined {
  const pattern = rule.command;
  if (rule.tool !== 'Bash' || !pattern) return undefined;
  const words = pattern.text.split(/\s+/).filter(Boolean);
  if (pattern.kind === 'exact') return isReadOnlyBuiltin(words) ? pattern.text : undefined;
  if (pattern.kind === 'prefix' && !pattern.text.includes('*')) {
    return READ_ONLY_WITH_ANY_ARGS.has(pattern.text) || (READ_ONLY_WITH_ANY_ARGS.has(words[0] ?? '') && words.length === 1) ? pattern.text : undefined;
  }
  return undefined;
}
