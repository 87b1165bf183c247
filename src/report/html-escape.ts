import { showBidiControls } from './bidi.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text from a report, safe in HTML element content and in quoted attribute values. Markup characters become entities;
 * control characters (invalid in HTML) become U+FFFD; bidi controls, which could make a file name read as another
 * (Trojan Source), are shown as their code point instead of being obeyed.
 */
export function esc(s: string): string {
  const markupSafe = s.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '\ufffd');
  return showBidiControls(markupSafe, (codePoint) => `&lt;${codePoint}&gt;`);
}

/** An https link, or the escaped text alone when the address is anything else. */
export function link(href: string, label: string): string {
  return /^https:\/\/[^\s"'<>]+$/.test(href) ? `<a href="${esc(href)}" rel="noopener noreferrer">${label}</a>` : label;
}
