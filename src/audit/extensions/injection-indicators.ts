import { base64Payloads } from './base64-payloads.js';
import { pipedRiskOf, pipedShapeOf } from './hook-risks.js';
import { overridePhrases } from './injection-phrases.js';
import { markdownRegions, within, type Range } from './markdown-regions.js';
import { compareText } from '../../text-order.js';

export type IndicatorKind = 'override-phrase' | 'hidden-comment' | 'hidden-html' | 'base64-text' | 'base64-blob' | 'shell-download';

export interface Indicator extends Range {
  kind: IndicatorKind;
  /** A short, safe description of what was found (never the payload itself). */
  detail: string;
}

const RISKY = String.raw`(?:run|execute|send|upload|post|fetch|download|delete|remove|exfiltrate|push|install|curl|wget|ignore|disregard|forget|reveal|email|leak)`;
// "You must install…" in a comment is as likely to speak to a human editor: only verbs no editor is asked for.
const YOU_RISKY = String.raw`(?:ignore|disregard|forget|exfiltrate|leak|reveal|secretly|covertly)`;
const ADDRESSEE = String.raw`(?:AI|assistants?|Claude|LLMs?|language\s+models?|agents?|bots?|chatbots?|models?)`;

const MODAL = String.raw`(?:must|should|shall|will|need\s+to|have\s+to|are\s+(?:required|instructed|expected)\s+to)`;
const ADVERBS = String.raw`(?:(?:always|now|also|first|then|immediately|silently|quietly)\s+)*`;

