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

/**
 * The sample run as `audit` reports it: a window with two commits (rules added and removed, a key changed), a change
 * in a scope git cannot see, two of the five findings new since the previous audit, and a memory plan.
 */
export function weeklyReport(): Report {
  const report = sampleReport();
  report.rules[0] = { ...report.rules[0]!, howToFix: 'Remove the trailing comma or comment so the file is strict JSON (`node -e "JSON.parse(…)"` checks it).' };
  report.auditors.history = { metrics: { window: '7d', indexStart: 12, indexEnd: 47 } };
  report.weekly = {
    window: { since: '2026-10-26T09:00:00.000Z', until: '2026-11-02T09:00:00.000Z', label: '7d' },
    index: {
      start: 12,
      end: 47,
      series: [
        { at: '2026-10-26T09:00:00.000Z', index: 12 },
        { at: '2026-10-28T14:30:00+01:00', index: 40, sha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', subject: 'Allow curl for the API tests' },
        { at: '2026-10-31T10:00:00Z', index: 47, sha: 'b2c3d4e5f60718293a4b5c6d7e8f901234567890', subject: 'Drop the git push deny' },
      ],
    },
    commits: [
      {
        sha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
        date: '2026-10-28T14:30:00+01:00',
        author: 'Ada Lovelace',
        subject: 'Allow curl for the API tests',
        index: 40,
        changes: [
          { file: '.claude/settings.json', scope: 'project', kind: 'rule-added', list: 'allow', rule: 'Bash(curl:*)' },
          { file: '.claude/settings.json', scope: 'project', kind: 'key-changed', key: 'permissions.defaultMode', from: 'default', to: 'acceptEdits' },
        ],
      },
      {
        sha: 'b2c3d4e5f60718293a4b5c6d7e8f901234567890',
        date: '2026-10-31T10:00:00Z',
        author: 'Grace Hopper',
        subject: 'Drop the git push deny | cleanup',
        index: 47,
        changes: [{ file: '.claude/settings.json', scope: 'project', kind: 'rule-removed', list: 'deny', rule: 'Bash(git push *)' }],
      },
    ],
    previousAudit: { at: '2026-10-26T09:00:00.000Z', promptSetHash: 'h1:OLDOLDOLDOLDOLDOLDOLDOLDOLDOLDOLDOLDOLDOLDO=' },
    untracked: {
      since: '2026-10-26T09:00:00.000Z',
      changes: [
        { file: '~/.claude/settings.json', scope: 'user', kind: 'rule-added', list: 'allow', rule: 'Bash(npm publish:*)' },
        { file: '~/.claude.json', scope: 'user', kind: 'mcp-server-added', rule: 'scratch' },
      ],
    },
    newFingerprints: ['1b2c3d4e5f60718293a4b5c6d7e8f90a', '3d4e5f60718293a4b5c6d7e8f90a1b2c'],
    memory: {
      planId: '20261102T090000Z-abc123',
      items: 9,
      archive: 2,
      flag: 1,
      stores: [{ name: 'auto', root: '~/.claude/projects/-work-demo/memory', items: 9, archive: 2, flag: 1, overFraction: false }],
      archiveItems: [
        { id: 'mem:0123456789abcdef', store: 'auto', path: 'project_freeze.md', type: 'project', r: 0.04, ageDays: 140, reasons: ['decayed'] },
        { id: 'mem:fedcba9876543210', store: 'auto', path: 'old notes/expired.md', type: 'unknown', r: 0.31, ageDays: 30, reasons: ['expired', 'max-age'] },
      ],
    },
    commandArgs: ['/work/demo', '--home', '/home/ci user'],
    stateDirArgs: ['--state-dir', '/var/lib/agentgov'],
  };
  return report;
}

/** The weekly report with attacker-controlled text everywhere a scanned repository can put some. */
export function hostileReport(): Report {
  const report = weeklyReport();
  const evilRule = 'evil/<script>window.__pwned=1</script>';
  report.rules.push({ ...report.rules[0]!, id: evilRule, docsUrl: 'javascript:alert(1)', howToFix: 'Run `<img src=x onerror=alert(1)>` and </span><script>alert(2)</script>' });
  report.findings.push({
    ...report.findings[0]!,
    ruleId: evilRule,
    message: 'bad </td></tr><script>window.__pwned=2</script> `<b onmouseover=alert(3)>`',
    location: { ...report.findings[0]!.location, file: '.claude/<img src=x onerror="window.__pwned=3">\u202eexe.json' },
    fingerprint: 'evil-fingerprint',
    commit: { sha: 'c'.repeat(40), author: '"><svg onload=alert(4)>', date: '2026-10-30T00:00:00Z' },
  });
  report.notices.push('<iframe src="https://evil.example/"></iframe>');
  const weekly = report.weekly!;
  weekly.newFingerprints.push('evil-fingerprint');
  weekly.commits[0]!.subject = '<script>window.__pwned=5</script>';
  weekly.commits[0]!.author = "'><style>body{display:none}</style>";
  weekly.index!.series[1]!.subject = '</title><script>window.__pwned=6</script>';
  weekly.untracked!.changes.push({ file: '~/.claude/<script>.json', scope: 'user', kind: 'rule-added', list: 'allow', rule: 'Bash(<script>window.__pwned=7</script>)' });
  weekly.memory!.archiveItems[0]!.path = '</code><script>window.__pwned=8</script>.md';
  weekly.memory!.stores[0]!.name = '<link rel=stylesheet href=https://evil.example/x.css>';
  weekly.commandArgs = ['/work/<script>window.__pwned=9</script>'];
  return report;
}
