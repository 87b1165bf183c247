/** Byte-exact edits of `MEMORY.md`: only whole lines are removed or re-inserted; every other byte stays as it was. */

export interface RemovedLine {
  /** 1-based line number in the file before the removal. */
  line: number;
  text: string;
  /** The line's terminator as it was (`\n`, `\r\n` or `` for a last line without one). */
  eol: string;
}

/** Splits bytes into lines that keep their terminators, so that joining them gives the bytes back. */
function splitLines(bytes: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (;;) {
    const nl = bytes.indexOf(0x0a, start);
    if (nl === -1) {
      if (start < bytes.length) lines.push(bytes.subarray(start));
      return lines;
    }
    lines.push(bytes.subarray(start, nl + 1));
    start = nl + 1;
  }
}

function parts(line: Buffer): { text: string; eol: string } {
  const eol = line.at(-1) === 0x0a ? (line.at(-2) === 0x0d ? '\r\n' : '\n') : '';
  return { text: line.subarray(0, line.length - eol.length).toString('utf8'), eol };
}

/** Removes the given 1-based lines; lines whose text is not `expected` (when given) are left alone. */
export function removeLines(bytes: Buffer, lines: ReadonlySet<number>, expected?: ReadonlyMap<number, string>): { bytes: Buffer; removed: RemovedLine[] } {
  const kept: Buffer[] = [];
  const removed: RemovedLine[] = [];
  splitLines(bytes).forEach((line, i) => {
    const { text, eol } = parts(line);
    const want = expected?.get(i + 1);
    if (lines.has(i + 1) && (want === undefined || want === text.replace(/^\uFEFF/, ''))) removed.push({ line: i + 1, text, eol });
    else kept.push(line);
  });
  return { bytes: Buffer.concat(kept), removed };
}

/**
 * Puts removed lines back where they were (by their original line numbers, in order). Lines already present (same
 * text) are not duplicated. When the file lost its final newline before a re-inserted line, one is added.
 */
export function insertLines(bytes: Buffer, removed: readonly RemovedLine[]): Buffer {
  const lines = splitLines(bytes);
  const present = new Set(lines.map((l) => parts(l).text));
  for (const r of [...removed].sort((a, b) => a.line - b.line)) {
    if (present.has(r.text)) continue;
    const at = Math.min(Math.max(0, r.line - 1), lines.length);
    const before = lines[at - 1];
    if (at === lines.length && before !== undefined && before.at(-1) !== 0x0a) lines[at - 1] = Buffer.concat([before, Buffer.from(r.eol || '\n')]);
    const eol = at < lines.length && r.eol === '' ? '\n' : r.eol;
    lines.splice(at, 0, Buffer.from(r.text + eol, 'utf8'));
    present.add(r.text);
  }
  return Buffer.concat(lines);
}
