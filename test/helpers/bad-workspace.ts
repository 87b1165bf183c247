import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, lchownSync, mkdirSync, openSync, closeSync, ftruncateSync, writeSync, readdirSync, lstatSync } from 'node:fs';
import path from 'node:path';
import { projectSlug } from '../../src/workspace/transcripts.js';
import { json, writeTree } from './tree.js';

/** 50 MB: over every cap agentgov has (settings 2 MiB, Markdown 4 MiB, `~/.claude.json` 16 MiB). */
export const HUGE_BYTES = 50 * 1024 * 1024;

/** One problem planted in the workspace and where agentgov must report it. */
export interface Expected {
  ruleId: string;
  file: string;
  /** The finding's `data.detail` (which read problem, which parse error), when the case needs a particular one. */
  detail?: string;
  line?: number;
}

const ZWSP = '\u200b';

/**
 * Project files: every bad case of DESIGN §10 that lives in the project, beside good files that each carry a finding
 * (so that "the rest was audited" is visible). Committable ones only: symlinks, FIFOs, modes and huge files are added
 * by {@link plantUncommittable}, after a clone.
 */
export function plantProject(root: string): Expected[] {
  writeTree(root, {
    // Broken JSON: Claude Code ignores the file silently; agentgov must say where.
    '.claude/settings.json': '{\n  "permissions": {\n    "allow": ["Bash(ls)"],,\n  }\n}\n',
    // Good, with a finding.
    '.claude/settings.local.json': json({ permissions: { allow: ['Bash(rm -rf:*)'] } }),
    // Empty JSON and empty Markdown.
    '.mcp.json': '',
    '.claude/rules/empty.md': '',
    '.claude/skills/empty/SKILL.md': '',
    // Good instruction files with a finding each.
    'CLAUDE.md': `# Project\n\nRun the tests${ZWSP} before committing.\n\n@docs/huge.md\n@docs/loop.md\n`,
    '.claude/rules/good.md': `---\npaths: ["src/**"]\n---\nPrefer small${ZWSP} functions.\n`,
    // Invalid UTF-8 on line 3 (Latin-1 é), a binary subagent, broken YAML frontmatter.
    '.claude/rules/latin1.md': Buffer.concat([Buffer.from('# Rules\n\nCaf'), Buffer.from([0xe9]), Buffer.from(' au lait\n')]),
    '.claude/agents/binary.md': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x00, 0x01, 0x02]),
    '.claude/skills/bad-yaml/SKILL.md': '---\nname: bad-yaml\ndescription: [unclosed\n---\nBody.\n',
    '.claude/skills/good/SKILL.md': '---\nname: good\ndescription: A good skill\n---\nDo the thing.\n',
    '.claude/agents/good.md': '---\nname: good\ndescription: A good subagent\n---\nYou review code.\n',
    // A directory where a file belongs.
    'AGENTS.md': { dir: true },
    '.claude/skills/dir-skill/SKILL.md': { dir: true },
  });
  return [
    { ruleId: 'config/invalid-json', file: '.claude/settings.json', line: 3 },
    { ruleId: 'permissions/destructive-command', file: '.claude/settings.local.json' },
    { ruleId: 'config/invalid-json', file: '.mcp.json', detail: 'EmptyContent' },
    { ruleId: 'prompts/hidden-characters', file: 'CLAUDE.md' },
    { ruleId: 'prompts/hidden-characters', file: '.claude/rules/good.md' },
    { ruleId: 'config/unreadable-file', file: '.claude/rules/latin1.md', detail: 'invalid-utf8', line: 3 },
    { ruleId: 'config/unreadable-file', file: '.claude/agents/binary.md', detail: 'binary' },
    { ruleId: 'config/invalid-frontmatter', file: '.claude/skills/bad-yaml/SKILL.md' },
    { ruleId: 'config/unreadable-file', file: 'AGENTS.md', detail: 'is-directory' },
    { ruleId: 'config/unreadable-file', file: '.claude/skills/dir-skill/SKILL.md', detail: 'is-directory' },
  ];
}

/** Writes a file of `size` bytes that starts with `head`, sparse (instant, no disk used): reading it all would show. */
export function hugeFile(file: string, head: string, size = HUGE_BYTES): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, head);
    ftruncateSync(fd, size);
  } finally {
    closeSync(fd);
  }
}

/**
 * What git cannot carry: huge files, symlink loops, a FIFO, an unreadable file — in the project — and the user and
 * managed scopes: a `~/.claude` that is a symlink (to a dotfiles folder), a 50 MB `~/.claude.json`, managed settings
 * with a BOM, and an auto-memory store with good and bad memory files.
 */
