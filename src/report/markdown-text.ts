/** Escaping for Markdown that GitHub, GitLab and mail clients render: finding text comes from scanned files. */
import { showBidiControls } from './bidi.js';

/**
 * One line, with bidi controls shown as their code point: they could make a file name read as another (Trojan
 * Source), and inside a code span nothing can escape them.
 */
const oneLine = (s: string) => showBidiControls(s.replace(/\r\n|\r|\n/g, ' '), (codePoint) => `[${codePoint}]`);

/** A Markdown link to an https address; anything else (which a report should never hold) stays plain text. */
export function mdLink(label: string, href: string): string {
  return /^https:\/\/[^\s()<>]+$/.test(href) ? `[${label}](${href})` : label;
}

/**
 * Text in a table cell. Backslashes, backticks and `|` are escaped so a message cannot open a code span or split the
 * row; `<` is escaped because GitHub drops unknown HTML tags such as `<managed>`.
 */
export function text(s: string): string {
  return oneLine(s).replace(/[\\`|]/g, '\\$&').replace(/</g, '&lt;');
}

/** A code span that survives backticks in its content (CommonMark: the fence must be longer than any run inside). */
export function code(s: string): string {
  const content = oneLine(s).replace(/\|/g, '\\|');
  const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = content.startsWith('`') || content.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

/** A fenced code block whose fence is longer than any backtick run in its lines. */
export function codeBlock(lines: readonly string[], info = ''): string[] {
  const longestRun = Math.max(2, ...lines.flatMap((l) => l.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  return [`${fence}${info}`, ...lines, fence];
}
