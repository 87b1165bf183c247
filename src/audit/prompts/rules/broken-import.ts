import { MAX_IMPORT_HOPS } from '../../../workspace/prompts/imports.js';
import { createRule } from '../../create-rule.js';

/**
 * Claude Code expands `@path` imports silently: a missing target, a cycle or a fifth hop is simply not loaded, and an
 * import outside the repository needs a one-time approval that a declined dialog leaves off (reference §7.1).
 */
export const brokenImport = createRule({
  id: 'prompts/broken-import',
  description: 'An @import points at a missing or unreadable file, closes a cycle, is more than four hops deep, or leaves the repository',
  defaultSeverity: 'warning',
  howToFix: 'Point the import at the current path or remove it; break cycles and flatten chains deeper than four hops.',
  messages: {
    missing: '`@{{raw}}` imports {{target}}, which does not exist: Claude Code silently loads nothing for it.',
    unreadable: '`@{{raw}}` imports {{target}}, which cannot be read: Claude Code loads nothing for it.',
    outside: '`@{{raw}}` imports {{target}}, outside the repository: Claude Code asks for a one-time approval, and if it was declined the import stays off. Teammates do not have this file either.',
    cycle: '`@{{raw}}` closes an import cycle ({{chain}}): Claude Code loads each file once, so the cycle adds nothing but confusion.',
    tooDeep: '`@{{raw}}` is hop {{hop}} of an import chain ({{chain}}); Claude Code follows at most {{max}} hops, so {{target}} is never loaded.',
  },
  check({ workspace, report }) {
    const set = workspace.prompts;
    if (!set) return;
    for (const file of set.files) {
      for (const link of file.imports) {
        if (!link.problem) continue;
        const messageId = link.problem === 'outside-repository' ? 'outside' : link.problem;
        report({ file: file.path, span: link.span, messageId, data: { raw: link.raw, target: link.target ?? link.raw }, evidence: `${messageId}:${link.raw}`, downgrade: messageId === 'outside' });
      }
    }
    for (const issue of set.importIssues) {
      const file = set.files.find((f) => f.path === issue.file);
      const link = file?.imports[issue.link];
      if (!file || !link) continue;
      const data = { raw: link.raw, target: link.target ?? link.raw, chain: issue.chain.join(' → '), hop: issue.chain.length - 1, max: MAX_IMPORT_HOPS };
      const messageId = issue.problem === 'cycle' ? 'cycle' : 'tooDeep';
      report({ file: file.path, span: link.span, messageId, data, evidence: `${messageId}:${link.raw}` });
    }
  },
});
