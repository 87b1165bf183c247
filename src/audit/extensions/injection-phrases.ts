import type { Range } from './markdown-regions.js';

const VERB = String.raw`(?:ignore|disregard|forget|override|overrule|bypass|discard|abandon)`;
const SCOPE = String.raw`(?:previous|prior|preceding|above|earlier|former|foregoing|original|system)`;
const TARGET = String.raw`(?:instructions?|prompts?|rules|directions|directives|guidelines|guidance|constraints)`;
const QUANT = String.raw`(?:(?:all|any|every)\s+(?:of\s+)?)?(?:(?:the|your|my|these|those)\s+)?`;

/**
 * Phrases that try to replace the instructions the agent already has. Each is a whole clause ("ignore all previous
 * instructions", "forget your current role"), not a single word: peers that flag words like "override" or "system
 * prompt" drown their users in findings (reference peers.md, "False positives and noise").
 */
const OVERRIDE: readonly RegExp[] = [
  new RegExp(String.raw`\b${VERB}\s+${QUANT}(?:${SCOPE}\s+){1,2}${TARGET}\b`, 'gi'),
  new RegExp(String.raw`\b${VERB}\s+(?:all|everything|anything)\s+(?:that\s+)?(?:you(?:'ve|\s+have|\s+were|\s+are)?\s+(?:been\s+)?(?:told|taught|instructed|given)|(?:was\s+)?(?:said|written|stated)\s+(?:above|before|earlier))`, 'gi'),
  new RegExp(String.raw`\b${VERB}\s+(?:all\s+(?:of\s+)?)?your\s+(?:(?:current|previous|original)\s+)?(?:instructions|rules|guidelines|programming|training|system\s+prompt|role|persona)\b`, 'gi'),
];

/** Words that show a sentence is about injection (a checklist, a detector, a warning), not an injection itself. */
const MENTION = /\b(?:injections?|jailbreaks?|attacks?|attackers?|adversarial|malicious|hostile|e\.g\.|i\.e\.|such as|for example|for instance|phrases? like|detect(?:s|ed|ion|ing)?|flag(?:s|ged)?|treat(?:ed)? (?:it |them |this |that )?as data|do not follow|don't follow|never follow)\b/i;
const CONTEXT = 120;
const LINE_WINDOW = 400;

/** Override phrases in a stretch of prose, skipping quoted ones and those in a sentence that talks about injection. */
export function overridePhrases(text: string, within: Range = { start: 0, end: text.length }): Range[] {
  const slice = text.slice(within.start, within.end);
  const candidates = OVERRIDE.flatMap((re) => [...slice.matchAll(re)].map((m) => ({ start: within.start + m.index, end: within.start + m.index + m[0].length })));
  candidates.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Range[] = [];
  let reach = -1;
  for (const c of candidates) {
    if (c.start < reach) continue;
    reach = c.end;
    if (!quoted(text, c.start, c.end) && !mentioned(text, c.start, c.end)) out.push(c);
  }
  return out;
}

/** The line around a match, at most `LINE_WINDOW` characters either side (a minified file is one long line). */
function lineAround(text: string, start: number, end: number): { line: string; from: number } {
  const floor = Math.max(0, start - LINE_WINDOW);
  const from = floor + text.slice(floor, start).lastIndexOf('\n') + 1;
  const after = text.slice(end, end + LINE_WINDOW);
  const nl = after.indexOf('\n');
  return { line: text.slice(from, nl < 0 ? end + after.length : end + nl), from };
}

const PAIRS: readonly [string, string][] = [['"', '"'], ['\u201c', '\u201d'], ['\u2018', '\u2019'], ['\u00ab', '\u00bb'], ["'", "'"]];

/** Inside a quotation on its line: an opening quote before it with no closing one in between, and a closing one after. */
function quoted(text: string, start: number, end: number): boolean {
  const { line, from } = lineAround(text, start, end);
  const before = line.slice(0, start - from);
  const after = line.slice(end - from);
  return PAIRS.some(([open, close]) => {
    if (open === close) {
      // Straight quotes alternate; an apostrophe inside a word (don't) is not a quote.
      const marks = open === "'" ? before.match(/(?<![\p{L}\p{N}])'/gu) : before.split(open).slice(1);
      return (marks?.length ?? 0) % 2 === 1 && (open === "'" ? /'(?![\p{L}\p{N}])/u.test(after) : after.includes(close));
    }
    return before.lastIndexOf(open) > before.lastIndexOf(close) && after.includes(close);
  });
}

function mentioned(text: string, start: number, end: number): boolean {
  const { line, from } = lineAround(text, start, end);
  const window = line.slice(Math.max(0, start - from - CONTEXT), end - from + CONTEXT);
  return MENTION.test(window);
}