/** Ways a hidden comment speaks to the agent rather than to a human editor. */
const TO_AGENT: readonly RegExp[] = [
  new RegExp(String.raw`\b(?:note|instructions?|message|reminder|directive)s?\s+(?:to|for)\s+(?:the\s+|any\s+|all\s+)?${ADDRESSEE}\b`, 'i'),
  new RegExp(String.raw`\bif\s+you\s+are\s+(?:an?\s+|the\s+)?${ADDRESSEE}\b`, 'i'),
  new RegExp(String.raw`(?:^|[\s>(])${ADDRESSEE}\s*[:,]\s*(?:please\s+|you\s+must\s+|always\s+|now\s+)?${RISKY}\b`, 'i'),
  new RegExp(String.raw`\b${ADDRESSEE}\s+${MODAL}\s+${ADVERBS}${RISKY}\b`, 'i'),
  new RegExp(String.raw`\byou\s+${MODAL}\s+${ADVERBS}${YOU_RISKY}\b`, 'i'),
];
/** Keeping something from the user is what a hidden instruction is for. */
const CONCEAL = /\b(?:(?:do\s+not|don't|never)\s+(?:tell|mention|reveal|show|inform|disclose|alert|notify|let)\b[^.\n]{0,40}\b(?:user|human|developer|reviewer|anyone|them)\b|secretly|covertly|without\s+(?:telling|informing|asking|notifying|alerting|letting)\b)/i;

/** Asking for secrets to be sent or shown somewhere: the point of most hidden instructions in the wild. */
const EXFILTRATE = /(?<!\b(?:not|never|don't)\s+)\b(?:send|upload|post|exfiltrate|email|leak|transmit|forward)\b[^.\n]{0,80}(?:\.env\b|~\/\.ssh|\bid_(?:rsa|ed25519|ecdsa)\b|\.aws\/credentials|\bcredentials\b|\bsecrets?\b|\bapi[_ -]?keys?\b|\baccess[_ -]?tokens?\b|\bpasswords?\b|\bprivate[_ -]keys?\b|\benvironment\s+variables\b)/i;
/** A comment that opens like a message from the system or the harness. */
const PSEUDO_SYSTEM = new RegExp(String.raw`^\s*(?:\[\s*(?:system|inst)\s*\]|<\|?\s*(?:system|im_start\|>\s*system)\s*\|?>|system\s+(?:message|prompt|override|instructions?)\s*:|system\s*:\s*(?:you\b|${RISKY}\b))`, 'i');

// An element with text in it: whether a renderer hides the text is decided by its attributes (`hidesText`).
const ELEMENT = /<(span|div|p|section|font|small|sup|sub)\b([^<>]{0,500})>([^<]{0,4000})<\/\1\s*>/gi;

/** `display:none`, `visibility:hidden`, zero size or opacity, off-screen positions, text coloured like its background, `hidden`. */
function hidesText(attributes: string): boolean {
  if (/(?:^|\s)hidden(?:\s*=\s*["']?[^"'\s>]*["']?)?(?=\s|\/|$)/i.test(attributes)) return true;
  const style = /\bstyle\s*=\s*(["'])(.*?)\1/is.exec(attributes)?.[2]?.toLowerCase().replace(/\s+/g, '');
  if (!style) return false;
  const decl = new Map(style.split(';').map((d) => d.split(':', 2) as [string, string]).filter(([k, v]) => k && v !== undefined));
  const zero = (v: string | undefined) => v !== undefined && /^0(?:\.0+)?(?:px|pt|em|rem|%)?(?:!important)?$/.test(v);
  const far = (v: string | undefined) => v !== undefined && /^-\d{3,}(?:px|pt|em|rem)?(?:!important)?$/.test(v);
  if (decl.get('display')?.startsWith('none') || decl.get('visibility')?.startsWith('hidden')) return true;
  if (zero(decl.get('font-size')) || zero(decl.get('opacity')) || (zero(decl.get('width')) && zero(decl.get('height')))) return true;
  if (far(decl.get('left')) || far(decl.get('top')) || far(decl.get('text-indent')) || far(decl.get('margin-left'))) return true;
  const color = decl.get('color');
  const background = decl.get('background-color') ?? decl.get('background');
  return color !== undefined && (color === 'transparent' || (background !== undefined && sameColor(color, background)));
}

function sameColor(a: string, b: string): boolean {
  const norm = (c: string) => {
    const v = c.replace(/!important$/, '');
    const named: Record<string, string> = { white: '#ffffff', black: '#000000' };
    const hex = named[v] ?? v;
    return /^#[0-9a-f]{3}$/.test(hex) ? `#${[...hex.slice(1)].map((x) => x + x).join('')}` : hex;
  };
  return norm(a) === norm(b);
}

/**
 * Signs that extension text carries instructions meant for the agent behind the reviewer's back: phrases that override
 * earlier instructions, instructions in hidden HTML comments or hidden elements, base64 that decodes to prose or long
 * opaque blobs, and shell injection (`` !`cmd` ``, ```` ```! ````) that downloads and runs code. Hidden Unicode is
 * prompts/hidden-characters' finding, not repeated here. `bodyStart` skips the frontmatter for Markdown structure.
 */
export function injectionIndicators(text: string, bodyStart = 0): Indicator[] {
  const regions = markdownRegions(text, bodyStart);
  const code = [...regions.fences, ...regions.codeSpans].sort((a, b) => a.start - b.start);
  const found: Indicator[] = [];
  for (const phrase of overridePhrases(text)) {
    // A phrase in a code block is shown to the reader as an example; in a comment it is the comment's finding.
    if (within(code, phrase.start) || within(regions.comments, phrase.start)) continue;
    found.push({ ...phrase, kind: 'override-phrase', detail: summarize(text.slice(phrase.start, phrase.end)) });
  }
  for (const comment of regions.comments) {
    const why = hiddenInstruction(text, comment);
    if (why) found.push({ ...comment, kind: 'hidden-comment', detail: why });
  }
  for (const m of text.slice(bodyStart).matchAll(ELEMENT)) {
    const start = bodyStart + m.index;
    if (!/\p{L}{2,}/u.test(m[3] ?? '') || !hidesText(m[2] ?? '') || within(code, start) || within(regions.comments, start)) continue;
    found.push({ start, end: start + m[0].length, kind: 'hidden-html', detail: `<${m[1]?.toLowerCase()}> hidden by its attributes` });
  }
  for (const b of base64Payloads(text)) {
    found.push({ ...b, kind: b.kind === 'text' ? 'base64-text' : 'base64-blob', detail: `${b.end - b.start} characters` });
  }
  for (const hit of shellDownloads(text, regions.fences)) found.push(hit);
  found.sort((a, b) => a.start - b.start || compareText(a.kind, b.kind));
  // A file with thousands of hits is flagged by its first ones; a report with thousands of lines helps nobody.
  const perKind = new Map<IndicatorKind, number>();
  return found.filter((hit) => {
    const n = (perKind.get(hit.kind) ?? 0) + 1;
    perKind.set(hit.kind, n);
    return n <= MAX_PER_KIND;
  });
}

function hiddenInstruction(text: string, comment: Range): string | undefined {
  const body = text.slice(comment.start + 4, Math.max(comment.start + 4, text.startsWith('-->', comment.end - 3) ? comment.end - 3 : comment.end));
  if (overridePhrases(body).length > 0) return 'an instruction-override phrase';
  if (CONCEAL.test(body)) return 'an instruction to keep something from the user';
  if (EXFILTRATE.test(body)) return 'an instruction to send or show secrets';
  if (PSEUDO_SYSTEM.test(body)) return 'text posing as a system message';
  if (TO_AGENT.some((re) => re.test(body))) return 'an instruction addressed to the agent';
  if (pipedShapeOf(body)) return 'a command that downloads or decodes code and runs it';
  return undefined;
}

/** Shell injection that runs downloaded or decoded code when the skill or command is invoked. */
function shellDownloads(text: string, fences: readonly { info: string; body: Range }[]): Indicator[] {
  const out: Indicator[] = [];
  const check = (command: string, start: number, end: number) => {
    if (out.length >= MAX_PER_KIND) return;
    const risk = pipedRiskOf(command);
    if (risk === 'pipe-to-shell') out.push({ start, end, kind: 'shell-download', detail: 'pipes a download into an interpreter' });
    else if (risk === 'base64-exec') out.push({ start, end, kind: 'shell-download', detail: 'decodes base64 and runs it' });
  };
  for (const m of text.matchAll(/!`([^`\n]+)`/g)) check(m[1] ?? '', m.index, m.index + m[0].length);
  for (const f of fences) if (f.info === '!') check(text.slice(f.body.start, f.body.end), f.body.start, f.body.end);
  return out;
}

const MAX_PER_KIND = 20;

/** The matched phrase, squeezed to one line and cut short: enough to find it, never a payload. */
function summarize(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > 60 ? `${one.slice(0, 57)}…` : one;
}
