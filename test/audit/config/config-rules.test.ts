import { describe, expect, it } from 'vitest';
import { auditTree, summarize } from '../../helpers/audit.js';
import { json } from '../../helpers/tree.js';

const validSettings = json({ permissions: { allow: ['Bash(npm test)'], deny: ['Read(./.env)'] }, env: { A: '1' }, hooks: {} });

describe('config/invalid-json', () => {
  it('accepts strict JSON everywhere', async () => {
    const { report } = await auditTree({ project: { '.claude/settings.json': validSettings, '.mcp.json': json({ mcpServers: {} }) }, home: { '.claude.json': json({}) } });
    expect(summarize(report.findings, 'config/invalid-json')).toEqual([]);
  });

  it('reports trailing commas, comments, empty files and BOMs at their position, and audits the other files', async () => {
    const { report } = await auditTree({
      project: {
        '.claude/settings.json': '{\n  "permissions": {\n    "allow": ["Bash(ls)"],\n  }\n}\n',
        '.mcp.json': '{\n  // servers\n  "mcpServers": {}\n}\n',
        '.claude/settings.local.json': '',
      },
      home: { '.claude/settings.json': Buffer.from('\ufeff{"env": {"X": 2}}') },
      managed: { 'managed-settings.json': '{"permissions": {"deny": "Bash"}}' },
    });
    expect(summarize(report.findings, 'config/invalid-json')).toEqual([
      'config/invalid-json .claude/settings.json:3:26 trailing-comma',
      'config/invalid-json .claude/settings.local.json:1:1 empty',
      'config/invalid-json .mcp.json:2:3 comment',
      'config/invalid-json ~/.claude/settings.json:1:1 bom',
    ]);
    // The other files are still audited: wrong types in the BOM file and the managed file are found.
    expect(summarize(report.findings, 'config/wrong-type')).toEqual([
      'config/wrong-type <managed>/managed-settings.json:1:26 key',
      'config/wrong-type ~/.claude/settings.json:1:15 key',
    ]);
  });
});

describe('config/wrong-type', () => {
  it('accepts the right types', async () => {
    const { report } = await auditTree({
      project: {
        '.claude/settings.json': validSettings,
        '.mcp.json': json({ mcpServers: { fs: { command: 'npx', args: ['-y', 'x@1.0.0'], env: { A: 'b' } } } }),
      },
      home: { '.claude.json': json({ mcpServers: {}, projects: { '/home/x': { mcpServers: {}, hasTrustDialogAccepted: true } }, numStartups: 3 }) },
    });
    expect(summarize(report.findings, 'config/wrong-type')).toEqual([]);
  });

  it('reports known keys with the wrong type at the value, with a pointer', async () => {
    const { report } = await auditTree({
      project: {
        '.claude/settings.json': json({ permissions: { allow: 'Bash', deny: ['Read(.env)', 42] }, enableAllProjectMcpServers: 'yes' }),
        '.mcp.json': json({ mcpServers: { fs: { command: ['npx'], args: 'x' } } }),
        '.claude/settings.local.json': '[]',
      },
    });
    expect(report.findings.filter((f) => f.ruleId === 'config/wrong-type').map((f) => [f.location.file, f.location.pointer, f.data.expected, f.data.actual])).toEqual([
      ['.claude/settings.json', '/permissions/allow', 'array of strings', 'string'],
      ['.claude/settings.json', '/permissions/deny/1', 'string', 'number'],
      ['.claude/settings.json', '/enableAllProjectMcpServers', 'boolean', 'string'],
      ['.claude/settings.local.json', '', 'object', 'array'],
      ['.mcp.json', '/mcpServers/fs/command', 'string', 'array'],
      ['.mcp.json', '/mcpServers/fs/args', 'array of strings', 'string'],
    ]);
  });
});

describe('config/unreadable-file and config/file-too-large', () => {
  it('reports binary files, directories, symlink loops and oversize settings', async () => {
    const { report } = await auditTree({
      project: {
        'CLAUDE.md': Buffer.from([0x41, 0x00]),
        '.claude/settings.json': { dir: true },
        '.mcp.json': { symlink: '.mcp.json' },
        '.claude/settings.local.json': `{"x": "${'a'.repeat(2 * 1024 * 1024)}"}`,
        '.claude/rules/fine.md': '# fine\n',
      },
    });
    expect(summarize(report.findings).filter((s) => s.startsWith('config/'))).toEqual([
      'config/unreadable-file .claude/settings.json:-:- is-directory',
      'config/file-too-large .claude/settings.local.json:-:- settings',
      'config/unreadable-file .mcp.json:-:- symlink-loop',
      'config/unreadable-file CLAUDE.md:-:- binary',
    ]);
  });

  it('reports invalid UTF-8 at its position and still audits the file', async () => {
    const bytes = Buffer.concat([Buffer.from('{"permissions": {"allow": ['), Buffer.from([0xff]), Buffer.from(']}}')]);
    const { report } = await auditTree({ project: { '.claude/settings.json': bytes } });
    expect(summarize(report.findings).filter((s) => s.startsWith('config/'))).toEqual(['config/unreadable-file .claude/settings.json:1:28 invalid-utf8', 'config/invalid-json .claude/settings.json:1:28 syntax'].sort());
  });

  it('stays silent for ordinary files', async () => {
    const { report } = await auditTree({ project: { 'CLAUDE.md': '# Project\n', '.claude/settings.json': validSettings } });
    expect(report.findings.filter((f) => f.ruleId.startsWith('config/'))).toEqual([]);
  });
});

describe('config/invalid-frontmatter', () => {
  it('accepts valid frontmatter and files without any', async () => {
    const { report } = await auditTree({
      project: { '.claude/agents/a.md': '---\nname: a\ndescription: b\ntools: Read, Grep\n---\nDo.\n', '.claude/commands/c.md': 'No frontmatter\n' },
    });
    expect(report.findings.filter((f) => f.ruleId.startsWith('config/'))).toEqual([]);
  });

  it('reports invalid YAML and unterminated frontmatter', async () => {
    const { report } = await auditTree({
      project: {
        '.claude/agents/bad.md': '---\nname: bad\ndescription: "unclosed\n---\nbody\n',
        '.claude/skills/s/SKILL.md': '---\nname: s\nallowed-tools: Bash\n',
      },
    });
    expect(report.findings.filter((f) => f.ruleId.startsWith('config/')).map((f) => [f.ruleId, f.location.file, f.messageId])).toEqual([
      ['config/invalid-frontmatter', '.claude/agents/bad.md', 'yaml'],
      ['config/invalid-frontmatter', '.claude/skills/s/SKILL.md', 'unterminated'],
    ]);
  });
});

describe('config/file-too-large messages by kind', () => {
  it('says what Claude Code does with each kind of oversize file', async () => {
    const big = (n: number) => `{"x": "${'a'.repeat(n)}"}`;
    const { report } = await auditTree({
      project: { '.claude-plugin/plugin.json': big(2 * 1024 * 1024), 'CLAUDE.md': 'x'.repeat(4 * 1024 * 1024 + 1), '.mcp.json': big(2 * 1024 * 1024) },
    });
    expect(summarize(report.findings, 'config/file-too-large')).toEqual([
      'config/file-too-large .claude-plugin/plugin.json:-:- other',
      'config/file-too-large .mcp.json:-:- settings',
      'config/file-too-large CLAUDE.md:-:- markdown',
    ]);
  });
});
