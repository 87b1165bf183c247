import { describe, expect, it } from 'vitest';
import { auditTree, type AuditSpec } from '../../helpers/audit.js';
import { json } from '../../helpers/tree.js';

interface Scopes {
  managed?: unknown;
  user?: unknown;
  project?: unknown;
  local?: unknown;
  policy?: unknown;
}

const REQUIRED = ['Read(./.env)', 'Read(./.env.*)', 'Read(~/.ssh/**)', 'Read(~/.aws/**)'];

/** Findings of one rule as `messageId data.rule @file:line` (or the message id and file for findings without a rule). */
async function findings(ruleId: string, scopes: Scopes): Promise<string[]> {
  const spec: AuditSpec = { project: {}, home: {}, managed: {} };
  if (scopes.project !== undefined) spec.project!['.claude/settings.json'] = json(scopes.project);
  if (scopes.local !== undefined) spec.project!['.claude/settings.local.json'] = json(scopes.local);
  if (scopes.user !== undefined) spec.home!['.claude/settings.json'] = json(scopes.user);
  if (scopes.managed !== undefined) spec.managed!['managed-settings.json'] = json(scopes.managed);
  if (scopes.policy !== undefined) spec.policy = scopes.policy;
  const { report } = await auditTree(spec);
  return report.findings
    .filter((f) => f.ruleId === ruleId)
    .map((f) => `${f.messageId} ${f.data.rule ?? f.data.key ?? f.data.call ?? ''} @${f.location.file}:${f.location.line ?? '-'}`.replace(/\s+@/, ' @'));
}

const allow = (...rules: string[]) => ({ permissions: { allow: rules, deny: REQUIRED } });

describe('permissions/invalid-rule', () => {
  it('reports syntax errors, unknown and legacy tools, bad domains and MCP names', async () => {
    expect(await findings('permissions/invalid-rule', { project: { permissions: { allow: ['Bash(ls', 'Stop Task', 'InvalidTool', 'LS', 'SlashCommand(/x)', 'WebFetch(https://x.com)', 'mcp__', 'Edit()'] } } })).toEqual([
      'syntax Bash(ls @.claude/settings.json:4',
      'bad-tool-name Stop Task @.claude/settings.json:5',
      'unknown-tool InvalidTool @.claude/settings.json:6',
      'legacy-tool LS @.claude/settings.json:7',
      'legacy-tool SlashCommand(/x) @.claude/settings.json:8',
      'bad-domain WebFetch(https://x.com) @.claude/settings.json:9',
      'bad-mcp-name mcp__ @.claude/settings.json:10',
      'empty-specifier Edit() @.claude/settings.json:11',
    ]);
  });
  it('accepts every documented form', async () => {
    expect(await findings('permissions/invalid-rule', { project: allow('Bash', 'Bash(npm test)', 'Task(Explore)', 'mcp__github__*', 'WebFetch(domain:x.com)', 'Skill(a *)', 'Read(~/x)', 'TaskStop') })).toEqual([]);
  });
});

describe('permissions/ineffective-rule', () => {
  it('reports rules and modes that never apply', async () => {
    expect(await findings('permissions/ineffective-rule', { project: { permissions: { allow: ['*', 'Bash(git:* push)', 'Agent(model:opus)'], deny: ['Write(.env)', 'Bash(command:rm *)', ...REQUIRED], defaultMode: 'auto' } } })).toEqual([
      'unanchored-allow-glob * @.claude/settings.json:4',
      'colon-not-at-end Bash(git:* push) @.claude/settings.json:5',
      'param-in-allow Agent(model:opus) @.claude/settings.json:6',
      'path-rule-not-consulted Write(.env) @.claude/settings.json:9',
      'param-on-primary-field Bash(command:rm *) @.claude/settings.json:10',
      'auto-in-project @.claude/settings.json:16',
    ]);
  });
  it('reports allow rules under bypassPermissions and rules ignored by allowManagedPermissionRulesOnly', async () => {
    const managedOnly = await findings('permissions/ineffective-rule', {
      managed: { allowManagedPermissionRulesOnly: true, permissions: { deny: REQUIRED } },
      user: { permissions: { allow: ['Bash(npm test)'] } },
    });
    expect(managedOnly).toEqual(['managed-rules-only @~/.claude/settings.json:2']);
    const bypass = await findings('permissions/ineffective-rule', { user: { permissions: { allow: ['Bash(npm test)'], deny: REQUIRED, defaultMode: 'bypassPermissions' } } });
    expect(bypass).toEqual(['allow-under-bypass @~/.claude/settings.json:12']);
  });
  it('is silent for effective rules', async () => {
    expect(await findings('permissions/ineffective-rule', { project: allow('Bash(npm test)', 'Edit(./src/**)', 'mcp__github__get_*') })).toEqual([]);
  });
});

