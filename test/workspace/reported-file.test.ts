import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReported, reportedPath, writeReported } from '../../src/workspace/reported-file.js';
import { tempDir } from '../helpers/tree.js';

describe('the reported-findings file', () => {
  it('is absent on the first audit, then round-trips sorted unique fingerprints, written atomically', async () => {
    const dir = tempDir();
    const file = reportedPath(dir);
    expect(await readReported(file)).toEqual({});
    await writeReported(file, { version: 1, at: '2026-11-02T09:00:00.000Z', promptSetHash: 'h1:x', fingerprints: ['b', 'a', 'b'] });
    expect(await readReported(file)).toEqual({ state: { version: 1, at: '2026-11-02T09:00:00.000Z', promptSetHash: 'h1:x', fingerprints: ['a', 'b'] } });
    expect(readdirSync(dir)).toEqual(['reported.json']);
  });

  it.each([
    ['not JSON', '{"version": 1, "at": '],
    ['an array', '[]'],
    ['a wrong version', '{"version": 2, "at": "x", "fingerprints": []}'],
    ['fingerprints that are not strings', '{"version": 1, "at": "x", "fingerprints": [1]}'],
    ['binary garbage', '\u0000\u00ff\u0001'],
  ])('tolerates a corrupt file (%s): a notice, no state, no throw', async (_name, text) => {
    const file = reportedPath(tempDir());
    writeFileSync(file, text);
    const read = await readReported(file);
    expect(read.state).toBeUndefined();
    expect(read.notice).toContain(file);
  });

  it('says so when the path cannot be read as a file', async () => {
    const dir = tempDir();
    const read = await readReported(path.join(dir));
    expect(read.state).toBeUndefined();
    expect(read.notice).toMatch(/could not be read/);
  });
});
