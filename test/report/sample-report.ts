import { docsUrlFor } from '../../src/audit/create-rule.js';
import type { Finding, RuleMeta } from '../../src/audit/types.js';
import type { Report } from '../../src/report/types.js';

// Fake metas: reporter goldens must not change when the real rules' wording does.
function rule(id: string, description: string, defaultSeverity: RuleMeta['defaultSeverity']): RuleMeta {
  return { id, description, defaultSeverity, messages: { default: description }, docsUrl: docsUrlFor(id) };
}

export const SAMPLE_RULES: readonly RuleMeta[] = [
  rule('config/invalid-json', 'Settings files must be valid JSON', 'error'),
  rule('config/wrong-type', 'Settings values must have the type Claude Code expects', 'error'),
  rule('config/unreadable-file', 'Configuration files must be readable', 'info'),
];

type Location = Finding['location'];

function finding(
  ruleId: string,
  severity: Finding['severity'],
  message: string,
  location: Partial<Location> & { file: string },
  fingerprint: string,
  data: Finding['data'] = {},
): Finding {
  return {
    ruleId,
    severity,
    messageId: 'default',
    message,
    data,
    location: { line: null, column: null, endLine: null, endColumn: null, pointer: null, ...location },
    fingerprint,
  };
}

const FINDINGS: readonly Finding[] = [
  finding(
    'config/invalid-json',
    'error',
    'Invalid JSON: unexpected token "}" (trailing comma?)',
    { file: '.claude/settings.json', line: 12, column: 3, endLine: 12, endColumn: 4 },
    '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
    { error: 'unexpected token' },
  ),
  finding(
    'config/wrong-type',
    'error',
    'Expected `string[]` at permissions.allow | got string',
    { file: '~/.claude/settings.json', line: 4, column: 14, endLine: 6, endColumn: 5, pointer: '/permissions/allow' },
    '1b2c3d4e5f60718293a4b5c6d7e8f90a',
    { expected: 'string[]', actual: 'string' },
  ),
  finding(
    'config/wrong-type',
    'warning',
    'Expected boolean at enableAllProjectMcpServers, got number',
    { file: '<managed>/managed-settings.json', line: 2, column: 33, endLine: 2, endColumn: 34, pointer: '/enableAllProjectMcpServers' },
    '2c3d4e5f60718293a4b5c6d7e8f90a1b',
    { expected: 'boolean', actual: 'number' },
  ),
  finding(
    'config/unreadable-file',
    'info',
    'Cannot read file: EACCES',
    { file: '.claude/agents/code reviewer.md' },
    '3d4e5f60718293a4b5c6d7e8f90a1b2c',
    { code: 'EACCES' },
  ),
  finding(
    'config/unreadable-file',
    'info',
    'Cannot read file: EISDIR',
    { file: '<managed>/managed-mcp.json', line: 1 },
    '4e5f60718293a4b5c6d7e8f90a1b2c3d',
    { code: 'EISDIR' },
  ),
];

/** A fixed report covering every location shape and severity; a fresh copy each call so tests cannot leak mutations. */
export function sampleReport(): Report {
  return {
    reportVersion: 1,
    tool: { name: 'agentgov', version: '0.1.0' },
    root: '/work/demo',
    startedAt: '2026-11-02T09:00:00.000Z',
    durationMs: 42,
    policyHash: `sha256:${'0123456789abcdef'.repeat(4)}`,
    promptSetHash: 'h1:n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=',
    findings: structuredClone([...FINDINGS]),
    auditors: {
      config: {
        metrics: { files: 6, byScope: { project: 3, user: 2, managed: 1 }, git: 'available' },
      },
    },
    summary: { error: 2, warning: 1, info: 2, baselined: 1 },
    exitCode: 1,
    rules: structuredClone([...SAMPLE_RULES]),
    notices: ['history: this is a shallow clone; fetch the full history (fetch-depth: 0).'],
  };
}

/** The same run with nothing found. */
export function emptyReport(): Report {
  return {
    ...sampleReport(),
    findings: [],
    auditors: {},
    summary: { error: 0, warning: 0, info: 0, baselined: 0 },
    exitCode: 0,
    notices: [],
  };
}