describe('permissions/misplaced-setting', () => {
  it('reports managed-only keys outside managed, user-only keys in project files', async () => {
    expect(await findings('permissions/misplaced-setting', { project: { allowManagedPermissionRulesOnly: true, skipDangerousModePermissionPrompt: true, sandbox: { network: { allowManagedDomainsOnly: true } } } })).toEqual([
      'misplaced allowManagedPermissionRulesOnly @.claude/settings.json:2',
      'misplaced skipDangerousModePermissionPrompt @.claude/settings.json:3',
      'misplaced sandbox.network.allowManagedDomainsOnly @.claude/settings.json:6',
    ]);
  });
  it('accepts the same keys where they apply', async () => {
    expect(await findings('permissions/misplaced-setting', { managed: { allowManagedPermissionRulesOnly: true }, user: { skipDangerousModePermissionPrompt: true }, project: { model: 'opus', permissions: { deny: REQUIRED } } })).toEqual([]);
  });
});

describe('permissions/absolute-path-confusion', () => {
  it('reports single-slash system paths in every scope, naming what they really cover', async () => {
    const { report } = await auditTree({ project: { '.claude/settings.json': json({ permissions: { deny: ['Read(/etc/passwd)', 'Read(//etc/shadow)', 'Read(/src/**)'] } }) }, home: { '.claude/settings.json': json({ permissions: { deny: ['Edit(/home/**)'] } }) } });
    const hits = report.findings.filter((f) => f.ruleId === 'permissions/absolute-path-confusion');
    expect(hits.map((f) => [f.data.rule, f.data.resolved])).toEqual([
      ['Read(/etc/passwd)', expect.stringMatching(/\/project\/etc\/passwd$/)],
      ['Edit(/home/**)', '~/.claude/home/**'],
    ]);
  });
});

describe('permissions/shadowed-allow', () => {
  it('reports allows under a deny or ask in any scope, and asks under a deny, naming the shadowing rule', async () => {
    const { report } = await auditTree({
      project: { '.claude/settings.json': json({ permissions: { allow: ['Bash(aws s3 ls)', 'Bash(git push origin feature)'], ask: ['Bash(git push *)'], deny: REQUIRED } }) },
      home: { '.claude/settings.json': json({ permissions: { deny: ['Bash(aws *)', 'Bash(git *)'] } }) },
    });
    const hits = report.findings.filter((f) => f.ruleId === 'permissions/shadowed-allow');
    expect(hits.map((f) => [f.messageId, f.data.rule, f.data.by])).toEqual([
      ['allow-by-deny', 'Bash(aws s3 ls)', 'Bash(aws *)'],
      ['allow-by-deny', 'Bash(git push origin feature)', 'Bash(git *)'],
      ['ask-by-deny', 'Bash(git push *)', 'Bash(git *)'],
    ]);
    expect(hits[0]?.data.where).toBe('~/.claude/settings.json:4');
  });
  it('is silent for partial overlaps and for a Read deny over an Edit allow (NotebookEdit escapes it)', async () => {
    expect(await findings('permissions/shadowed-allow', { project: { permissions: { allow: ['Bash(git *)', 'Edit(./.env)'], deny: ['Bash(git push *)', ...REQUIRED] } } })).toEqual([]);
  });
});

