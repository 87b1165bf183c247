import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/shared.js';

describe('package entry', () => {
  it('`main` and `types` point at the built library, which exports what the CLI calls', async () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { main: string; types: string };
    expect(readFileSync(path.join(REPO_ROOT, pkg.types), 'utf8')).toContain('runAudit');
    const lib = (await import(pathToFileURL(path.join(REPO_ROOT, pkg.main)).href)) as Record<string, unknown>;
    for (const name of ['runAudit', 'runCiGate', 'parse', 'decide', 'contains', 'matches']) expect(typeof lib[name]).toBe('function');
    expect(Object.keys(lib.REPORTERS as object).sort()).toEqual([...(lib.REPORT_FORMATS as string[])].sort());
  });
});
