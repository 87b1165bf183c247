import { buildInventory } from '../../workspace/extensions/inventory.js';
import type { Extension, ExtensionInventory } from '../../workspace/extensions/types.js';
import { linesOf } from '../../workspace/file-lines.js';
import { locateInFrontmatter } from '../../workspace/frontmatter.js';
import { locate } from '../../workspace/json-document.js';
import { toPointer, type JsonPath } from '../../workspace/json-pointer.js';
import type { ConfigFile, Span, Workspace } from '../../workspace/types.js';
import type { FindingData, RuleContext } from '../types.js';

/** The loaded inventory, or one built from the files alone (without plugins, pins or script facts) when nothing loaded it. */
export function inventoryOf(workspace: Workspace): ExtensionInventory {
  return workspace.extensions ?? buildInventory(workspace);
}

/** A project file that is (or, outside git, would be) committed: shared with everyone who clones the repository. */
export function isCommittedProjectFile(file: Pick<ConfigFile, 'scope' | 'git'>): boolean {
  return file.scope === 'project' && (file.git === undefined || file.git.tracked);
}

/** Where a pointer is: in the JSON of a JSON file, in the frontmatter of a Markdown file. */
function spanAt(file: ConfigFile, pointer: string): Span | undefined {
  if (file.json) return locate(file.json, pointer);
  if (file.frontmatter) return locateInFrontmatter(file.frontmatter, linesOf(file), pointer);
  return undefined;
}

/** Reports at a JSON (or frontmatter) pointer of a file, the whole file when the pointer is null, or at an explicit span. */
export function reportAt(context: RuleContext<any>, file: ConfigFile, pointer: string | null, messageId: string, data: FindingData, evidence?: string, at?: Span): void {
  const span = at ?? (pointer !== null ? spanAt(file, pointer) : undefined);
  context.report({
    file,
    messageId,
    data,
    ...(pointer !== null ? { pointer } : {}),
    ...(span ? { span } : {}),
    ...(evidence !== undefined ? { evidence } : {}),
  });
}

/** Reports at an extension, or at `sub` below it (`['command']`); a whole-file extension is reported at its file. */
export function reportExtension(context: RuleContext<any>, ext: Extension, messageId: string, data: FindingData, sub: JsonPath = [], evidence?: string, at?: Span): void {
  const pointer = ext.pointer === null ? (sub.length > 0 ? toPointer(sub) : null) : ext.pointer + toPointer(sub);
  reportAt(context, ext.file, pointer, messageId, { name: ext.name, kind: ext.kind, tier: ext.tier, ...data }, evidence, at);
}
