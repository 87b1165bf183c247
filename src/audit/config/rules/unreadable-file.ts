import { createRule } from '../../create-rule.js';
import type { ReadProblemCode } from '../../../workspace/types.js';

const CODES: ReadonlySet<ReadProblemCode> = new Set(['permission-denied', 'symlink-loop', 'is-directory', 'not-a-file', 'io-error', 'binary', 'invalid-utf8', 'not-found']);

export const unreadableFile = createRule({
  id: 'config/unreadable-file',
  description: 'A configuration file could not be read as UTF-8 text, so it was not audited',
  defaultSeverity: 'error',
  howToFix: 'Make the path a readable regular UTF-8 file (fix the symlink or permissions), or remove it.',
  messages: {
    'permission-denied': 'Cannot read this file (permission denied): it was not audited. Make it readable for the user running agentgov.',
    'symlink-loop': 'This path is a symlink loop: it was not audited. Point the link at a real file or remove it.',
    'is-directory': 'A directory sits where Claude Code expects a file: nothing here was audited. Replace it with a file.',
    'not-a-file': 'This path is not a regular file (a FIFO, socket or device): it was not read. Replace it with a regular file.',
    'not-found': 'This path is a broken symlink: it was not audited. Point the link at an existing file or remove it.',
    'io-error': 'Reading this file failed ({{detail}}): it was not audited.',
    binary: 'This file contains NUL bytes (binary content): it was not audited. Claude Code expects UTF-8 text here.',
    'invalid-utf8': 'Invalid UTF-8 at this position: the bad bytes were replaced while auditing. Save the file as UTF-8.',
  },
  check({ workspace, report }) {
    for (const file of workspace.files) {
      for (const problem of file.readProblems) {
        if (!CODES.has(problem.code)) continue;
        report({
          file,
          messageId: problem.code,
          data: { detail: problem.detail ?? problem.code },
          ...(problem.position ? { span: { start: problem.position, end: problem.position } } : {}),
          evidence: problem.code,
        });
      }
    }
  },
});
