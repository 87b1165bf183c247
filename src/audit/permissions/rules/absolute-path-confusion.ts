import path from 'node:path';
import { createRule } from '../../create-rule.js';
import { resolvePathPattern } from '../../../policies/permission-rules/path-match.js';
import { analysisOf, reportRule } from '../analysis.js';

/** First segments that show the author meant the filesystem root (reference §11 item 4). */
const SYSTEM_DIRS: ReadonlySet<string> = new Set(['etc', 'home', 'Users', 'root', 'tmp', 'var', 'usr', 'opt', 'private', 'System', 'Library', 'bin', 'sbin', 'dev', 'proc', 'mnt', 'Volumes']);

export const absolutePathConfusion = createRule({
  id: 'permissions/absolute-path-confusion',
  description: 'A single-slash path rule that looks absolute but is relative to the settings file’s source',
  defaultSeverity: 'error',
  howToFix: 'Double the slash for an absolute path (`Read(//etc/passwd)`) or use `~/` for the home directory.',
  messages: {
    confusion: '`{{rule}}`: a single leading slash is relative to {{base}}, not the filesystem root, so this {{list}} rule covers `{{resolved}}`. For the absolute path write `{{suggestion}}`.',
  },
  check(context) {
    const { effective } = analysisOf(context.workspace, context.policy);
    for (const r of effective.rules) {
      const p = r.rule.path;
      if (!p || p.anchor !== 'source' || r.rule.issues.some((i) => i.kind === 'invalid')) continue;
      const first = p.pattern.split('/')[0] ?? '';
      if (!SYSTEM_DIRS.has(first)) continue;
      const base = r.source.scope === 'user' ? '~/.claude' : r.source.scope === 'managed' ? 'the managed settings folder' : 'the project root';
      const resolved = '/' + resolvePathPattern(p, r.bases).join('/');
      const shown = resolved.startsWith(context.workspace.home + '/') ? `~/${path.posix.relative(context.workspace.home, resolved)}` : resolved;
      reportRule(context, r, 'confusion', { base, list: r.rule.list, resolved: shown, suggestion: `${r.rule.tool}(/${r.rule.specifier?.trim() ?? ''})` });
    }
  },
});
