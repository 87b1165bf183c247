import { fileBytesEntry, hookEntry, jsonValueEntry, mcpServerEntry } from '../../lock/extension-records.js';
import type { ExtensionLockEntry, Lock } from '../../lock/lock-types.js';
import { fromPointer } from '../json-pointer.js';
import { isObject, objectOr, valueAtPath } from '../json-value.js';
import type { FileSource, RawFile } from '../prompts/file-source.js';
import type { ConfigFile, FileKind, Workspace } from '../types.js';
import { buildInventory } from './inventory.js';
import type { Extension, HookExtension } from './types.js';

/** Project files locked whole, by their bytes: the repository's plugin and marketplace manifests. Add kinds here. */
export const LOCKED_FILE_KINDS: ReadonlySet<FileKind> = new Set(['plugin-manifest', 'marketplace']);
/** The lock kind of whole-file entries. */
export const MANIFEST_LOCK_KIND = 'plugin-manifest';
const MAX_LOCKED_BYTES = 16 * 1024 * 1024;

/** How the lock, a signed manifest and `extensions list` name an extension: its file, and the JSON pointer inside it. */
export function extensionKeyOf(ext: Pick<Extension, 'file' | 'pointer'>): string {
  return ext.pointer === null ? ext.file.path : `${ext.file.path}#${ext.pointer}`;
}

/** The value at a JSON pointer of a parsed file (undefined when the path is not there). */
export function valueAtPointer(file: ConfigFile, pointer: string): unknown {
  return valueAtPath(file.json?.value, fromPointer(pointer));
}

/** The matcher group and handler objects of a settings hook, read back from its file. */
export function hookHandlerOf(hook: HookExtension): { matcher: unknown; handler: Record<string, unknown> } {
  const path = fromPointer(hook.pointer ?? '');
  const value = hook.file.json?.value;
  const group = valueAtPath(value, path.slice(0, 3));
  const handler = valueAtPath(value, path);
  return { matcher: isObject(group) ? group.matcher : undefined, handler: objectOr(handler) };
}

/**
 * What the lock records of the repository's extensions: MCP servers, hooks (and their scripts), plugin and
 * marketplace entries of project files, and the plugin manifests. Project scope only, for the reason the prompt
 * entries are: a lock written in a working copy must check clean in a fresh clone, so nothing personal
 * (`settings.local.json`, `~/.claude.json`), nothing from the home or managed folders, no script outside the repository.
 */
export interface ExtensionLockPlan {
  extensions: Extension[];
  manifests: ConfigFile[];
  /** Absolute paths of the hook scripts and manifests whose bytes the entries need. */
  reads: string[];
}

export function planExtensionLock(files: readonly ConfigFile[], bases: Pick<Workspace, 'root' | 'home'>): ExtensionLockPlan {
  const project = files.filter((f) => f.scope === 'project');
  const extensions = buildInventory({ files: project, root: bases.root, home: bases.home }).extensions.filter((e) => e.pointer !== null && e.file.json);
  const manifests = project.filter((f) => LOCKED_FILE_KINDS.has(f.kind));
  const scripts = extensions.flatMap((e) => (e.kind === 'hook' && e.script && !e.script.path.startsWith('~/') ? [e.script.absPath] : []));
  return { extensions, manifests, reads: [...new Set([...scripts, ...manifests.map((m) => m.absPath)])] };
}

/** Reads what the plan needs through a source (the disk or a git revision). */
export function readPlan(plan: ExtensionLockPlan, source: FileSource): Promise<Map<string, RawFile>> {
  return source.readMany(plan.reads, MAX_LOCKED_BYTES);
}

/**
 * The `extensions` object of the lock: kind → key → entry. `counts(abs)` says whether a script's bytes count (false
 * for a script git ignores and does not track: a clone would not have it, so only its path is recorded).
 */
export function extensionLockEntries(plan: ExtensionLockPlan, raw: ReadonlyMap<string, RawFile>, counts: (absPath: string) => boolean = () => true): Lock['extensions'] {
  const out: Record<string, Record<string, ExtensionLockEntry>> = {};
  const add = (kind: string, key: string, entry: ExtensionLockEntry) => {
    (out[kind] ??= {})[key] = entry;
  };
  for (const ext of plan.extensions) {
    const key = extensionKeyOf(ext);
    if (ext.kind === 'mcp-server') add(ext.kind, key, mcpServerEntry(ext.server));
    else if (ext.kind === 'hook') {
      const { matcher, handler } = hookHandlerOf(ext);
      const bytes = ext.script && counts(ext.script.absPath) ? raw.get(ext.script.absPath)?.bytes : undefined;
      const script = ext.script ? { path: ext.script.path, ...(bytes && !ext.script.path.startsWith('~/') ? { bytes } : {}) } : undefined;
      add(ext.kind, key, hookEntry({ event: ext.event, matcher, handler, ...(script ? { script } : {}) }));
    } else add(ext.kind, key, jsonValueEntry(valueAtPointer(ext.file, ext.pointer ?? '')));
  }
  for (const manifest of plan.manifests) {
    const bytes = raw.get(manifest.absPath)?.bytes;
    if (bytes) add(MANIFEST_LOCK_KIND, manifest.path, fileBytesEntry(bytes, manifest.kind));
  }
  return out;
}
