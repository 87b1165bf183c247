import type { z } from 'zod';
import type { RuleContext, RuleMeta, RuleModule, SeverityOrOff, Severity } from './types.js';

export const DOCS_BASE_URL = 'https://github.com/agentgov/agentgov/blob/main/docs/rules';

export function docsUrlFor(ruleId: string): string {
  return `${DOCS_BASE_URL}/${ruleId}.md`;
}

export interface RuleDefinition<Options> {
  id: string;
  description: string;
  defaultSeverity: SeverityOrOff;
  strictSeverity?: Severity;
  messages: Record<string, string>;
  /** The fix in one line (plain text, inline code in backticks); the docs page's "How to fix" has the details. */
  howToFix?: string;
  options?: z.ZodType<Options>;
  check(context: RuleContext<Options>): void;
}

/** Defines a rule; the docs URL is derived from the id so that it cannot drift from `docs/rules/<id>.md`. */
export function createRule<Options = undefined>(definition: RuleDefinition<Options>): RuleModule<Options> {
  const { id, description, defaultSeverity, strictSeverity, messages, howToFix, options, check } = definition;
  const meta: RuleMeta = { id, description, defaultSeverity, messages, docsUrl: docsUrlFor(id) };
  if (strictSeverity) meta.strictSeverity = strictSeverity;
  if (howToFix) meta.howToFix = howToFix;
  return options ? { meta, options, check } : { meta, check };
}

/** Renders `{{name}}` placeholders; a missing value renders as the placeholder name so nothing is silently dropped. */
export function renderMessage(template: string, data: Record<string, unknown> = {}): string {
  return template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_, key: string) => (key in data ? String(data[key]) : key));
}
