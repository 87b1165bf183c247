import { createRule } from '../../create-rule.js';
import { toPointer } from '../../../workspace/json-pointer.js';
import { isObject } from '../../../workspace/json-value.js';
import { extensionSecrets, settingsCommandSecrets, settingsEnvSecrets } from '../config-secrets.js';
import { inventoryOf, reportAt, reportExtension } from '../report-at.js';

export const secretInConfig = createRule({
  id: 'extensions/secret-in-config',
  description: 'A literal credential in an MCP server, a hook, settings `env` or a settings command such as `apiKeyHelper` (the finding names its kind and place, never the value)',
  defaultSeverity: 'error',
  howToFix: 'Rotate the credential, then reference an environment variable (`${VAR}`) instead of the literal.',
  messages: {
    extension: 'A {{secretKind}} is written into {{kind}} "{{name}}" at `{{where}}`. Configuration files are read by every tool, and shared ones are committed: rotate the credential and reference an environment variable (`${VAR}`) instead.',
    'settings-env': 'A {{secretKind}} is written into settings `env` ({{where}}); it reaches every command Claude Code runs. Rotate it and keep it out of settings files.',
    'settings-command': 'A {{secretKind}} is written into the `{{where}}` command of this settings file, which Claude Code runs itself. Rotate it and have the command read it from the environment or a secret store instead.',
  },
  check(context) {
    for (const ext of inventoryOf(context.workspace).extensions) {
      if (!context.reportsOn(ext.file.path)) continue;
      for (const hit of extensionSecrets(ext)) {
        reportExtension(context, ext, 'extension', { secretKind: hit.label, where: hit.at.join('/') }, hit.at);
      }
    }
    for (const file of context.workspace.files) {
      if (file.kind !== 'settings' || !context.reportsOn(file.path)) continue;
      const settings = file.json?.value;
      if (!isObject(settings)) continue;
      const env = settings.env;
      if (isObject(env)) {
        for (const hit of settingsEnvSecrets(env)) reportAt(context, file, toPointer(hit.at), 'settings-env', { secretKind: hit.label, where: hit.at.join('/') });
      }
      for (const hit of settingsCommandSecrets(settings)) reportAt(context, file, toPointer(hit.at), 'settings-command', { secretKind: hit.label, where: hit.at.join('.') });
    }
  },
});
