import { sameJson } from '../policies/canonical-json.js';
import { changedFieldsOf } from './extension-records.js';
import type { Lock, LockEntry } from './lock-types.js';

/** Fields of an entry compared between the recorded lock and the files now, in the order messages list them. */
const COMPARED_FIELDS = ['integrity', 'normalized', 'gitBlob', 'closure', 'bundle', 'imports', 'version', 'frontmatter', 'kind', 'scope', 'unreadable'] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

export interface ChangedEntry {
  path: string;
  fields: ComparedField[];
  /** The raw bytes differ but the normalized hash does not: only line endings, trailing spaces or final newlines changed. */
  whitespaceOnly: boolean;
}

export interface ExtensionChange {
  /** `<kind>:<key>`, e.g. `mcp-server:.mcp.json#/mcpServers/github`. */
  key: string;
  kind: string;
  /** The entry's own key (file, and JSON pointer inside it). */
  entry: string;
  change: 'changed' | 'missing' | 'extra';
  /** For `changed`: what differs, by name (`args`, `script content`, `env names +TOKEN`). */
  fields?: string[];
}

export interface LockDiff {
  changed: ChangedEntry[];
  /** Files that exist now and have no entry in the lock. */
  missing: string[];
  /** Entries of the lock whose file is gone (or no longer a prompt file). */
  extra: string[];
  /** Extension entries (`<kind>:<key>`) that differ (with what differs, by name), are missing or are extra. */
  extensions: ExtensionChange[];
  /** The recorded lock uses another hash profile: its `normalized` hashes are not comparable. */
  profileChanged: boolean;
}

/** What differs between the lock of the files now (`live`) and the lock on disk (`recorded`), entry by entry. */
export function diffLock(live: Lock, recorded: Lock): LockDiff {
  const diff: LockDiff = { changed: [], missing: [], extra: [], extensions: [], profileChanged: live.hashProfile !== recorded.hashProfile };
  for (const [path, entry] of Object.entries(live.files)) {
    const old = recorded.files[path];
    if (!old) {
      diff.missing.push(path);
      continue;
    }
    const fields = changedFields(entry, old).filter((f) => !(diff.profileChanged && f === 'normalized'));
    if (fields.length > 0) diff.changed.push({ path, fields, whitespaceOnly: isWhitespaceOnly(entry, old, fields) });
  }
  for (const path of Object.keys(recorded.files)) if (!live.files[path]) diff.extra.push(path);
  const kinds = new Set([...Object.keys(live.extensions), ...Object.keys(recorded.extensions)]);
  for (const kind of [...kinds].sort()) {
    const now = live.extensions[kind] ?? {};
    const then = recorded.extensions[kind] ?? {};
    for (const key of [...new Set([...Object.keys(now), ...Object.keys(then)])].sort()) {
      const a = now[key];
      const b = then[key];
      const base = { key: `${kind}:${key}`, kind, entry: key };
      if (!b) diff.extensions.push({ ...base, change: 'missing' });
      else if (!a) diff.extensions.push({ ...base, change: 'extra' });
      else if (!sameJson(a, b)) diff.extensions.push({ ...base, change: 'changed', fields: changedFieldsOf(a, b) });
    }
  }
  return diff;
}

function changedFields(now: LockEntry, then: LockEntry): ComparedField[] {
  return COMPARED_FIELDS.filter((f) => !sameJson(now[f] ?? null, then[f] ?? null));
}

function isWhitespaceOnly(now: LockEntry, then: LockEntry, fields: readonly ComparedField[]): boolean {
  return fields.includes('integrity') && now.normalized !== undefined && now.normalized === then.normalized && !fields.some((f) => f === 'imports' || f === 'version' || f === 'frontmatter' || f === 'bundle' || f === 'kind');
}

export function isEmptyDiff(diff: LockDiff): boolean {
  return diff.changed.length === 0 && diff.missing.length === 0 && diff.extra.length === 0 && diff.extensions.length === 0 && !diff.profileChanged;
}
