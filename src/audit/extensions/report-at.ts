import { buildInventory } from '../../workspace/extensions/inventory.js';
import type { Extension, ExtensionInventory } from '../../workspace/extensions/types.js';
import { locate } from '../../workspace/json-document.js';
import { toPointer, type JsonPath } from '../../workspace/json-pointer.js';
import type { ConfigFile, Workspace } from '../../workspace/types.js';
import type { FindingData, RuleContext } from '../types.js';

/** The loaded inventory, or one built from the files alone (without script facts) when nothing loaded it. */
export function inventoryOf(workspace: Workspace): ExtensionInventory {
  return workspace.extensions ?? buildInventory(workspace);
}

/** Reports at a JSON pointer of a file (the whole file when the pointer is null). */
export function reportAt(context: RuleContext<any>, file: ConfigFile, pointer: string | null, messageId: string, data: FindingData, evidence?: string): void {
  context.report({
    file,
    messageId,
    data,
    ...(pointer !== null ? { pointer } : {}),
    ...(pointer !== null && file.json ? { span: locate(file.json, pointer) } : {}),
    ...(evidence !== undefined ? { evidence } : {}),
  });
}

/** Reports at an extension, or at `sub` below it (`['command']`); a whole-file extension is reported at its file. */
export function reportExtension(context: RuleContext<any>, ext: Extension, messageId: string, data: FindingData, sub: JsonPath = []): void {
  const pointer = ext.pointer === null ? null : ext.pointer + toPointer(sub);
  reportAt(context, ext.file, pointer, messageId, { name: ext.name, kind: ext.kind, tier: ext.tier, ...data });
}