describe('permissions/redundant-rule', () => {
  it('reports duplicates, contained rules and read-only allows', async () => {
    expect(await findings('permissions/redundant-rule', { project: allow('Bash(npm *)', 'Bash(npm test)', 'Bash(ls -la)', 'Bash(git status)'), local: { permissions: { allow: ['Bash(npm *)'] } } })).toEqual([
      // Local settings come first in precedence, so the project's copy is the repeat.
      'duplicate Bash(npm *) @.claude/settings.json:4',
      'contained Bash(npm test) @.claude/settings.json:5',
      'read-only Bash(ls -la) @.claude/settings.json:6',
      'read-only Bash(git status) @.claude/settings.json:7',
    ]);
  });
  it('is silent for distinct rules and for /path rules that mean different files in different scopes', async () => {
    expect(await findings('permissions/redundant-rule', { project: allow('Bash(npm test)', 'Read(/docs/**)', 'Bash(find *)'), user: { permissions: { allow: ['Read(/docs/**)'] } } })).toEqual([]);
  });
});

describe('permissions/unrestricted-tool', () => {
  it('reports bare and (*) allows of powerful tools', async () => {
    expect(await findings('permissions/unrestricted-tool', { project: allow('Bash', 'Edit(*)', 'WebFetch(domain:*)', 'Agent', 'Read', 'Write') })).toEqual([
      'unrestricted Bash @.claude/settings.json:4',
      'unrestricted Edit(*) @.claude/settings.json:5',
      'unrestricted WebFetch(domain:*) @.claude/settings.json:6',
      'unrestricted Agent @.claude/settings.json:7',
      'unrestricted Write @.claude/settings.json:9',
    ]);
  });
  it('is silent for scoped allows and for a bare tool that a deny shadows', async () => {
    expect(await findings('permissions/unrestricted-tool', { project: { permissions: { allow: ['Bash(npm test)', 'WebFetch(domain:x.com)', 'Edit'], deny: ['Edit', ...REQUIRED] } } })).toEqual([]);
  });
});

describe('permissions/dangerous-default-mode', () => {
  it('reports bypassPermissions and a pre-accepted bypass prompt', async () => {
    expect(await findings('permissions/dangerous-default-mode', { project: { permissions: { defaultMode: 'bypassPermissions' } }, user: { skipDangerousModePermissionPrompt: true } })).toEqual([
      'bypass @.claude/settings.json:3',
      'skip-prompt @~/.claude/settings.json:2',
    ]);
  });
  it('is silent when managed settings disable bypass mode, and for safe modes', async () => {
    expect(await findings('permissions/dangerous-default-mode', { managed: { permissions: { disableBypassPermissionsMode: 'disable' } }, project: { permissions: { defaultMode: 'bypassPermissions' } }, user: { permissions: { defaultMode: 'acceptEdits' } } })).toEqual([]);
  });
});

describe('risky grants', () => {
  const cases: [string, string[], string[]][] = [
    ['permissions/arbitrary-code-execution', ['Bash(python:*)', 'Bash(npx *)', 'Bash(docker exec *)', 'Bash(eval *)'], ['Bash(python manage.py test)', 'Bash(npm test)', 'Bash(timeout *)', 'Bash(find *)']],
    ['permissions/network-egress', ['Bash(curl:*)', 'Bash(wget *)', 'Bash(ssh *)', 'WebFetch(domain:*.com)'], ['Bash(git fetch)', 'WebFetch(domain:docs.python.org)', 'Bash(npm test)']],
    ['permissions/destructive-command', ['Bash(rm:*)', 'Bash(git push *)', 'Bash(git reset --hard)', 'Bash(terraform destroy *)'], ['Bash(rm build.log)', 'Bash(git status)', 'Bash(rmdir *)']],
    ['permissions/privilege-escalation', ['Bash(sudo *)', 'Bash(su:*)', 'Bash(doas apt update)', 'Bash(pkexec *)'], ['Bash(sudoku)', 'Bash(npm test)']],
  ];
  it.each(cases)('%s reports risky allows and stays silent for safe ones', async (ruleId, risky, safe) => {
    expect((await findings(ruleId, { project: allow(...risky) })).map((s) => s.split(' @')[0]!.replace(/^\S+ /, ''))).toEqual(risky);
    expect(await findings(ruleId, { project: allow(...safe) })).toEqual([]);
  });
  it('leaves allows that a broader allow contains to redundant-rule', async () => {
    expect(await findings('permissions/arbitrary-code-execution', { project: allow('Bash(python *)', 'Bash(python -c *)') })).toEqual(['grant Bash(python *) @.claude/settings.json:4']);
  });
});

