import { describe, expect, it } from 'vitest';
import { CLAUDE_SOURCES, JSON_KINDS } from '../../src/workspace/claude/sources.js';
import { readsContents } from '../../src/workspace/history-read.js';

describe('the source catalog and history', () => {
  it('names every JSON kind a project keeps in git `*.json`, the only contents history reads', () => {
    const projectJson = CLAUDE_SOURCES.filter((s) => s.base === 'root' && JSON_KINDS.has(s.kind));
    expect(projectJson.length).toBeGreaterThan(0);
    for (const spec of projectJson) expect(readsContents(spec.pattern), spec.pattern).toBe(true);
    for (const spec of CLAUDE_SOURCES.filter((s) => s.base === 'root' && !JSON_KINDS.has(s.kind))) expect(readsContents(spec.pattern), spec.pattern).toBe(false);
  });
});
