import { words, type Word } from './shell.js';

/**
 * Leading `VAR=value` assignments that do not change what the command runs. Claude Code strips only "known-safe"
 * variables before allow rules (reference §2.3); this list is deliberately short: PATH, LD_PRELOAD, NODE_OPTIONS,
 * PYTHONPATH, GIT_* and the like change what runs, so an allow rule must spell them out.
 */
const SAFE_ENV_VARS: ReadonlySet<string> = new Set([
  'CI', 'NODE_ENV', 'DEBUG', 'LANG', 'LANGUAGE', 'LC_ALL', 'LC_CTYPE', 'LC_MESSAGES', 'TZ', 'NO_COLOR', 'FORCE_COLOR',
  'TERM', 'COLUMNS', 'LINES', 'RUST_LOG', 'RUST_BACKTRACE', 'PYTHONUNBUFFERED', 'PYTHONDONTWRITEBYTECODE',
]);

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=/;

export interface CommandForms {
  /** The command as written. */
  asWritten: string;
  /** Wrappers and every leading assignment removed: what deny and ask rules see. */
  stripped: string;
  /** Wrappers and safe assignments removed, other assignments kept in front: what allow rules see. */
  forAllow: string;
}

/** Strips the fixed wrappers Claude Code removes before matching: timeout, time, nice, nohup, stdbuf, command, builtin, noglob, bare xargs. */
export function commandForms(text: string): CommandForms {
  const ws = words(text);
  const unsafe: string[] = [];
  let i = 0;
  for (;;) {
    const w = ws[i];
    if (!w) break;
    const assignment = ASSIGNMENT.exec(w.value);
    if (assignment) {
      if (!SAFE_ENV_VARS.has(assignment[1] as string)) unsafe.push(text.slice(w.start, w.end));
      i++;
      continue;
    }
    const next = skipWrapper(ws, i);
    if (next === undefined) break;
    i = next;
  }
  const first = ws[i];
  const stripped = first ? text.slice(first.start).trim() : '';
  return { asWritten: text.trim(), stripped, forAllow: unsafe.length > 0 ? `${unsafe.join(' ')} ${stripped}`.trim() : stripped };
}

/** Index of the word after the wrapper at `i` (and its options), or undefined when `i` is not a stripped wrapper. */
function skipWrapper(ws: readonly Word[], i: number): number | undefined {
  const name = ws[i]?.value;
  const opt = (k: number) => ws[k]?.value ?? '';
  let k = i + 1;
  switch (name) {
    case 'nohup':
    case 'builtin':
    case 'noglob':
      return k;
    case 'time':
      while (opt(k).startsWith('-')) k++;
      return k;
    case 'nice':
      while (opt(k).startsWith('-')) k += opt(k) === '-n' ? 2 : 1;
      return k;
    case 'stdbuf':
      while (opt(k).startsWith('-')) k += /^-[ioe]$/.test(opt(k)) ? 2 : 1;
      return k;
    case 'timeout':
      while (opt(k).startsWith('-')) k += /^(-[sk]|--signal|--kill-after)$/.test(opt(k)) ? 2 : 1;
      // The duration is required: `timeout` without one is not the wrapper.
      return /^\d+(\.\d+)?[smhd]?$/.test(opt(k)) ? k + 1 : undefined;
    case 'command':
      if (/^-[vV]/.test(opt(k))) return undefined;
      while (opt(k) === '-p' || opt(k) === '--') k++;
      return k;
    case 'xargs':
      return opt(k).startsWith('-') || ws[k] === undefined ? undefined : k;
    default:
      return undefined;
  }
}