describe('permissions/sensitive-path-exposure', () => {
  it('reports reads or edits of secrets and secret working directories', async () => {
    expect(await findings('permissions/sensitive-path-exposure', { project: { permissions: { allow: ['Read(~/.ssh/**)', 'Edit(./.env)', 'Read'], additionalDirectories: ['~'], deny: [] } } })).toEqual([
      'rule Read(~/.ssh/**) @.claude/settings.json:4',
      'rule Edit(./.env) @.claude/settings.json:5',
      'rule Read @.claude/settings.json:6',
      'directory @.claude/settings.json:9',
    ]);
  });
  it('is silent when a deny covers the secret, and for ordinary paths', async () => {
    expect(await findings('permissions/sensitive-path-exposure', { project: { permissions: { allow: ['Read(~/.ssh/**)', 'Edit(./src/**)', 'Read(~/docs/**)'], deny: ['Read(~/.ssh/**)'] } } })).toEqual([]);
  });
});

describe('permissions/missing-required-deny', () => {
  it('decides each required call: a broader deny satisfies it, a dead one does not', async () => {
    const policy = { permissions: { requiredDeny: ['Read(./.env)', 'Read(~/.ssh/id_rsa)', 'Bash(curl https://x)'] } };
    expect(await findings('permissions/missing-required-deny', { project: { permissions: { deny: ['Read(**/.env)', 'Write(~/.ssh/**)', 'Bash(curl *)'] } }, policy })).toEqual(['missing Read(~/.ssh/id_rsa) @.claude/settings.json:-']);
  });
  it('requires .env files, ~/.ssh and ~/.aws by default, and nothing when the policy says []', async () => {
    expect((await findings('permissions/missing-required-deny', { project: { permissions: { deny: ['Read(./.env)'] } } })).length).toBe(3);
    expect(await findings('permissions/missing-required-deny', { project: { permissions: {} }, policy: { permissions: { requiredDeny: [] } } })).toEqual([]);
  });
});

describe('permissions/bypassable-pattern', () => {
  it('reports URL-constrained allows, flag-spelled denies, denies an interpreter walks around, WebFetch limits next to curl', async () => {
    expect(await findings('permissions/bypassable-pattern', { project: { permissions: { allow: ['Bash(curl https://api.example.com/*)', 'Bash(python:*)', 'WebFetch(domain:example.com)'], deny: ['Bash(rm -rf *)', ...REQUIRED] } } })).toEqual([
      'url-allow Bash(curl https://api.example.com/*) @.claude/settings.json:4',
      'walks-around-denies Bash(python:*) @.claude/settings.json:5',
      'webfetch-with-bash-network WebFetch(domain:example.com) @.claude/settings.json:6',
      'flag-deny Bash(rm -rf *) @.claude/settings.json:9',
    ]);
  });
  it('is silent without interpreters or fetchers, and when the sandbox enforces file denies', async () => {
    expect(await findings('permissions/bypassable-pattern', { project: { permissions: { allow: ['Bash(npm test)', 'WebFetch(domain:example.com)'], deny: ['Bash(rm *)', ...REQUIRED] } } })).toEqual([]);
    expect(await findings('permissions/bypassable-pattern', { project: { sandbox: { enabled: true }, permissions: { allow: ['Bash(python:*)'], deny: REQUIRED } } })).toEqual([]);
  });
});

