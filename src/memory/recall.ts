import path from 'node:path';
import { scanTranscripts } from '../workspace/transcripts.js';
import { underRoot } from '../workspace/rel-inside.js';

export interface Recalls {
  /** Absolute file path → distinct UTC days it was read, and the latest read. */
  byPath: Map<string, { days: Set<string>; lastAt: string }>;
  problems: number;
  files: number;
}

/** Tools whose use means the agent read a file (so a memory file read by one was recalled). */
const READ_TOOLS = new Set(['Read', 'View', 'NotebookRead']);

/**
 * Reads recalls of memory files from Claude Code transcripts: tool uses of a read tool whose `file_path` is under one
 * of `roots`. Distinct days only (reference §E.1: a session re-reading a file 20 times counts once). Never throws.
 */
export async function harvestRecalls(transcriptDirs: readonly string[], roots: readonly string[]): Promise<Recalls> {
  const byPath: Recalls['byPath'] = new Map();
  const prefixes = [...new Set(roots)].map(underRoot);
  let problems = 0;
  let files = 0;
  const all = { since: new Date(0), until: new Date(8.64e15) };
  for (const dir of [...new Set(transcriptDirs)]) {
    const scan = await scanTranscripts(dir, all, {
      onToolUse(use) {
        if (!READ_TOOLS.has(use.name) || !use.timestamp || typeof use.input !== 'object' || use.input === null) return;
        const input = use.input as Record<string, unknown>;
        const file = typeof input.file_path === 'string' ? input.file_path : typeof input.path === 'string' ? input.path : undefined;
        if (!file || !path.isAbsolute(file)) return;
        const abs = path.normalize(file);
        if (!prefixes.some((p) => abs.startsWith(p))) return;
        let entry = byPath.get(abs);
        if (!entry) byPath.set(abs, (entry = { days: new Set(), lastAt: use.timestamp }));
        entry.days.add(use.timestamp.slice(0, 10));
        if (use.timestamp > entry.lastAt) entry.lastAt = use.timestamp;
      },
    });
    problems += scan.skipped;
    files += scan.files;
  }
  return { byPath, problems, files };
}
