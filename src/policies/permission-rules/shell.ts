/**
 * Just enough shell syntax to split a Bash command the way Claude Code decides it (reference §2.3): compound
 * commands on `&&`, `||`, `;`, `|`, `|&`, `&` and newlines; the commands inside `$(…)`, `<(…)` and backticks;
 * output redirections, which are checked as file writes rather than as part of the command text.
 */

export interface SimpleCommand {
  /** The command's own text (redirections removed), trimmed, as rules see it. */
  text: string;
  /** Files written by `>`, `>>`, `&>`, `2>` (never `/dev/null`, never fd duplications like `2>&1`). */
  writes: string[];
}

export interface SplitResult {
  commands: SimpleCommand[];
  /** The text could not be split with confidence (unbalanced quotes or substitutions). */
  unparseable: boolean;
}

const MAX_DEPTH = 16;

export function splitCommand(command: string): SplitResult {
  const out: SimpleCommand[] = [];
  const unparseable = !splitInto(command, out, 0);
  return { commands: out.filter((c) => c.text !== '' || c.writes.length > 0), unparseable };
}

/** Returns false when the text is not well-formed (what remains is still split best-effort). */
function splitInto(src: string, out: SimpleCommand[], depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  let ok = true;
  let text = '';
  // Whether `text` is empty or ends with whitespace, kept as text grows: testing the end of a long string each step
  // would make splitting quadratic in its length.
  let atWordStart = true;
  let writes: string[] = [];
  const append = (piece: string) => {
    text += piece;
    if (piece !== '') atWordStart = /\s/.test(piece[piece.length - 1] as string);
  };
  const flush = () => {
    out.push({ text: text.trim(), writes });
    text = '';
    atWordStart = true;
    writes = [];
  };
  let i = 0;
  while (i < src.length) {
    const ch = src[i] as string;
    const next = src[i + 1];
    if (ch === '\\') {
      append(src.slice(i, i + 2));
      i += 2;
      continue;
    }
    if (ch === "'") {
      const end = src.indexOf("'", i + 1);
      if (end < 0) return finish(false);
      append(src.slice(i, end + 1));
      i = end + 1;
      continue;
    }
    if (ch === '"') {
      const end = scanDoubleQuoted(src, i, out, depth);
      if (end < 0) return finish(false);
      append(src.slice(i, end + 1));
      i = end + 1;
      continue;
    }
    if (ch === '`') {
      const end = findBacktick(src, i + 1);
      if (end < 0) return finish(false);
      ok = splitInto(src.slice(i + 1, end), out, depth + 1) && ok;
      append(src.slice(i, end + 1));
      i = end + 1;
      continue;
    }
    if ((ch === '$' || ch === '<' || ch === '>') && next === '(') {
      const end = findClosingParen(src, i + 2);
      if (end < 0) return finish(false);
      ok = splitInto(src.slice(i + 2, end), out, depth + 1) && ok;
      append(src.slice(i, end + 1));
      i = end + 1;
      continue;
    }
    const redirect = redirectAt(src, i, atWordStart);
    if (redirect) {
      if (redirect.duplicate) {
        // `2>&1`, `>&2`, `>&-`: a file descriptor duplication, not a file.
        const fd = /^(\d+|-)/.exec(src.slice(redirect.end));
        i = redirect.end + (fd ? fd[0].length : 0);
        continue;
      }
      let start = redirect.end;
      while (src[start] === ' ' || src[start] === '\t') start++;
      const target = readWord(src, start);
      if (target.word !== '' && target.word !== '/dev/null') writes.push(target.word);
      i = target.end;
      continue;
    }
    if (ch === '\n' || ch === ';' || ch === '(' || ch === ')') {
      flush();
      i++;
      continue;
    }
    if (ch === '&' || ch === '|') {
      flush();
      i += next === ch || (ch === '|' && next === '&') ? 2 : 1;
      continue;
    }
    append(ch);
    i++;
  }
  return finish(ok);

  function finish(result: boolean): boolean {
    if (!result) append(src.slice(i));
    flush();
    return result;
  }
}

/**
 * An output redirection operator at `i`: `>`, `>>`, `>|`, `N>`, `N>>`, `&>`, `&>>`, and the duplications `>&`, `N>&`.
 * A leading file-descriptor number counts only at the start of a word (`a2>f` writes stdout to f).
 */
function redirectAt(src: string, i: number, atWordStart: boolean): { end: number; duplicate: boolean } | undefined {
  let j = i;
  if (src[j] === '&' && src[j + 1] === '>') j++;
  else if (atWordStart) while (/[0-9]/.test(src[j] ?? '')) j++;
  if (src[j] !== '>') return undefined;
  j++;
  if (src[j] === '>' || src[j] === '|') j++;
  if (src[j] === '&') return { end: j + 1, duplicate: true };
  return { end: j, duplicate: false };
}

/** Index of the closing `"`, recursing into `$(…)` and backticks inside it; -1 if unterminated. */
function scanDoubleQuoted(src: string, start: number, out: SimpleCommand[], depth: number): number {
  let i = start + 1;
  while (i < src.length) {
    const ch = src[i];
    if (ch === '\\') i += 2;
    else if (ch === '"') return i;
    else if (ch === '$' && src[i + 1] === '(') {
      const end = findClosingParen(src, i + 2);
      if (end < 0) return -1;
      splitInto(src.slice(i + 2, end), out, depth + 1);
      i = end + 1;
    } else if (ch === '`') {
      const end = findBacktick(src, i + 1);
      if (end < 0) return -1;
      splitInto(src.slice(i + 1, end), out, depth + 1);
      i = end + 1;
    } else i++;
  }
  return -1;
}

function findBacktick(src: string, from: number): number {
  for (let i = from; i < src.length; i++) {
    if (src[i] === '\\') i++;
    else if (src[i] === '`') return i;
  }
  return -1;
}

/** Index of the `)` closing a `$(` whose content starts at `from`, honouring quotes and nesting; -1 if none. */
function findClosingParen(src: string, from: number): number {
  let depth = 1;
  for (let i = from; i < src.length; i++) {
    const ch = src[i];
    if (ch === '\\') i++;
    else if (ch === "'") {
      const end = src.indexOf("'", i + 1);
      if (end < 0) return -1;
      i = end;
    } else if (ch === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      if (j >= src.length) return -1;
      i = j;
    } else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i;
  }
  return -1;
}

/** One shell word starting at `from` (quotes removed), ending before a character of `stop`, and where it ends. */
function readWord(src: string, from: number, stop: RegExp = /[\s;&|<>()]/): { word: string; end: number } {
  let i = from;
  let word = '';
  while (i < src.length && !stop.test(src[i] as string)) {
    const ch = src[i] as string;
    if (ch === '\\') {
      word += src[i + 1] ?? '';
      i += 2;
    } else if (ch === "'" || ch === '"') {
      const end = src.indexOf(ch, i + 1);
      const close = end < 0 ? src.length : end;
      word += src.slice(i + 1, close);
      i = close + 1;
    } else {
      word += ch;
      i++;
    }
  }
  return { word, end: Math.min(i, src.length) };
}

export interface Word {
  value: string;
  start: number;
  end: number;
}

/** Splits one simple command into words (quotes removed from values; offsets into `text`). */
export function words(text: string): Word[] {
  const out: Word[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
    if (i >= text.length) break;
    const { word, end } = readWord(text, i, /\s/);
    out.push({ value: word, start: i, end });
    i = end;
  }
  return out;
}