export function plantUncommittable(dirs: { root: string; home: string; managedDir: string; base: string }): Expected[] {
  const { root, home, managedDir, base } = dirs;
  hugeFile(path.join(root, 'CLAUDE.local.md'), '# Local notes\n');
  hugeFile(path.join(root, '.claude/commands/huge.md'), '---\ndescription: huge\n---\n');
  hugeFile(path.join(root, 'docs/huge.md'), '# Imported\n');
  writeTree(root, {
    // Self-referencing link, and a folder link back up (a directory loop for the recursive walks).
    '.claude/commands/loop.md': { symlink: 'loop.md' },
    '.claude/rules/nested/up': { symlink: '..' },
    '.claude/rules/nested/deep.md': `Deep${ZWSP} rule.\n`,
    '.claude/agents/locked.md': '---\nname: locked\ndescription: locked\n---\nSecret.\n',
    // CLAUDE.md imports a huge file and a loop.
    'docs/loop.md': { symlink: 'loop.md' },
  });
  chmodSync(path.join(root, '.claude/agents/locked.md'), 0o000);
  execFileSync('mkfifo', [path.join(root, '.claude/rules/pipe.md')]);

  // ~/.claude is a symlink into a dotfiles folder, as many people keep it.
  const dotfiles = path.join(base, 'dotfiles', 'claude');
  const slug = projectSlug(root);
  writeTree(dotfiles, {
    'settings.json': json({ permissions: { allow: ['Bash(sudo:*)'] } }),
    [`projects/${slug}/memory/MEMORY.md`]: '- [Old](project_old.md) — old\n- [Gone](gone.md) — deleted\n- [Bin](binary.md)\n',
    [`projects/${slug}/memory/project_old.md`]: '---\nname: old\ndescription: old\ntype: project\nexpires: 2020-01-01\n---\nThe old fact.\n',
    [`projects/${slug}/memory/binary.md`]: Buffer.from([0x00, 0x01, 0x02]),
    [`projects/${slug}/memory/latin1.md`]: Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x0a]),
    [`projects/${slug}/memory/loop.md`]: { symlink: 'loop.md' },
  });
  hugeFile(path.join(dotfiles, `projects/${slug}/memory/huge.md`), '---\nname: huge\n---\n');
  mkdirSync(home, { recursive: true });
  writeTree(home, { '.claude': { symlink: dotfiles } });
  hugeFile(path.join(home, '.claude.json'), '{"projects": {');

  writeTree(managedDir, {
    'managed-settings.json': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json({ permissions: { allow: ['Bash(curl:*)'] } }))]),
  });

  return [
    { ruleId: 'config/file-too-large', file: 'CLAUDE.local.md' },
    { ruleId: 'config/file-too-large', file: '.claude/commands/huge.md' },
    { ruleId: 'config/unreadable-file', file: '.claude/commands/loop.md', detail: 'ELOOP' },
    { ruleId: 'config/unreadable-file', file: '.claude/agents/locked.md', detail: 'EACCES' },
    { ruleId: 'config/unreadable-file', file: '.claude/rules/pipe.md', detail: 'not-a-file' },
    { ruleId: 'prompts/broken-import', file: 'CLAUDE.md', line: 5 },
    { ruleId: 'prompts/broken-import', file: 'CLAUDE.md', line: 6 },
    { ruleId: 'prompts/hidden-characters', file: '.claude/rules/nested/deep.md' },
    { ruleId: 'permissions/privilege-escalation', file: '~/.claude/settings.json' },
    { ruleId: 'config/file-too-large', file: '~/.claude.json' },
    { ruleId: 'config/invalid-json', file: '<managed>/managed-settings.json' },
    { ruleId: 'permissions/network-egress', file: '<managed>/managed-settings.json' },
    { ruleId: 'memory/expired-memory', file: `~/.claude/projects/${slug}/memory/project_old.md` },
    { ruleId: 'memory/dangling-index-entry', file: `~/.claude/projects/${slug}/memory/MEMORY.md` },
  ];
}

/** Hands every path below `dir` (not following links) to `uid`, so that a process running as that user owns the tree. */
export function chownTree(dir: string, uid: number, gid: number): void {
  lchownSync(dir, uid, gid);
  if (!lstatSync(dir).isDirectory()) return;
  for (const name of readdirSync(dir)) {
    const abs = path.join(dir, name);
    const st = lstatSync(abs);
    if (st.isDirectory()) chownTree(abs, uid, gid);
    else if (st.isSymbolicLink()) lchownSync(abs, uid, gid);
    else chownSync(abs, uid, gid);
  }
}
