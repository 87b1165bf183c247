import { describe, expect, it } from 'vitest';
import { findHiddenCharacters } from '../../src/lock/hidden-characters.js';
import { showBidiControls } from '../../src/report/bidi.js';
import { esc } from '../../src/report/html-escape.js';
import { text } from '../../src/report/markdown-text.js';

describe('showBidiControls', () => {
  it('shows each bidi control as its code point and leaves the rest', () => {
    expect(showBidiControls('a\u202eb\u2066c\u061c', (cp) => `<${cp}>`)).toBe('a<U+202E>b<U+2066>c<U+061C>');
    expect(showBidiControls('plain \u200b text', (cp) => `<${cp}>`)).toBe('plain \u200b text');
  });

  it('is the bidi class of the lock’s hidden-character scan, code point for code point', () => {
    const differing: string[] = [];
    for (let cp = 0; cp <= 0xffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCodePoint(cp);
      const shown = showBidiControls(ch, () => '#') !== ch;
      const bidi = findHiddenCharacters(`x${ch}x`).some((run) => run.classes.includes('bidi'));
      if (shown !== bidi) differing.push(cp.toString(16));
    }
    expect(differing).toEqual([]);
  });

  it('is what the HTML and Markdown escapers show', () => {
    expect(esc('a\u202eb')).toBe('a&lt;U+202E&gt;b');
    expect(text('a\u2069\nb')).toBe('a[U+2069] b');
  });
});
