import { createRule } from '../../create-rule.js';
import { expandSample, SENSITIVE_TARGETS } from '../../../policies/catalogs/sensitive-paths.js';
import { matches } from '../../../policies/permission-rules/matches.js';
import { analysisOf, reportRule, reportSetting } from '../analysis.js';

export const sensitivePathExposure = createRule({
  id: 'permissions/sensitive-path-exposure',
  description: 'Reads or edits allowed on secrets (.env files, ~/.ssh, ~/.aws, cloud credentials, keys), or a secret folder added as a working directory',
  defaultSeverity: 'error',
  howToFix: 'Delete allows on secret paths, deny them instead, and enable the sandbox.',
  messages: {
    rule: '`{{rule}}` lets the agent {{verb}} {{targets}} without asking. Narrow the rule so it excludes them, and add deny rules such as `Read(~/.ssh/**)`.',
    directory: '`additionalDirectories` entry `{{directory}}` gives the agent file access to {{targets}}. Add only the project folders it needs.',
  },
  check(context) {
    const { live, shadowedBy, behaviour, effective } = analysisOf(context.workspace, context.policy);
    const { root, home } = context.workspace;
    const samples = SENSITIVE_TARGETS.flatMap((t) => t.samples.map((s) => ({ target: t, path: expandSample(s, root, home), inRoot: s.startsWith('<root>/') })));
    const denies = live.filter((r) => r.rule.list === 'deny');
    for (const rule of live) {
      if (rule.rule.list !== 'allow' || shadowedBy.has(rule) || (rule.rule.tool !== 'Read' && rule.rule.tool !== 'Edit') || !context.reportsOn(rule.source.file)) continue;
      const tool = rule.rule.tool;
      const hit = new Set<string>();
      for (const s of samples) {
        // Reading inside the project needs no rule at all: an allow adds nothing there (missing-required-deny covers it).
        if (tool === 'Read' && s.inRoot) continue;
        const call = { tool, path: s.path };
        if (!matches(rule.rule, call, { bases: rule.bases, behaviour })) continue;
        if (denies.some((d) => matches(d.rule, call, { bases: d.bases, behaviour }))) continue;
        hit.add(s.target.label);
      }
      if (hit.size > 0) reportRule(context, rule, 'rule', { verb: tool === 'Read' ? 'read' : 'edit', targets: [...hit].join(', ') });
    }
    for (const dir of effective.additionalDirectories) {
      const inside = samples.filter((s) => !s.inRoot && (s.path === dir.path || s.path.startsWith(dir.path === '/' ? '/' : `${dir.path}/`)));
      const targets = [...new Set(inside.map((s) => s.target.label))];
      if (targets.length > 0) reportSetting(context, dir.source.file, dir.source.pointer, 'directory', { directory: dir.raw, targets: targets.join(', ') }, dir.raw);
    }
  },
});
