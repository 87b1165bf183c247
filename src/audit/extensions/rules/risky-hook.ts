import { createRule } from '../../create-rule.js';
import { toPointer } from '../../../workspace/json-pointer.js';
import { hookRiskOf } from '../hook-risks.js';
import { inventoryOf, isCommittedProjectFile, reportAt, reportExtension } from '../report-at.js';

export const riskyHook = createRule({
  id: 'extensions/risky-hook',
  description: 'A hook that reaches the network, runs downloaded or decoded code, or points at a missing or non-executable script; `disableAllHooks` committed',
  defaultSeverity: 'warning',
  howToFix: 'Commit and review the script the hook runs, download nothing at hook time, and keep `disableAllHooks` personal.',
  messages: {
    'pipe-to-shell': 'Hook {{name}} ({{tier}} tier) pipes a download into an interpreter: whoever controls that URL runs code on every machine that loads this file.',
    'base64-exec': 'Hook {{name}} ({{tier}} tier) decodes base64 and runs it: what it executes cannot be reviewed.',
    network: 'Hook {{name}} ({{tier}} tier) reaches the network on every {{event}} event, with your full user permissions.',
    'missing-script': 'Hook {{name}} runs `{{script}}`, which does not exist: the hook fails without blocking anything, so the gate it implements is silently off.',
    'not-executable': 'Hook {{name}} runs `{{script}}` directly, but the file is not executable: the hook fails without blocking anything. `chmod +x` it or run it through its interpreter.',
    'disable-all': '`disableAllHooks: true` in a committed project file turns off every user and project hook for every contributor, including their own safety hooks.',
  },
  check(context) {
    for (const ext of inventoryOf(context.workspace).extensions) {
      if (ext.kind !== 'hook' || ext.command === undefined || !context.reportsOn(ext.file.path)) continue;
      const risk = hookRiskOf(ext.command);
      if (risk) reportExtension(context, ext, risk, { event: ext.event }, ['command']);
      const state = ext.script?.state;
      if (!ext.script || !state) continue;
      if (!state.exists) reportExtension(context, ext, 'missing-script', { script: ext.script.path }, ['command']);
      else if (!state.executable && !ext.script.viaInterpreter) reportExtension(context, ext, 'not-executable', { script: ext.script.path }, ['command']);
    }
    for (const file of context.workspace.files) {
      if (file.kind !== 'settings' || !isCommittedProjectFile(file) || !context.reportsOn(file.path)) continue;
      if ((file.json?.value as { disableAllHooks?: unknown } | undefined)?.disableAllHooks === true) reportAt(context, file, toPointer(['disableAllHooks']), 'disable-all', {});
    }
  },
});
