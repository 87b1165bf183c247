import { createRule } from '../../create-rule.js';
import type { ConfigFile, GitFacts } from '../../../workspace/types.js';
import { inventoryOf, reportAt, reportExtension } from '../report-at.js';

const stateOf = (git: GitFacts): 'ignored' | 'untracked' | undefined => (git.ignored ? 'ignored' : !git.tracked ? 'untracked' : undefined);

export const unreviewedExtension = createRule({
  id: 'extensions/unreviewed-extension',
  description: 'A project-scope extension or hook script that git ignores or does not track: the agent loads it, nobody reviews it',
  defaultSeverity: 'warning',
  howToFix: 'Commit the file so it is reviewed, or move a personal extension to `~/.claude/`.',
  messages: {
    extension: 'Project {{kind}} "{{name}}" is {{state}} by git: Claude Code loads it, but it never goes through review. Commit it, or move it to your user scope (`~/.claude/`).',
    'mcp-file': '`{{file}}` is {{state}} by git, yet Claude Code loads its {{count}} MCP server(s) ({{servers}}) for this project without review.',
    script: 'Hook {{name}} runs `{{script}}`, which git {{state}}: the command is reviewed, the code it runs is not. Commit the script.',
  },
  check(context) {
    if (!context.workspace.git.repoRoot) return;
    const mcpFiles = new Map<string, { state: string; servers: string[]; ext: { file: ConfigFile } }>();
    for (const ext of inventoryOf(context.workspace).extensions) {
      if (ext.kind === 'hook') {
        const git = ext.script?.state?.git;
        const state = git && ext.file.scope === 'project' ? stateOf(git) : undefined;
        if (state && ext.script) reportExtension(context, ext, 'script', { script: ext.script.path, state: state === 'ignored' ? 'ignores' : 'does not track' }, ['command']);
        continue;
      }
      // A server declared in an agent's frontmatter is reviewed with the agent file, which is reported on its own.
      if (ext.file.scope !== 'project' || !ext.file.git || ext.origin.declaredBy !== undefined) continue;
      const state = stateOf(ext.file.git);
      if (!state) continue;
      if (ext.kind === 'mcp-server') {
        const entry = mcpFiles.get(ext.file.path) ?? { state, servers: [], ext };
        entry.servers.push(ext.name);
        mcpFiles.set(ext.file.path, entry);
      } else if (ext.pointer === null) reportExtension(context, ext, 'extension', { state });
    }
    for (const [file, entry] of mcpFiles) {
      reportAt(context, entry.ext.file, null, 'mcp-file', { file, state: entry.state, count: entry.servers.length, servers: entry.servers.join(', ') });
    }
  },
});
