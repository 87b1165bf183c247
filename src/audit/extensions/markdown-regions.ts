/** A half-open range of UTF-16 offsets into a text. */
export interface Range {
  start: number;
  end: number;
}

export interface FencedBlock extends Range {
  /** The info string after the opening fence (`bash`, `!`, ``). */
  info: string;
  /** Where the block's content starts and ends (the fence lines excluded). */
  body: Range;
}

export interface MarkdownRegions {
  fences: FencedBlock[];
  /** Inline code spans outside fenced blocks. */
  codeSpans: Range[];
  /** HTML comments outside code; an unterminated one runs to the end of the text, as a renderer hides it. */
  comments: Range[];
}

const FENCE = /^ {0,3}(`{3,}|~{3,})[ \t]*([^\n`]*)$/;

/**
 * Code and comments of a Markdown text, well enough to tell what a rendered page shows from what it hides. Not a full
 * CommonMark parser: fences, inline code spans on one paragraph line, and `<!-- … -->` comments are what matter here.
 */
export function markdownRegions(text: string, from = 0): MarkdownRegions {
  const fences = fencedBlocks(text, from);
  const codeSpans: Range[] = [];
  const comments: Range[] = [];
  let cursor = from;
  for (const gap of [...fences.map((f) => ({ start: f.start, end: f.end })), { start: text.length, end: text.length }]) {
    scanProse(text, cursor, gap.start, codeSpans, comments);
    cursor = gap.end;
  }
  return { fences, codeSpans, comments };
}

function fencedBlocks(text: string, from: number): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  let open: { start: number; marker: string; info: string; bodyStart: number } | undefined;
  let offset = from;
  while (offset < text.length) {
    const nl = text.indexOf('\n', offset);
    const lineEnd = nl < 0 ? text.length : nl;
    const next = nl < 0 ? text.length : nl + 1;
    const line = text.slice(offset, lineEnd).replace(/\r$/, '');
    const m = FENCE.exec(line);
    if (m) {
      const marker = m[1] ?? '';
      if (!open) open = { start: offset, marker, info: (m[2] ?? '').trim(), bodyStart: next };
      else if (marker[0] === open.marker[0] && marker.length >= open.marker.length && (m[2] ?? '').trim() === '') {
        blocks.push({ start: open.start, end: next, info: open.info, body: { start: open.bodyStart, end: offset } });
        open = undefined;
      }
    }
    offset = next;
  }
  // An unclosed fence runs to the end of the document.
  if (open) blocks.push({ start: open.start, end: text.length, info: open.info, body: { start: open.bodyStart, end: text.length } });
  return blocks;
}

interface TickRun {
  start: number;
  length: number;
  /** Index of the next run of the same length in the same paragraph: the code span's closing run. */
  closer?: number;
}

/**
 * Code spans and comments of the prose between fences, in one pass. Which backtick run closes which is found from the
 * right (the next run of the same length in the same paragraph), so a text full of unmatched backticks stays linear.
 */
function scanProse(text: string, start: number, end: number, codeSpans: Range[], comments: Range[]): void {
  const runs = tickRuns(text, start, end);
  let r = 0;
  let i = start;
  let commentAt = -1;
  while (i < end) {
    const nextRun = runs[r];
    if (commentAt < i) {
      const found = text.indexOf('<!--', i);
      commentAt = found < 0 || found >= end ? end : found;
    }
    if (nextRun && nextRun.start < commentAt) {
      const close = nextRun.closer === undefined ? undefined : runs[nextRun.closer];
      if (close) {
        codeSpans.push({ start: nextRun.start, end: close.start + close.length });
        i = close.start + close.length;
        r = (nextRun.closer as number) + 1;
      } else {
        i = nextRun.start + nextRun.length;
        r++;
      }
      continue;
    }
    if (commentAt >= end) break;
    const close = text.indexOf('-->', commentAt + 4);
    const stop = close < 0 || close >= end ? end : close + 3;
    comments.push({ start: commentAt, end: stop });
    i = stop;
    while (runs[r] && (runs[r] as TickRun).start < stop) r++;
  }
}

function tickRuns(text: string, start: number, end: number): TickRun[] {
  const runs: TickRun[] = [];
  const paragraphOf: number[] = [];
  let paragraph = 0;
  for (let i = start; i < end; i++) {
    const ch = text[i];
    if (ch === '\n' && blankLineAt(text, i + 1)) paragraph++;
    else if (ch === '`') {
      let n = 1;
      while (text[i + n] === '`') n++;
      runs.push({ start: i, length: n });
      paragraphOf.push(paragraph);
      i += n - 1;
    }
  }
  const lastOfLength = new Map<number, number>();
  let currentParagraph = -1;
  for (let k = runs.length - 1; k >= 0; k--) {
    if (paragraphOf[k] !== currentParagraph) {
      lastOfLength.clear();
      currentParagraph = paragraphOf[k] as number;
    }
    const run = runs[k] as TickRun;
    const closer = lastOfLength.get(run.length);
    if (closer !== undefined) run.closer = closer;
    lastOfLength.set(run.length, k);
  }
  return runs;
}

function blankLineAt(text: string, at: number): boolean {
  let i = at;
  while (text[i] === ' ' || text[i] === '\t' || text[i] === '\r') i++;
  return i >= text.length || text[i] === '\n';
}

/** Whether an offset lies in one of the ranges (ranges sorted by start). */
export function within(ranges: readonly Range[], offset: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = ranges[mid] as Range;
    if (offset < r.start) hi = mid - 1;
    else if (offset >= r.end) lo = mid + 1;
    else return true;
  }
  return false;
}
