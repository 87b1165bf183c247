import { linesOf } from '../../../workspace/file-lines.js';
import { LineIndex } from '../../../workspace/positions.js';
import type { ConfigFile, FileKind } from '../../../workspace/types.js';
import { createRule } from '../../create-rule.js';
import { promptTexts, TEXT_FILE_NAME } from '../../prompts/prompt-texts.js';
import type { RuleContext } from '../../types.js';
import { injectionIndicators } from '../injection-indicators.js';

const EXTENSION_TEXT: ReadonlySet<FileKind> = new Set(['skill', 'subagent', 'command', 'output-style']);

export const promptInjectionIndicator = createRule({
  id: 'extensions/prompt-injection-indicator',
  description: 'Skill, subagent, command or output-style text that tries to override instructions, hides instructions, carries encoded payloads or downloads and runs code',
  defaultSeverity: 'warning',
  howToFix: 'Read the flagged text; remove instructions aimed at the agent, hidden comments and encoded payloads, or drop the extension.',
  messages: {
    'override-phrase': 'This {{kind}} tells the agent to drop the instructions it has ("{{detail}}"): the classic prompt-injection phrase. Remove it, or quote it if the text only talks about such phrases.',
    'hidden-comment': 'An HTML comment in this {{kind}} holds {{detail}}: the rendered file a reviewer reads does not show it, the model reads it. Move the text into plain view or remove it.',
    'hidden-html': 'An HTML element in this {{kind}} hides its text ({{detail}}): reviewers of the rendered file do not see it, the model does. Remove the hidden text.',
    'base64-text': 'Base64 text ({{detail}}) in this {{kind}} decodes to readable prose: an instruction nobody reviews in plain words. Write it out, or remove it.',
    'base64-blob': 'A long base64 blob ({{detail}}) in this {{kind}}: an opaque payload a reviewer cannot read. Keep binary data out of prompt text, or move it to a reviewed file.',
    'shell-download': 'Shell injection in this {{kind}} {{detail}} each time it is invoked (`!` commands run without a permission prompt). Vendor and review the script instead.',
  },
  check(context) {
    for (const file of context.workspace.files) {
      if (!EXTENSION_TEXT.has(file.kind) || file.text === undefined || !context.reportsOn(file.path)) continue;
      scan(context.report, file.path, file.text, labelOf(file), file.frontmatter?.bodyOffset ?? 0, file);
    }
    // A skill's other Markdown files are read on demand, as part of the skill.
    for (const prompt of context.workspace.prompts?.files ?? []) {
      if (prompt.kind !== 'skill') continue;
      for (const t of promptTexts(prompt, (b) => TEXT_FILE_NAME.test(b.name) && context.reportsOn(b.path))) {
        if (!t.own) scan(context.report, t.path, t.text, 'skill', 0);
      }
    }
  },
});

function labelOf(file: ConfigFile): string {
  return file.kind === 'output-style' ? 'output style' : file.kind;
}

type Report = RuleContext['report'];

function scan(report: Report, path: string, text: string, kind: string, bodyStart: number, file?: ConfigFile): void {
  const found = injectionIndicators(text, bodyStart);
  if (found.length === 0) return;
  const lines = file ? linesOf(file) : new LineIndex(text);
  for (const hit of found) {
    report({
      file: file ?? path,
      span: lines.span(hit.start, Math.min(hit.end - hit.start, 200)),
      messageId: hit.kind,
      data: { kind, detail: hit.detail },
      // Stable across edits elsewhere in the file: the kind and the matched text (a hash of it, via the engine).
      evidence: `${hit.kind}:${text.slice(hit.start, Math.min(hit.end, hit.start + 200))}`,
    });
  }
}
