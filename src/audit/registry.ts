import { configAuditor } from './config/index.js';
import { extensionsAuditor } from './extensions/index.js';
import { historyAuditor } from './history/index.js';
import { memoryAuditor } from './memory/index.js';
import { permissionsAuditor } from './permissions/index.js';
import { promptsAuditor } from './prompts/index.js';
import type { Auditor, RuleModule } from './types.js';

/** Every auditor, in report order. Later auditors (permissions, history, extensions, prompts, memory) register here. */
export const AUDITORS: readonly Auditor[] = [configAuditor, permissionsAuditor, historyAuditor, extensionsAuditor, promptsAuditor, memoryAuditor];

export function allRules(auditors: readonly Auditor[] = AUDITORS): RuleModule<any>[] {
  return auditors.flatMap((a) => a.rules);
}

