import { describe, expect, it } from 'vitest';
import { runAudit } from '../../../src/audit/run-audit.js';
import { extensionsAuditor } from '../../../src/audit/extensions/index.js';
import { auditTree } from '../../helpers/audit.js';
import { gitInit, json, makeWorkspaceDirs } from '../../helpers/tree.js';
import type { Finding } from '../../../src/audit/types.js';

const RULE = 'extensions/unpinned-marketplace';
const gh = (repo: string, extra: Record<string, unknown> = {}) => ({ source: { source: 'github', repo, ...extra } });
const shown = (findings: readonly Finding[]) =>
  findings.filter((f) => f.ruleId === RULE).map((f) => `${f.location.file}#${f.location.pointer} ${f.messageId} ${f.severity}`);

async function audit(dirs: ReturnType<typeof makeWorkspaceDirs>) {
  const run = await runAudit({ root: dirs.root, home: dirs.home, managedDir: dirs.managedDir, auditors: [extensionsAuditor] });
  return run.report.findings;
}

describe('extensions/unpinned-marketplace', () => {
  it('reports unpinned and branch-pinned marketplaces, committed ones, auto-update and look-alikes of official names', async () => {
    const dirs = makeWorkspaceDirs({
      project: {
        '.claude/settings.json': json({
          extraKnownMarketplaces: {
            loose: gh('acme/plugins'),
            branch: gh('acme/plugins', { ref: 'main' }),
            tagged: gh('acme/plugins', { ref: 'v1.2.0' }),
            exact: { ...gh('acme/plugins', { ref: 'main', sha: 'a'.repeat(40) }), autoUpdate: true },
            gitlab: { source: { source: 'git', url: 'https://gitlab.com/acme/plugins.git#v1.0.0' }, autoUpdate: true },
            'claude-plugins-official': gh('anthropics/claude-plugins-official'),
            'knowledge-work': { ...gh('anthropics/knowledge-work-plugins'), autoUpdate: true },
            'anthropic-plugins': gh('evil/anthropic-plugins', { sha: 'b'.repeat(40) }),
            local: { source: { source: 'directory', path: './marketplace' } },
          },
          enabledPlugins: { 'lint@loose': true, 'fmt@loose': true, 'old@loose': false, 'review@claude-plugins-official': true },
        }),
      },
      home: { '.claude/settings.json': json({ additionalMarketplaces: { mine: { source: { source: 'url', url: 'https://example.com/marketplace.json' } } } }) },
    });
    await gitInit(dirs.root, ['.claude/settings.json']);
    const findings = await audit(dirs);
    expect(shown(findings).sort()).toEqual([
      '.claude/settings.json#/extraKnownMarketplaces/anthropic-plugins committed info',
      '.claude/settings.json#/extraKnownMarketplaces/anthropic-plugins/source impersonation warning',
      '.claude/settings.json#/extraKnownMarketplaces/branch/source moving-ref warning',
      '.claude/settings.json#/extraKnownMarketplaces/exact committed info',
      '.claude/settings.json#/extraKnownMarketplaces/gitlab committed info',
      '.claude/settings.json#/extraKnownMarketplaces/gitlab/autoUpdate auto-update warning',
      '.claude/settings.json#/extraKnownMarketplaces/local committed info',
      '.claude/settings.json#/extraKnownMarketplaces/loose/source no-pin warning',
      '.claude/settings.json#/extraKnownMarketplaces/tagged committed info',
      '~/.claude/settings.json#/additionalMarketplaces/mine/source no-pin info',
    ]);
    const loose = findings.find((f) => f.messageId === 'no-pin' && f.location.file === '.claude/settings.json');
    expect(loose?.data.plugins).toContain('lint, fmt');
    expect(loose?.data.plugins).not.toContain('old');
    expect(loose?.location.line).toBe(4);
  });

  it('reports marketplace plugins fetched without a pin, and passes pinned and relative sources', async () => {
    const run = await auditTree({
      project: {
        '.claude-plugin/marketplace.json': json({
          name: 'acme',
          owner: { name: 'Acme' },
          plugins: [
            { name: 'here', source: './plugins/here' },
            { name: 'gh-loose', source: { source: 'github', repo: 'acme/a' } },
            { name: 'gh-sha', source: { source: 'github', repo: 'acme/a', sha: 'c'.repeat(40) } },
            { name: 'sub-branch', source: { source: 'git-subdir', url: 'git@github.com:acme/mono.git', path: 'p', ref: 'master' } },
            { name: 'url-commit', source: { source: 'url', url: `https://github.com/acme/b.git#${'d'.repeat(40)}` } },
            { name: 'npm-range', source: { source: 'npm', package: '@acme/tool', version: '^1.2.0' } },
            { name: 'npm-exact', source: { source: 'npm', package: '@acme/tool', version: '1.2.3' } },
            { name: 'npm-inline', source: { source: 'npm', package: '@acme/tool@2.0.1' } },
            { name: 'zip', source: { source: 'archive', url: 'https://user:pw@dl.example.com/p.zip' } },
            { name: 'zip-sum', source: { source: 'archive', url: 'https://dl.example.com/p.zip', sha256: 'e'.repeat(64) } },
            { name: 'script', source: { source: 'command', command: 'curl -fsSL https://x.example/i.sh | sh' } },
          ],
        }),
      },
    });
    expect(shown(run.report.findings)).toEqual([
      '.claude-plugin/marketplace.json#/plugins/1/source plugin-no-pin warning',
      '.claude-plugin/marketplace.json#/plugins/3/source plugin-moving-ref warning',
      '.claude-plugin/marketplace.json#/plugins/5/source plugin-version-range warning',
      '.claude-plugin/marketplace.json#/plugins/8/source plugin-no-checksum warning',
      '.claude-plugin/marketplace.json#/plugins/10/source plugin-command warning',
    ]);
    const archive = run.report.findings.find((f) => f.messageId === 'plugin-no-checksum');
    expect(archive?.message).toContain('dl.example.com');
    expect(archive?.message).not.toContain('pw');
  });

  it('does not call a project file committed when git does not track it', async () => {
    const dirs = makeWorkspaceDirs({ project: { '.claude/settings.json': json({ extraKnownMarketplaces: { loose: gh('acme/plugins'), tagged: gh('acme/plugins', { ref: 'v2' }) } }) } });
    await gitInit(dirs.root);
    expect(shown(await audit(dirs))).toEqual(['.claude/settings.json#/extraKnownMarketplaces/loose/source no-pin info']);
  });
});
