import { createRule } from '../../create-rule.js';
import type { EffectiveRule } from '../../../policies/permission-rules/effective-types.js';
import { analysisOf, reportRule, shownRule, whereIs } from '../analysis.js';
import { risksOfRule } from '../../../policies/effective/grants.js';

/** Commands whose short flags combine in any order (`-rf`, `-fr`, `-r -f`), so a deny spelling one order is porous. */
const FLAG_CLUSTER_COMMANDS: ReadonlySet<string> = new Set(['rm', 'chmod', 'chown', 'cp', 'mv', 'ln', 'tar', 'curl', 'wget', 'git', 'docker', 'kubectl']);
/** Commands that fetch any URL: with one of them allowed, WebFetch domain rules limit nothing. */
const FETCHERS: ReadonlySet<string> = new Set(['curl', 'wget', 'nc', 'socat', 'telnet', 'http', 'xh', 'aria2c']);

/** Reference §2.3 and §11 items 13, 16, 17: argument patterns are fragile, and tool rules do not bind other tools. */
export const bypassablePattern = createRule({
  id: 'permissions/bypassable-pattern',
  description: 'A rule that constrains arguments (URLs, flags) or a deny that an allowed interpreter, wrapper or network command walks around',
  defaultSeverity: 'warning',
  howToFix: 'Use the dedicated tool (`WebFetch(domain:…)`) or an exact command; deny or ask for the whole command, not one argument.',
  messages: {
    'url-allow': '`{{rule}}`: the `*` also matches spaces, so this allows the same command with any other URL or arguments after it (e.g. a second URL, or `-o ~/.bashrc`). Use `WebFetch(domain:…)` for fetching, or allow exact commands.',
    'flag-deny': '`{{rule}}` denies one spelling only: reordered or split flags (`{{example}}`), variables and extra spaces get past it. Deny the command itself (`Bash({{command}} *)`) or use a PreToolUse hook.',
    'walks-around-denies': '`{{rule}}` runs arbitrary code, so it walks around {{count}} deny rule(s) such as `{{example}}` ({{where}}): a script does what the denied command or file read would. Remove this allow, or enforce the denies with the sandbox (`sandbox.enabled` with `filesystem.denyRead`).',
    'webfetch-with-bash-network': '`{{rule}}` limits WebFetch, but `{{by}}` ({{where}}) lets the agent reach any host with a shell command. Deny `Bash(curl *)`/`Bash(wget *)` or use the sandbox network allowlist.',
  },
  check(context) {
    const { live, shadowedBy, effective } = analysisOf(context.workspace, context.policy);
    const liveAllows = live.filter((r) => r.rule.list === 'allow' && !shadowedBy.has(r));
    const firstAllow = (test: (r: EffectiveRule) => boolean) => liveAllows.find(test);
    const reachesNetwork = firstAllow((r) => r.rule.tool === 'Bash' && (r.rule.form === 'bare' || risksOfRule(r).some((h) => h.risk === 'network-egress' && FETCHERS.has(h.family))));
    const sandboxed = effective.layers.some((l) => (l.value.sandbox as { enabled?: unknown } | undefined)?.enabled === true);
    // Denies a script can get around: specific Bash denies always, file denies unless the OS sandbox enforces them.
    const walkable = live.filter((r) => r.rule.list === 'deny' && ((r.rule.tool === 'Bash' && r.rule.form === 'bash') || (!sandboxed && r.rule.form === 'path')));
    const first = walkable[0];
    if (first) {
      for (const allow of liveAllows) {
        if (allow.rule.tool !== 'Bash' || allow.rule.form === 'bare' || !risksOfRule(allow).some((h) => h.risk === 'code-execution')) continue;
        reportRule(context, allow, 'walks-around-denies', { count: walkable.length, example: shownRule(first), where: whereIs(first) });
      }
    }
    let webfetchReported = false;
    for (const rule of live) {
      const p = rule.rule.command;
      if (rule.rule.tool === 'Bash' && p) {
        if (rule.rule.list === 'allow' && p.kind !== 'exact' && /[a-z]+:\/\//i.test(p.text)) reportRule(context, rule, 'url-allow');
        const words = p.text.split(/\s+/).filter(Boolean);
        const flags = words.filter((w) => /^-[a-zA-Z]{2,3}$/.test(w));
        if (rule.rule.list !== 'allow' && flags.length > 0 && words[0] && FLAG_CLUSTER_COMMANDS.has(words[0])) {
          const flag = flags[0] as string;
          const example = `${words[0]} ${flag.slice(1).split('').reverse().map((c) => `-${c}`).join(' ')}`;
          reportRule(context, rule, 'flag-deny', { example, command: words[0] });
        }
      }
      if (!webfetchReported && rule.rule.form === 'domain' && reachesNetwork) {
        reportRule(context, rule, 'webfetch-with-bash-network', { by: shownRule(reachesNetwork), where: whereIs(reachesNetwork) });
        webfetchReported = true;
      }
    }
  },
});
