import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FILE_FORMATS } from '../../src/cli/report-targets.js';
import { REPORT_FORMATS } from '../../src/report/types.js';
import { REPO_ROOT } from '../helpers/shared.js';

const DOC = readFileSync(path.join(REPO_ROOT, 'docs/report-format.md'), 'utf8');
const NUMBERS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

describe('docs/report-format.md', () => {
  it('lists every format --format takes, in its table and in its count, and says which --report refuses', () => {
    const table = DOC.slice(DOC.indexOf('| format | for |'), DOC.indexOf('\n\n', DOC.indexOf('| format | for |')));
    const rows = [...table.matchAll(/^\| `([a-z]+)`/gm)].map((m) => m[1]);
    expect(rows).toEqual([...REPORT_FORMATS]);
    expect(DOC).toContain(`one of ${NUMBERS[REPORT_FORMATS.length]} formats`);
    expect(DOC).toContain(`All ${NUMBERS[REPORT_FORMATS.length]} show the same findings`);
    for (const format of REPORT_FORMATS.filter((f) => !(FILE_FORMATS as readonly string[]).includes(f))) expect(DOC).toContain(`\`--report ${format}:<file>\` is refused`);
  });
});
