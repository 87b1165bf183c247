import type { IndexEntry, IndexMeasure } from './model.js';

/**
 * Measures `MEMORY.md` the way Claude Code loads it (reference §A.2): YAML frontmatter and block-level HTML comments
 * are stripped, then the first `lines` lines or `bytes` bytes, whichever comes first, are loaded. Lines with Markdown
 * links to local files are the index entries (`- [Title](file.md) — hook`). Never throws.
 */
export function parseIndex(text: string, limit: { lines: number; bytes: number }): IndexMeasure {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  const stripped = strippedLines(lines);
  let loadedLines = 0;
  let loadedBytes = 0;
  let totalLines = 0;
  let totalBytes = 0;
  let firstUnloadedLine: number | undefined;
  const entries: IndexEntry[] = [];
  lines.forEach((line, i) => {
    let within = false;
    const size = Buffer.byteLength(line, 'utf8') + 1;
    if (!stripped.has(i)) {
      totalLines++;
      totalBytes += size;
      if (firstUnloadedLine === undefined && loadedLines + 1 <= limit.lines && loadedBytes + size <= limit.bytes) {
        loadedLines++;
        loadedBytes += size;
        within = true;
      } else firstUnloadedLine ??= i + 1;
    }
    const targets = linkTargets(line);
    if (targets.length > 0 && !stripped.has(i)) entries.push({ line: i + 1, text: line, bytes: size, targets, withinBudget: within, missing: [] });
  });
  return { loadedLines, loadedBytes, totalLines, totalBytes, ...(firstUnloadedLine !== undefined ? { firstUnloadedLine } : {}), entries };
}

/** 0-based indexes of the frontmatter lines and of block-level HTML comments. */
function strippedLines(lines: string[]): Set<number> {
  const out = new Set<number>();
  let i = 0;
  if (/^---\s*$/.test(lines[0] ?? '')) {
    const close = lines.findIndex((l, k) => k > 0 && /^(---|\.\.\.)\s*$/.test(l));
    if (close > 0) for (; i <= close; i++) out.add(i);
  }
  for (; i < lines.length; i++) {
    if (!/^\s{0,3}<!--/.test(lines[i] ?? '')) continue;
    const start = i;
    while (i < lines.length && !(lines[i] ?? '').includes('-->')) i++;
    if (i >= lines.length) {
      // An unclosed comment is not stripped: Markdown treats it as text up to the end.
      i = start;
      continue;
    }
    const tail = (lines[i] ?? '').slice((lines[i] ?? '').indexOf('-->') + 3);
    if (tail.trim() !== '') continue;
    for (let k = start; k <= i; k++) out.add(k);
  }
  return out;
}

/** Local link targets of a line: `[x](file.md)` with no scheme and no leading `#`, decoded, `./` removed. */
export function linkTargets(line: string): string[] {
  const targets: string[] = [];
  for (const m of line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    let target = (m[1] ?? '').replace(/#.*$/, '');
    if (target === '' || /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('/')) continue;
    try {
      target = decodeURIComponent(target);
    } catch {
      // Keep it as written.
    }
    targets.push(target.replace(/^(\.\/)+/, ''));
  }
  return targets;
}
