import path from 'node:path';
import { h1Of, integrityOf } from '../../lock/hashes.js';
import { hookEntry, jsonValueEntry, mcpServerEntry } from '../../lock/extension-records.js';
import type { ManifestSubject } from '../../signing/manifest.js';
import { sha256Hex } from '../hash.js';
import { BUNDLE_MAX_FILES, PROMPT_MAX_BYTES } from '../prompts/build-prompt-set.js';
import { diskSource, type FileSource } from '../prompts/file-source.js';
import { extensionKeyOf, hookHandlerOf, valueAtPointer } from './extension-lock.js';
import type { Extension } from './types.js';

/**
 * What a signed manifest records of each extension, as it is on disk now: the same record the lock keeps for MCP
 * servers and hooks (a hook's script hashed wherever it lives: a manifest, unlike the lock, may cover the home folder),
 * the value of other entries inside JSON files, and the bytes of whole-file extensions (a skill with its folder).
 * An extension whose file cannot be read has no subject. `source` gives the bytes (the staged ones under `check`).
 */
export async function currentSubjects(extensions: readonly Extension[], source: FileSource = diskSource): Promise<Map<string, ManifestSubject>> {
  const files = extensions.flatMap((e) => (e.pointer === null ? [e.file.absPath] : e.kind === 'hook' && e.script ? [e.script.absPath] : []));
  const reads = await source.readMany(files, PROMPT_MAX_BYTES);
  const out = new Map<string, ManifestSubject>();
  for (const ext of extensions) {
    const key = extensionKeyOf(ext);
    if (ext.kind === 'mcp-server') out.set(key, { kind: ext.kind, integrity: mcpServerEntry(ext.server).integrity });
    else if (ext.kind === 'hook') {
      const { matcher, handler } = hookHandlerOf(ext);
      const bytes = ext.script ? reads.get(ext.script.absPath)?.bytes : undefined;
      const script = ext.script ? { path: ext.script.path, ...(bytes ? { bytes } : {}) } : undefined;
      out.set(key, { kind: ext.kind, integrity: hookEntry({ event: ext.event, matcher, handler, ...(script ? { script } : {}) }).integrity });
    } else if (ext.pointer !== null) out.set(key, { kind: ext.kind, integrity: jsonValueEntry(valueAtPointer(ext.file, ext.pointer)).integrity });
    else {
      const bytes = reads.get(ext.file.absPath)?.bytes;
      if (!bytes) continue;
      const subject: ManifestSubject = { kind: ext.kind, integrity: integrityOf(bytes) };
      if (ext.kind === 'skill') subject.bundle = await bundleOf(path.dirname(ext.file.absPath), source);
      out.set(key, subject);
    }
  }
  return out;
}

/** h1 over every file of a skill's folder, names relative to it (as the lock's `bundle`). */
async function bundleOf(dir: string, source: FileSource): Promise<string> {
  const listed = await source.listFiles(dir, BUNDLE_MAX_FILES);
  const reads = await source.readMany(listed, PROMPT_MAX_BYTES);
  return h1Of(listed.map((abs) => ({ name: path.relative(dir, abs).split(path.sep).join('/'), sha256Hex: sha256Hex(reads.get(abs)?.bytes ?? '-') })));
}
