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
  const parts = partsOf(template);
  let out = parts[0] as string;
  for (let i = 1; i < parts.length; i += 2) {
    const key = parts[i] as string;
    out += (key in data ? String(data[key]) : key) + (parts[i + 1] as string);
  }
  return out;
}

/** A template cut at its placeholders: text, name, text, … (split keeps the captured names). Cut once per template. */
const cut = new Map<string, string[]>();
function partsOf(template: string): string[] {
  let parts = cut.get(template);
  if (!parts) {
    if (cut.size > 1000) cut.clear();
    cut.set(template, (parts = template.split(/\{\{\s*([\w.-]+)\s*\}\}/)));
  }
  return parts;
}
