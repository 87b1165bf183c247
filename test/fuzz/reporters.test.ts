import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REPORTERS, REPORT_FORMATS } from '../../src/report/index.js';
import type { Report } from '../../src/report/types.js';
import { emptyReport, hostileReport, sampleReport, weeklyReport } from '../report/sample-report.js';
import { hostileString, shortHostileString } from './arbitraries.js';
import { fuzz, fuzzTimeout } from './fuzz.js';

/** Markup that must never reach an HTML report as markup. */
const INJECTIONS = ['<script>alert(1)</script>', '</textarea><img src=x onerror=alert(2)>', '"><svg onload=alert(3)>'];

/** Where the report types allow only a fixed set of strings (by object path): those stay valid. */
const ENUMS: Record<string, readonly string[]> = {
  severity: ['error', 'warning', 'info'],
  defaultSeverity: ['error', 'warning', 'info', 'off'],
  strictSeverity: ['error', 'warning', 'info'],
  list: ['allow', 'ask', 'deny'],
  'commits.changes.kind': ['rule-added', 'rule-removed', 'key-changed', 'mcp-server-added', 'mcp-server-removed', 'mcp-server-changed', 'hook-added', 'hook-removed'],
  'untracked.changes.kind': ['file-added', 'file-removed', 'file-changed', 'rule-added', 'rule-removed', 'mode-changed', 'mcp-server-added', 'mcp-server-removed', 'mcp-server-changed'],
};
const enumAt = (path: string) => Object.entries(ENUMS).find(([p]) => path === p || path.endsWith(`.${p}`))?.[1];

/** Where the report types allow null, and where they allow a field to be absent (object paths, array items unnamed). */
const NULLABLE = ['location.line', 'location.column', 'location.endLine', 'location.endColumn', 'location.pointer', 'promptSetHash', 'weekly.window', 'weekly.index', 'weekly.previousAudit', 'weekly.untracked', 'weekly.memory'];
const OPTIONAL = [
  'weekly', 'findings.fix', 'findings.commit', 'fix.replacement', 'rules.howToFix', 'rules.strictSeverity', 'series.sha', 'series.subject',
  'changes.list', 'changes.rule', 'changes.key', 'changes.from', 'changes.to', 'memory.applied', 'memory.applyError',
];
const at = (paths: readonly string[], path: string) => paths.some((p) => path === p || path.endsWith(`.${p}`));

// Mostly short strings: a report holds hundreds of them, and a few long ones are enough to test length.
const text = fc.oneof({ weight: 30, arbitrary: shortHostileString }, { weight: 1, arbitrary: hostileString }, { weight: 3, arbitrary: fc.constantFrom(...INJECTIONS) }, { weight: 2, arbitrary: fc.constant('') });
const number = fc.oneof(fc.integer({ min: -1, max: 1_000_000 }), fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.constantFrom(0, NaN, Infinity));

/**
 * A value of the same shape as `sample` (a valid report part): strings and numbers replaced by hostile ones, arrays
 * of any length (up to thousands of findings), nullable and optional fields null or absent, enums kept valid.
 */
function reshaped(sample: unknown, path = '', depth = 0): fc.Arbitrary<unknown> {
  let arb: fc.Arbitrary<unknown>;
  if (typeof sample === 'string') {
    const values = enumAt(path);
    arb = values ? fc.constantFrom(...values) : fc.oneof(fc.constant(sample), text);
  }
  else if (typeof sample === 'number') arb = fc.oneof(fc.constant(sample), number);
  else if (typeof sample === 'boolean') arb = fc.boolean();
  else if (Array.isArray(sample)) {
    if (sample.length === 0) arb = fc.constant([]);
    else {
      const item = fc.oneof(...sample.map((v) => reshaped(v, path, depth + 1)));
      arb = fc.oneof({ weight: 6, arbitrary: fc.array(item, { maxLength: 8 }) }, { weight: depth === 1 ? 1 : 0, arbitrary: fc.array(item, { minLength: 200, maxLength: 1_000 }) });
    }
  } else if (sample !== null && typeof sample === 'object') {
    const entries = Object.entries(sample);
    const parts = entries.map(([k, v]) => {
      const child = path ? `${path}.${k}` : k;
      return reshaped(v, child, depth + 1).chain((value) => (at(OPTIONAL, child) ? fc.option(fc.constant(value), { freq: 4, nil: undefined }) : fc.constant(value)));
    });
    arb = fc.tuple(...parts).map((values) => Object.fromEntries(entries.map(([k], i) => [k, values[i]] as const).filter(([, v]) => v !== undefined)));
  } else arb = fc.constant(sample);
  return at(NULLABLE, path) ? fc.oneof({ weight: 3, arbitrary: arb }, fc.constant(null)) : arb;
}

const report = fc.oneof(...[sampleReport(), weeklyReport(), hostileReport(), emptyReport()].map((r) => reshaped(r) as fc.Arbitrary<Report>));

describe('reporters never throw, whatever the findings and strings (fast-check)', () => {
  for (const format of REPORT_FORMATS) {
    it(
      `${format}`,
      async () => {
        await fuzz(
          `reporter/${format}`,
          fc.property(report, fc.boolean(), (r, color) => {
            const out = REPORTERS[format](r, { color });
            expect(typeof out).toBe('string');
            if (format === 'json' || format === 'sarif') expect(() => JSON.parse(out)).not.toThrow();
            if (format === 'json') expect((JSON.parse(out) as { findings: unknown[] }).findings).toHaveLength(r.findings.length);
            if (format === 'github') for (const line of out.split('\n').filter(Boolean)) expect(line).toMatch(/^::(error|warning|notice) /);
            if (format === 'html') for (const markup of INJECTIONS) expect(out).not.toContain(markup);
          }),
          format === 'html' ? 20 : 30,
        );
      },
      fuzzTimeout(30_000),
    );
  }
});
