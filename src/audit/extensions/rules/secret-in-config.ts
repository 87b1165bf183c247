import { createRule } from '../../create-rule.js';
import { toPointer } from '../../../workspace/json-pointer.js';
import { extensionSecrets, settingsEnvSecrets } from '../config-secrets.js';
import { inventoryOf, reportAt, reportExtension } from '../report-at.js';

export const secretInConfig = createRule({
  id: 'extensions/secret-in-config',
  description: 'A literal credential in an MCP server, a hook or settings `env` (the finding names its kind and place, never the value)',
  defaultSeverity: 'error',
  howToFix: 'Rotate the credential, then reference an environment variable (`${VAR}`) instead of the literal.',
  messages: {
    extension: 'A {{secretKind}} is written into {{kind}} "{{name}}" at `{{where}}`. Configuration files are read by every tool, and shared ones are committed: rotate the credential and reference an environment variable (`${VAR}`) instead.',
    'settings-env': 'A {{secretKind}} is written into settings `env` ({{where}}); it reaches every command Claude Code runs. Rotate it and keep it out of settings files.',
  },
  check(context) {
    for (const ext of inventoryOf(context.workspace).extensions) {
      for (const hit of extensionSecrets(ext)) {
        reportExtension(context, ext, 'extension', { secretKind: hit.label, where: hit.at.join('/') }, hit.at);
      }
    }
    for (const file of context.workspace.files) {
      if (file.kind !== 'settings') continue;
      const env = (file.json?.value as { env?: unknown } | undefined)?.env;
      if (typeof env !== 'object' || env === null || Array.isArray(env)) continue;
      for (const hit of settingsEnvSecrets(env as Record<string, unknown>)) reportAt(context, file, toPointer(hit.at), 'settings-env', { secretKind: hit.label, where: hit.at.join('/') });
    }
  },
});
