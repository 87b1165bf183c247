import type { Position, Span } from './types.js';

/** Maps offsets in a text to 1-based line and column numbers (column counts UTF-16 code units, like editors and SARIF). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 10) this.starts.push(i + 1);
      else if (ch === 13 && text.charCodeAt(i + 1) !== 10) this.starts.push(i + 1);
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: clamped - (this.starts[lo] ?? 0) + 1, offset: clamped };
  }

  /** Offset of the first character of a 1-based line (clamped to the text). */
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length) - 1)] ?? 0;
  }

  span(offset: number, length: number): Span {
    return { start: this.position(offset), end: this.position(offset + length) };
  }
}
