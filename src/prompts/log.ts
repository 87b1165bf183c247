import path from 'node:path';
import { declaredVersion } from '../lock/build-lock.js';
import { integrityOf } from '../lock/hashes.js';
import { parseFrontmatter } from '../workspace/frontmatter.js';
import { LineIndex } from '../workspace/positions.js';
import { readFileVersions } from '../workspace/prompts/file-log.js';
import { decodeText } from '../workspace/read-file.js';

export interface PromptLogEntry {
  commit: string;
  date: string;
  author: string;
  subject: string;
  path: string;
  /** `A` added, `M` modified, `D` deleted, `R` renamed. */
  status: string;
  integrity: string | null;
  version: string | null;
}

/** `agentgov prompts log <file>`: every version of one prompt file in git, newest first, with its hash and declared version. */
export async function promptLog(root: string, file: string): Promise<PromptLogEntry[]> {
  const versions = await readFileVersions(root, path.resolve(root, file));
  return versions.map((v) => {
    const text = v.bytes ? decodeText(v.bytes).text : undefined;
    const fm = text !== undefined ? parseFrontmatter(text, new LineIndex(text)) : undefined;
    const version = fm ? (declaredVersion({ frontmatter: fm }) ?? null) : null;
    return { commit: v.sha, date: v.date, author: v.author, subject: v.subject, path: v.path, status: v.status, integrity: v.bytes ? integrityOf(v.bytes) : null, version };
  });
}
