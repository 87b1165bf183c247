import { createRule } from '../../create-rule.js';
import type { HistoryCommit } from '../../../workspace/git-history.js';
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
  howToFix: 'Stop tracking the file (`git rm --cached <file>`), add it to `.gitignore`, and move shared rules to the project settings.',
  messages: {
    tracked: '{{file}} is personal to one machine but tracked by git: Claude Code then treats it as repository-supplied, and everyone who clones gets its rules. Run `git rm --cached {{file}}` and add it to .gitignore.',
    'tracked-since': '{{file}} is personal to one machine but tracked by git since {{sha}} ({{author}}, {{date}}): Claude Code then treats it as repository-supplied, and everyone who clones gets its rules. Run `git rm --cached {{file}}` and add it to .gitignore.',
    history: '{{file}} was committed in {{sha}} ({{author}}, {{date}}) and is no longer tracked, but it stays in the history: anyone with the repository can read it. Check it for secrets; rewrite history if it held any.',
    'history-granted': '{{file}} was committed in {{sha}} ({{author}}, {{date}}), granting {{allows}} allow rule(s) such as `{{example}}`, and is no longer tracked, but it stays in the history: anyone with the repository can read it. Check it for secrets; rewrite history if it held any.',
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
        messageId: since ? 'tracked-since' : 'tracked',
        data: { file: path, ...(since ? commitData(since) : {}) },
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
        const value = (blob === undefined ? undefined : history.config.jsonAt(change.path, blob)?.value) as { permissions?: { allow?: unknown[] } } | undefined;
        const allows = Array.isArray(value?.permissions?.allow) ? value.permissions.allow : [];
        report({
          file: change.path,
          messageId: allows.length > 0 ? 'history-granted' : 'history',
          data: { file: change.path, ...commitData(commit), ...(allows.length > 0 ? { allows: String(allows.length), example: redact(String(allows[0])) } : {}) },
          evidence: `history:${change.path}`,
          commit: commitRef(commit),
          downgrade: true,
        });
      }
    });
  },
});

function commitData(commit: HistoryCommit): { sha: string; author: string; date: string } {
  return { sha: commit.sha.slice(0, 12), author: commit.author, date: commit.date.slice(0, 10) };
}
