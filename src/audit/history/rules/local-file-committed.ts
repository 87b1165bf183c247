import { createRule } from '../../create-rule.js';
import { redact } from '../../../policies/catalogs/secrets.js';
import { commitRef } from '../window.js';

/** Files meant to stay on one machine (reference §1.2, §7.3, §11 items 46–47). */
export function isLocalOnlyPath(path: string): boolean {
  return /(^|\/)\.claude\/settings\.local\.json$/.test(path) || /(^|\/)CLAUDE\.local\.md$/.test(path) || /(^|\/)\.claude\.json$/.test(path) || (/\.jsonl$/.test(path) && /(^|\/)\.claude\//.test(path));
}

export const localFileCommitted = createRule({
  id: 'history/local-file-committed',
  description: 'A personal, machine-local file (settings.local.json, CLAUDE.local.md, .claude.json, transcripts) is tracked by git now, or was committed in the past',
  defaultSeverity: 'error',
  messages: {
    tracked: '{{file}} is personal to one machine but tracked by git{{since}}: Claude Code then treats it as repository-supplied, and everyone who clones gets its rules. Run `git rm --cached {{file}}` and add it to .gitignore.',
    history: '{{file}} was committed in {{sha}} ({{author}}, {{date}}){{granted}} and is no longer tracked, but it stays in the history: anyone with the repository can read it. Check it for secrets; rewrite history if it held any.',
  },
  check({ workspace, history, report }) {
    const trackedNow = new Set<string>();
    // Loaded files know whether git tracks them; `.claude.json` and transcripts are not loaded, so HEAD's tree says.
    const atHead = history ? history.config.pathsAfter(history.config.history.commits.length - 1) : [];
    // Only files of the project: a home folder that happens to be a git repository (dotfiles) is not what clones share.
    const candidates = [...workspace.files.filter((f) => f.git?.tracked && (f.scope === 'project' || f.scope === 'local')).map((f) => f.path), ...atHead];
    for (const path of [...new Set(candidates)].sort()) {
      if (!isLocalOnlyPath(path)) continue;
      const file = workspace.files.find((f) => f.path === path) ?? path;
      trackedNow.add(path);
      const since = history?.config.history.commits.find((c) => c.changes.some((ch) => ch.path === path && (ch.status === 'A' || ch.status === 'R')));
      report({
        file,
        messageId: 'tracked',
        data: { file: path, since: since ? ` since ${since.sha.slice(0, 12)} (${since.author}, ${since.date.slice(0, 10)})` : '' },
        evidence: 'tracked',
        ...(since ? { commit: commitRef(since) } : {}),
      });
    }
    if (!history) return;
    const seen = new Set<string>();
    const commits = history.config.history.commits;
    commits.forEach((commit, i) => {
      for (const change of commit.changes) {
        if (change.newBlob === null || !isLocalOnlyPath(change.path) || trackedNow.has(change.path) || seen.has(change.path)) continue;
        seen.add(change.path);
        const blob = history.config.treeAfter(i).get(change.path);
        const allows = (blob === undefined ? undefined : history.config.jsonAt(change.path, blob)?.value) as { permissions?: { allow?: unknown[] } } | undefined;
        const granted = Array.isArray(allows?.permissions?.allow) && allows.permissions.allow.length > 0 ? `, granting ${allows.permissions.allow.length} allow rule(s) such as \`${redact(String(allows.permissions.allow[0]))}\`` : '';
        report({
          file: change.path,
          messageId: 'history',
          data: { file: change.path, sha: commit.sha.slice(0, 12), author: commit.author, date: commit.date.slice(0, 10), granted },
          evidence: `history:${change.path}`,
          commit: commitRef(commit),
          downgrade: true,
        });
      }
    });
  },
});