describe('permissions/weak-sandbox', () => {
  it('reports weakening switches and missing failIfUnavailable on an enabled sandbox', async () => {
    const out = await findings('permissions/weak-sandbox', { project: { sandbox: { enabled: true, enableWeakerNestedSandbox: true, network: { allowUnixSockets: ['/var/run/docker.sock'] } } } });
    expect(out).toEqual(expect.arrayContaining(['weak sandbox.failIfUnavailable @.claude/settings.json:3', 'weak sandbox.enableWeakerNestedSandbox @.claude/settings.json:4', 'weak sandbox.network.allowUnixSockets @.claude/settings.json:6']));
  });
  it('is silent for a strict sandbox and for no sandbox at all', async () => {
    expect(await findings('permissions/weak-sandbox', { project: { sandbox: { enabled: true, failIfUnavailable: true, allowUnsandboxedCommands: false } } })).toEqual([]);
    expect(await findings('permissions/weak-sandbox', { project: { permissions: { allow: ['Bash(ls)'] } } })).toEqual([]);
  });
});

describe('permissions/secret-in-rule', () => {
  it('reports a token in a rule without printing it', async () => {
    const token = `ghp_${'A1b2C3d4E5'.repeat(4).slice(0, 36)}`;
    const { report } = await auditTree({ project: { '.claude/settings.json': json({ permissions: { allow: [`Bash(curl -H "Authorization: token ${token}" https://api.github.com/*)`] } }) } });
    expect(report.findings.filter((f) => f.ruleId === 'permissions/secret-in-rule')).toHaveLength(1);
    expect(JSON.stringify(report)).not.toContain(token.slice(4));
  });
  it('is silent for variable references', async () => {
    expect(await findings('permissions/secret-in-rule', { project: allow('Bash(curl -H "Authorization: Bearer ${TOKEN}" https://x)') })).toEqual([]);
  });
});

describe('permissions/forbidden-rule', () => {
  it('reports rules contained in a forbidden one, in the chosen lists', async () => {
    const policy = { permissions: { forbidden: [{ rule: 'Bash(curl:*)', reason: 'use WebFetch' }, { rule: 'Read(~/**)', lists: ['allow', 'ask'] }] } };
    expect(await findings('permissions/forbidden-rule', { project: allow('Bash(curl https://x)', 'Bash(curlie)', 'Read(~/.ssh/**)'), policy })).toEqual([
      'forbidden Bash(curl https://x) @.claude/settings.json:4',
      'forbidden Read(~/.ssh/**) @.claude/settings.json:6',
    ]);
  });
  it('is silent without a forbidden list', async () => {
    expect(await findings('permissions/forbidden-rule', { project: allow('Bash(curl:*)') })).toEqual([]);
  });
});

describe('permissions/policy-test-failed', () => {
  it('checks each expectation with decide', async () => {
    const policy = { permissions: { tests: [{ call: 'Bash(rm -rf /)', expect: 'deny' }, { call: 'Bash(npm test)', expect: 'allow' }, { call: 'Bash(git push)', expect: 'deny', mode: 'dontAsk' }] } };
    const out = await findings('permissions/policy-test-failed', { project: { permissions: { allow: ['Bash(npm test)'], deny: REQUIRED } }, policy });
    expect(out).toEqual(['failed Bash(rm -rf /) @agentgov.json:-']);
  });
});

describe('permissions/policy-test-failed and permissions/missing-required-deny', () => {
  it('never print a credential from the deciding rule or the call', async () => {
    const token = `ghp_${'A1b2C3d4E5'.repeat(4).slice(0, 36)}`;
    const call = `Bash(curl -H "Authorization: token ${token}" https://x)`;
    const policy = { permissions: { requiredDeny: [call], tests: [{ call, expect: 'deny' }] } };
    const { report } = await auditTree({ project: { '.claude/settings.json': json({ permissions: { allow: [`Bash(curl -H "Authorization: token ${token}" *)`] } }) }, policy });
    const ids = report.findings.map((f) => f.ruleId);
    expect(ids).toContain('permissions/policy-test-failed');
    expect(ids).toContain('permissions/missing-required-deny');
    expect(JSON.stringify(report)).not.toContain(token.slice(4));
  });
});
