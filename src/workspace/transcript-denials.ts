/** Which `is_error` tool results in a session transcript are permission denials, and of what kind. */

export type DenialKind = 'user-rejected' | 'dont-ask-mode' | 'rule' | 'hook' | 'auto-denied' | 'other';

/** Denial texts are searched for only in the first characters of a tool result (long command output may quote them). */
const DENIAL_SEARCH_CHARS = 1000;

interface DenialPattern {
  kind: DenialKind;
  /** Every fragment must occur (case-sensitive) in the tool result text. */
  all: readonly string[];
  seenIn: string;
}

/**
 * Tool-result texts that mean "the permission system said no", checked in order, first match wins.
 * THIRD-PARTY OBSERVATIONS, NOT A DOCUMENTED CONTRACT (reference claude-code-config §7.4, marked uncertain and
 * version-dependent): the wording comes from anthropics/claude-code issues, public transcripts and the tests of
 * cordwainersmith/Claudoscope. Only stable fragments are matched. Any other `is_error` tool result is a tool failure,
 * not a denial. Curly apostrophes are folded to `'` before matching.
 */
const DENIAL_PATTERNS: readonly DenialPattern[] = [
  { kind: 'user-rejected', all: ["The user doesn't want to proceed with this tool use"], seenIn: 'anthropics/claude-code #80347, #29499' },
  { kind: 'user-rejected', all: ["The user doesn't want to take this action right now"], seenIn: 'Claudoscope tests' },
  { kind: 'user-rejected', all: ['User rejected tool use'], seenIn: 'Claudoscope tests' },
  { kind: 'dont-ask-mode', all: ["has been denied because Claude Code is running in don't ask mode"], seenIn: 'public transcripts, test fixtures' },
  { kind: 'auto-denied', all: ['Permission to use', 'has been auto-denied'], seenIn: 'Claudoscope tests ("(prompts unavailable)")' },
  { kind: 'rule', all: ['denied by your permission settings'], seenIn: 'Claudoscope tests (CC 2.1.27x–2.1.28x)' },
  { kind: 'rule', all: ['covered by a Read deny rule'], seenIn: 'Claude Code error reference' },
  { kind: 'rule', all: ['was blocked by a deny rule'], seenIn: 'Claudoscope tests (output redirection)' },
  { kind: 'rule', all: ['Permission for this tool use was denied'], seenIn: 'Claudoscope tests' },
  { kind: 'rule', all: ['denied by a built-in Claude Code safety check'], seenIn: 'Claudoscope tests' },
  // Our generalisation: the observed permission texts share this prefix; a form we do not know yet lands here.
  { kind: 'other', all: ['Permission to use', 'has been denied'], seenIn: 'generalisation of the forms above' },
];

/**
 * A PreToolUse hook block returns the hook's reason or stderr, which has no fixed wording; Claude Code has been seen
 * to frame it as "Tool use was blocked by a hook: …" (anthropics/claude-code #56939). We call it a hook denial only
 * when the text mentions both "hook" and "blocked" (case-insensitive).
 */
function looksLikeHookBlock(head: string): boolean {
  const lower = head.toLowerCase();
  return lower.includes('hook') && lower.includes('blocked');
}

/** The denial kind of an `is_error` tool result text, or undefined when it is an ordinary tool failure. */
export function classifyDenial(text: string): DenialKind | undefined {
  const head = text.trimStart().slice(0, DENIAL_SEARCH_CHARS).replace(/\u2019/g, "'");
  for (const pattern of DENIAL_PATTERNS) {
    if (pattern.all.every((fragment) => head.includes(fragment))) return pattern.kind;
  }
  return looksLikeHookBlock(head) ? 'hook' : undefined;
}
