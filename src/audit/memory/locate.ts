import type { MemoryStore } from '../../memory/model.js';
import type { ItemDecision } from '../../memory/plan.js';
import { LineIndex } from '../../workspace/positions.js';
import type { Span, Workspace } from '../../workspace/types.js';

/** The display path of a file in a memory store (`~/.claude/projects/<slug>/memory/x.md`). */
export function memoryPath(store: MemoryStore, relPath: string): string {
  return store.displayRoot === '.' ? relPath : `${store.displayRoot}/${relPath}`;
}

/** Every item decision of every store, with its store. */
export function* decisions(ws: Workspace): Generator<{ store: MemoryStore; d: ItemDecision }> {
  for (const s of ws.memory?.plan.stores ?? []) for (const d of s.decisions) yield { store: s.store, d };
}

export function lineSpan(text: string, line: number): Span {
  const lines = new LineIndex(text);
  const start = lines.lineStart(line);
  const end = text.indexOf('\n', start);
  return lines.span(start, (end === -1 ? text.length : end) - start);
}
