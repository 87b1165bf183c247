import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/workspace/read-file.js';

/** What decodeText did before its fast path: a fatal TextDecoder decides validity and gives the text. */
function reference(bytes: Uint8Array): string | undefined {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bom ? bytes.subarray(3) : bytes);
  } catch {
    return undefined;
  }
}

describe('decodeText fast UTF-8 path', () => {
  it('accepts exactly what a fatal TextDecoder accepts and gives the same text (property)', () => {
    // Bytes around the UTF-8 boundaries (continuations, overlongs, surrogates, past U+10FFFF), plus valid strings.
    const tricky = fc.constantFrom(0x41, 0x7f, 0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 0xa0, 0x9f, 0x90, 0x8f);
    const bytes = fc.oneof(fc.array(fc.oneof(tricky, fc.integer({ min: 1, max: 255 })), { maxLength: 12 }).map((a) => new Uint8Array(a)), fc.string({ unit: 'grapheme' }).map((s) => new TextEncoder().encode(s.replace(/\0/g, ''))));
    fc.assert(
      fc.property(bytes, (b) => {
        const decoded = decodeText(b);
        const expected = reference(b);
        expect(decoded.problems.some((p) => p.code === 'invalid-utf8')).toBe(expected === undefined);
        if (expected !== undefined) expect(decoded.text).toBe(expected);
      }),
      { numRuns: 20000 },
    );
  });
});
