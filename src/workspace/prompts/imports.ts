import path from 'node:path';

/** Claude Code follows `@path` imports at most this many hops from the file that started the chain (reference §7.1). */
export const MAX_IMPORT_HOPS = 4;

export interface ImportMention {
  /** The path as written (escaped spaces undone, `#fragment` dropped). */
  raw: string;
  /** Offset of the `@` in the text, and the length of `@path`. */
  offset: number;
  length: number;
}

/**
 * The `@path` imports of a Markdown text as Claude Code finds them: an `@` at the start of a line or after
 * whitespace, followed by a path-like word (`./x`, `../x`, `~/x`, `/x`, or a name starting with a letter, digit, `.`,
 * `_` or `-`); never inside fenced code blocks, inline code spans or HTML comments, and never in the frontmatter.
 */
export function findImports(text: string, bodyOffset = 0): ImportMention[] {
  // Masking only blanks characters out: a body without an `@` has no import, and is not masked character by character.
  if (text.indexOf('@', bodyOffset) < 0) return [];
  const masked = maskNonText(text, bodyOffset);
  const found: ImportMention[] = [];
  const pattern = /(^|\s)@((?:[^\s\\]|\\ )+)/g;
  for (let m = pattern.exec(masked); m; m = pattern.exec(masked)) {
    const written = (m[2] ?? '').replace(/\\ /g, ' ');
    const raw = written.split('#')[0] ?? '';
    if (!isImportPath(raw)) continue;
    const offset = m.index + (m[1] ?? '').length;
    found.push({ raw, offset, length: (m[2] ?? '').length + 1 });
  }
  return found;
}

function isImportPath(p: string): boolean {
  if (p === '' || p.startsWith('@')) return false;
  if (p.startsWith('./') || p.startsWith('../') || p.startsWith('~/')) return true;
  if (p.startsWith('/')) return p !== '/';
  return /^[A-Za-z0-9._-]/.test(p);
}

/** The text with frontmatter, fenced code, code spans and HTML comments replaced by spaces (offsets unchanged). */
function maskNonText(text: string, bodyOffset: number): string {
  const chars = text.split('');
  const blank = (from: number, to: number) => {
    for (let i = from; i < to; i++) if (chars[i] !== '\n' && chars[i] !== '\r') chars[i] = ' ';
  };
  blank(0, bodyOffset);
  let fence: { char: string; length: number } | undefined;
  let offset = bodyOffset;
  for (const line of text.slice(bodyOffset).split(/(?<=\n)/)) {
    const start = offset;
    offset += line.length;
    const opener = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      blank(start, offset);
      const closer = /^ {0,3}(`{3,}|~{3,})[ \t]*\r?\n?$/.exec(line);
      if (closer && closer[1]?.[0] === fence.char && (closer[1]?.length ?? 0) >= fence.length) fence = undefined;
      continue;
    }
    if (opener?.[1]) {
      fence = { char: opener[1][0] ?? '`', length: opener[1].length };
      blank(start, offset);
      continue;
    }
  }
  let masked = chars.join('');
  masked = masked.replace(/<!--[\s\S]*?(-->|$)/g, (m) => m.replace(/[^\r\n]/g, ' '));
  return masked.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (m) => m.replace(/[^\r\n]/g, ' '));
}

export interface ImportBases {
  home: string;
}

/** The absolute path an import points at: relative to the importing file's folder, `~/` from home, or absolute. */
export function resolveImport(raw: string, importerAbs: string, bases: ImportBases): string {
  if (raw.startsWith('~/')) return path.join(bases.home, raw.slice(2));
  if (path.isAbsolute(raw)) return path.normalize(raw);
  return path.join(path.dirname(importerAbs), raw);
}
