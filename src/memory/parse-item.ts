import { parseFrontmatter } from '../workspace/frontmatter.js';
import { LineIndex } from '../workspace/positions.js';
import type { ItemContent } from './model.js';
import { parsedOf, parseMemoryBytes, type MemoryFileBytes, type ParsedItem } from './parse-fields.js';

const MAX_LINKS = 200;

/** {@link parseMemoryFile} of a text. */
export function parseMemoryText(text: string): ParsedItem {
  return parseMemoryFile({ bytes: Buffer.from(text, 'utf8'), utf8: true, text: () => text });
}

/**
 * Reads a memory topic file's frontmatter in both of Claude Code's shapes (reference §A.3): `type:` at the top level
 * (v2.1.120) or under `metadata:` with a kebab-case `name` (v2.1.139+). Unknown keys are ignored. Never throws. The
 * common shape is read from the bytes; only other frontmatter needs the text and the YAML parser.
 */
export function parseMemoryFile(file: MemoryFileBytes): ParsedItem {
  const fromBytes = parseMemoryBytes(file);
  if (fromBytes) return fromBytes;
  const text = file.text();
  return parsedOf(parseFrontmatter(text, new LineIndex(text)));
}

/** The text with what its body links to and cites: only the auditor needs it (planning never keeps file contents). */
export function contentOf(text: string, bodyOffset: number): ItemContent {
  const body = bodyOffset > 0 ? text.slice(bodyOffset) : text;
  return { text, links: linksIn(body), citedPaths: citedPathsIn(body) };
}

function linksIn(body: string): string[] {
  const links = new Set<string>();
  for (const m of body.matchAll(/\[\[([^\]\n[]{1,200})\]\]/g)) {
    links.add((m[1] ?? '').trim());
    if (links.size >= MAX_LINKS) break;
  }
  return [...links];
}

/** Relative paths in backticks (`src/app.ts`), the citations Claude Code's prompt says to verify before trusting. */
function citedPathsIn(body: string): string[] {
  const paths = new Set<string>();
  for (const m of body.matchAll(/`((?:\.{0,2}\/)?[\w@.-]+(?:\/[\w@.-]+)+)`/g)) {
    const p = m[1] ?? '';
    if (!p.includes('://') && !p.startsWith('/')) paths.add(p);
    if (paths.size >= MAX_LINKS) break;
  }
  return [...paths];
}
