import { commandRun, programName, risksOfGrant, WRAPPER_NAMES } from '../../policies/catalogs/risky-commands.js';
import { splitCommand, words } from '../../policies/permission-rules/shell.js';

export type HookRisk = 'pipe-to-shell' | 'base64-exec' | 'network';

/** Shells: they run code piped to them, and the text after `-c`. */
const SHELL_NAMES: readonly string[] = ['sh', 'bash', 'zsh', 'dash', 'ksh'];
/** Programs that run the code piped or passed to them. */
const INTERPRETERS: readonly string[] = [...SHELL_NAMES, 'python', 'python3', 'node', 'perl', 'ruby', 'pwsh', 'powershell'];
const SHELLS = INTERPRETERS.join('|');
/** Commands that download, for the patterns; their names also count as fetching where the catalog has none (`iwr`). */
const DOWNLOADERS: readonly string[] = ['curl', 'wget', 'fetch', 'iwr', 'Invoke-WebRequest'];
const DOWNLOADER_NAMES: ReadonlySet<string> = new Set(DOWNLOADERS.map((d) => d.toLowerCase()));
/**
 * What may stand between a pipe and the interpreter it feeds: the wrappers commandRun takes off (`sudo -E`, `timeout
 * 60`, `env`, `nohup`…) with flags and numeric operands, and `NAME=value` assignments. One way to read each word (a
 * flag or number is never a wrapper or an assignment), so no input makes the pattern backtrack.
 */
const BEFORE_INTERPRETER = `(?:(?:${WRAPPER_NAMES.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')}|[A-Za-z_][A-Za-z0-9_]*=\\S*)(?:\\s+(?:-\\S+|[0-9]\\S*))*\\s+)*`;
// A download or a decode piped into an interpreter is a shape across the pipe, which splitCommand does not keep (it
// yields the simple commands, not the operators between them), so these stay patterns over the whole text.
const PIPED: readonly [HookRisk, RegExp][] = [
  ['pipe-to-shell', new RegExp(`\\b(?:${DOWNLOADERS.join('|')})\\b[^|;&]{0,2000}\\|\\s*${BEFORE_INTERPRETER}(?:${SHELLS})\\b`, 'i')],
  ['pipe-to-shell', new RegExp(`(?:${SHELLS})\\s+(?:-c\\s+)?["']?\\$\\(\\s*(?:curl|wget)\\b`, 'i')],
  ['base64-exec', new RegExp(`base64\\s+(?:-d|--decode|-D)\\b[^;&]{0,2000}\\|\\s*${BEFORE_INTERPRETER}(?:${SHELLS})\\b`, 'i')],
  ['base64-exec', /\b(?:eval|exec)\b[^;&]{0,200}base64\s+(?:-d|--decode|-D)\b/i],
];
/** What runs code it is given, by program name (programName, lower case): an interpreter, or `eval`. */
const RUNNERS: ReadonlySet<string> = new Set([...INTERPRETERS, 'eval'].map(nameOf));
const MAX_DEPTH = 4;
/** Longer commands are judged on the pattern alone: splitting them into words is not worth it. */
const MAX_PARSED = 8000;

/** The most serious risk a hook command shows (reference §11 item 28), or undefined. */
export function hookRiskOf(command: string): HookRisk | undefined {
  return pipedRiskOf(command) ?? (reachesNetwork(command, 0) ? 'network' : undefined);
}

type PipedRisk = Exclude<HookRisk, 'network'>;

/**
 * The shape of a download or a decode piped into an interpreter anywhere in a text: for prose (a hidden comment that
 * tells the agent to run `curl … | sh`), where there are no shell words to confirm it on.
 */
export function pipedShapeOf(text: string): PipedRisk | undefined {
  for (const [risk, re] of PIPED) if (re.test(text)) return risk as PipedRisk;
  return undefined;
}

/**
 * A shell command that downloads or decodes code and pipes it into an interpreter (`curl … | sh`, `base64 -d … |
 * bash`): the shape, confirmed on the command's words (the shell parser and the permission catalog's network
 * commands), so `echo "curl x | sh"`, which prints text and runs nothing, is not one.
 */
export function pipedRiskOf(command: string): PipedRisk | undefined {
  return pipedRiskAt(command, 0);
}

function pipedRiskAt(command: string, depth: number): PipedRisk | undefined {
  const risk = pipedShapeOf(command);
  if (!risk || command.length > MAX_PARSED) return risk;
  const argvs = splitCommand(command).commands.map((c) => words(c.text).map((w) => w.value));
  // What each simple command runs, through `sudo`, `timeout`, `env`, `NAME=value`… (risksOfGrant unwraps the same).
  const runs = argvs.map(commandRun);
  const names = runs.map((run) => nameOf(run[0]));
  const fetches = () => argvs.some((argv, i) => risksOfGrant(argv, true).some((hit) => hit.risk === 'network-egress') || DOWNLOADER_NAMES.has(names[i] as string));
  if (names.some((n) => RUNNERS.has(n)) && (risk === 'base64-exec' ? names.includes('base64') : fetches())) return risk;
  // The pipe may be inside the text a command runs in turn (`sh -c 'curl … | sh'`, `eval …`), as reachesNetwork looks.
  if (depth >= MAX_DEPTH) return undefined;
  for (const run of runs) {
    const inner = shellText(run);
    const found = inner === undefined ? undefined : pipedRiskAt(inner, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * A simple command the permission catalog counts as network egress (through `sudo`, `timeout`, `xargs`… as it
 * unwraps them), also inside `sh -c '…'` and `eval`, or a `/dev/tcp/` socket. Words, not substrings: `echo "curl"`
 * reaches nothing.
 */
function reachesNetwork(command: string, depth: number): boolean {
  if (command.includes('/dev/tcp/')) return true;
  for (const simple of splitCommand(command).commands) {
    const argv = words(simple.text).map((w) => w.value);
    // A hook's command is concrete, so any arguments it has count: as an open grant, it reaches the network families.
    if (risksOfGrant(argv, true).some((hit) => hit.risk === 'network-egress')) return true;
    const inner = shellText(commandRun(argv));
    if (inner !== undefined && depth < MAX_DEPTH && reachesNetwork(inner, depth + 1)) return true;
  }
  return false;
}

/** The shell text a command runs in turn (`run`: its words past wrappers, commandRun): `bash -c '<text>'` (also `-lc`, `-ec`), `eval <text>`. */
function shellText(run: readonly string[]): string | undefined {
  const name = nameOf(run[0]);
  if (name === 'eval') return run.slice(1).join(' ');
  if (!SHELL_NAMES.includes(name)) return undefined;
  const flag = run.findIndex((w, i) => i > 0 && /^-[A-Za-z]*c[A-Za-z]*$/.test(w));
  return flag > 0 ? run[flag + 1] : undefined;
}

/** A command word's program (programName) in lower case, as Windows and the patterns read names; empty for no word. */
function nameOf(word: string | undefined): string {
  return word === undefined ? '' : programName(word.toLowerCase());
}
