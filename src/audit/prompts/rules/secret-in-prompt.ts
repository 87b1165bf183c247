import { isMap, isScalar } from 'yaml';
import { findSecrets, isLocalUrlCredential, type SecretHit } from '../../../policies/catalogs/secrets.js';
import type { PromptFile } from '../../../workspace/prompts/types.js';
import { LineIndex } from '../../../workspace/positions.js';
import { createRule } from '../../create-rule.js';
import { promptTexts } from '../prompt-texts.js';

/** Frontmatter keys whose commands and servers the extensions auditor scans (extensions/secret-in-config reports those). */
const EXTENSION_KEYS: ReadonlySet<string> = new Set(['hooks', 'mcpServers']);

/**
 * A credential pasted into text that is handed to the model: CLAUDE.md files, rules, AGENTS.md, imports, skills (every
 * text file of their folder), subagents, commands and output styles. MEMORY.md is memory/secret-in-memory's.
 */
export const secretInPrompt = createRule({
  id: 'prompts/secret-in-prompt',
  description: 'A credential written into a prompt file: CLAUDE.md, rules, skills, subagents, commands (the finding names its kind, never the value)',
  defaultSeverity: 'error',
  howToFix: 'Rotate the credential, remove it from the file, and tell the agent where to read it from instead (an environment variable).',
  messages: {
    secret: 'A {{kind}} is written into this prompt file. Its text is sent to the model and usually committed: rotate the credential and remove it from the file.',
  },
  check({ workspace, report, reportsOn }) {
    for (const file of workspace.prompts?.files ?? []) {
      if (file.kind === 'memory-index') continue;
      for (const { path, text, own } of promptTexts(file, (b) => reportsOn(b.path))) {
        const found = findSecrets(text).filter((h) => reported(text, h));
        if (found.length === 0) continue;
        // Only now: the ranges need the frontmatter's YAML document, which most files never build.
        const skip = own ? extensionRanges(file) : [];
        const hits = skip.length === 0 ? found : found.filter((h) => !skip.some(([from, to]) => h.start >= from && h.start < to));
        if (hits.length === 0) continue;
        const lines = new LineIndex(text);
        for (const hit of hits) {
          // Only the kind and the position: no byte of the secret reaches a report.
          report({ file: path, span: lines.span(hit.start, hit.end - hit.start), messageId: 'secret', data: { kind: hit.label }, evidence: `${hit.kind}@${hit.start}` });
        }
      }
    }
  },
});

/**
 * Prose is not configuration: `password: Summer2024!` in a report template and `postgres://dev:dev@localhost` in setup
 * notes are examples and development defaults (the corpus has both), so only the self-identifying formats count here.
 */
function reported(text: string, hit: SecretHit): boolean {
  return hit.kind !== 'generic-secret' && !isLocalUrlCredential(text, hit);
}

/** Where the frontmatter's `hooks` and `mcpServers` are, in file offsets (all of the frontmatter when it was repaired). */
function extensionRanges(file: PromptFile): [number, number][] {
  const fm = file.frontmatter;
  const contents = fm?.doc?.contents;
  if (!fm || !isMap(contents)) return [];
  const pairs = contents.items.filter((p) => isScalar(p.key) && EXTENSION_KEYS.has(String(p.key.value)));
  if (pairs.length === 0) return [];
  // Quoting moved offsets in a repaired frontmatter: leave all of it to the extensions auditor.
  if (fm.repaired) return [[fm.yamlOffset, fm.bodyOffset]];
  return pairs.flatMap((p) => {
    const range = (p.value as { range?: [number, number, number] } | null)?.range;
    return range ? [[fm.yamlOffset + range[0], fm.yamlOffset + range[2]] as [number, number]] : [];
  });
}
