import path from 'node:path';
import type { ConfigFile } from '../types.js';
import type { HookScript, PluginRef } from './types.js';
import { leavesBase } from '../rel-inside.js';

/** Where a hook's relative and `${VAR}`-anchored paths point. */
export interface HookBases {
  root: string;
  home: string;
  /** For plugin hooks: `${CLAUDE_PLUGIN_ROOT}`. */
  plugin?: Pick<PluginRef, 'root' | 'absRoot'>;
}

const INTERPRETERS = new Set(['bash', 'sh', 'zsh', 'dash', 'python', 'python3', 'node', 'bun', 'deno', 'ruby', 'perl', 'pwsh', 'powershell', 'uv', 'tsx', 'npx']);
const PROJECT_DIR = /^(?:"?\$\{?CLAUDE_PROJECT_DIR\}?"?)\//;
const HOME_DIR = /^(?:~|"?\$\{?HOME\}?"?)\//;
const PLUGIN_DIR = /^"?\$\{?CLAUDE_PLUGIN_ROOT\}?"?\//;

/**
 * The script a hook command runs, when it is a file under the project or the home folder: the first word, or the
 * first non-option word after an interpreter (`bash .claude/hooks/x.sh`). Only the first simple command is read;
 * absolute paths elsewhere are machine-specific and not checked.
 */
export function hookScriptOf(command: string, file: Pick<ConfigFile, 'scope'>, bases: HookBases): HookScript | undefined {
  const words = firstCommandWords(command);
  let i = 0;
  while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i] ?? '')) i++;
  let viaInterpreter = false;
  const first = words[i];
  if (first !== undefined && INTERPRETERS.has(path.posix.basename(first))) {
    viaInterpreter = true;
    i++;
    if (first === 'uv' && words[i] === 'run') i++;
    if (first === 'deno' && words[i] === 'run') i++;
    while (i < words.length && (words[i] ?? '').startsWith('-')) i++;
  }
  const word = words[i];
  if (word === undefined || !looksLikePath(word)) return undefined;
  const unquoted = word.replace(/^["']|["']$/g, '');
  let abs: string;
  let display: string;
  if (PLUGIN_DIR.test(word)) {
    if (!bases.plugin?.absRoot) return undefined;
    const rel = path.posix.normalize(unquoted.replace(/^"?\$\{?CLAUDE_PLUGIN_ROOT\}?"?\//, '').replace(/^"/, ''));
    abs = path.join(bases.plugin.absRoot, rel);
    display = bases.plugin.root === '.' ? rel : `${bases.plugin.root}/${rel}`;
    if (leavesBase(rel)) return undefined;
  } else if (PROJECT_DIR.test(word)) {
    const rel = unquoted.replace(/^"?\$\{?CLAUDE_PROJECT_DIR\}?"?\//, '').replace(/^"/, '');
    abs = path.join(bases.root, rel);
    display = path.posix.normalize(rel);
  } else if (HOME_DIR.test(word)) {
    const rel = unquoted.replace(/^(?:~|"?\$\{?HOME\}?"?)\//, '');
    abs = path.join(bases.home, rel);
    display = `~/${path.posix.normalize(rel)}`;
  } else if (!path.isAbsolute(unquoted) && !unquoted.includes('$') && file.scope !== 'user') {
    // Hooks run with the project folder as the working directory.
    abs = path.join(bases.root, unquoted);
    display = path.posix.normalize(unquoted);
  } else return undefined;
  if (leavesBase(display)) return undefined;
  return { path: display, absPath: abs, viaInterpreter };
}

function looksLikePath(word: string): boolean {
  return word.includes('/') && !/^[a-z]+:\/\//i.test(word) && !/[|&;<>`*?]/.test(word);
}

/** Words of the first simple command: quotes kept around `$VAR` prefixes, split at the first `|`, `&&`, `;`. */
function firstCommandWords(command: string): string[] {
  const words: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (const ch of command.trim()) {
    if (quote) {
      if (ch === quote) quote = null;
      current += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      current += ch;
    } else if (/\s/.test(ch)) {
      if (current) words.push(current);
      current = '';
    } else if (ch === '|' || ch === ';' || ch === '&') break;
    else current += ch;
  }
  if (current) words.push(current);
  return words.map((w) => (w.startsWith('"$') ? w : w.replace(/^(["'])(.*)\1$/, '$2')));
}
