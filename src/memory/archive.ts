import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { readTextFile } from '../workspace/read-file.js';
import { writeFileAtomic } from '../workspace/write-file.js';
import { compareText } from '../text-order.js';

/** What one plan archived from one store: written when the plan commits, read by restore and purge. */
export interface ArchiveManifest {
  version: 1;
  planId: string;
  kind: 'prune' | 'forget';
  executedAt: string;
  storeId: string;
  storeRoot: string;
  /** The index rewrite, when lines were removed: hashes before and after, and the removed lines (for restore). */
  index?: { path: string; before: string; after: string; removed: { line: number; text: string; eol: string }[] };
  /** Archived items, and items that stayed in place and only lost their index lines (`indexOnly`). */
  items: { id: string; relPath: string; sha256: string; bytes: number; reasons: string[]; indexLines: number[]; indexOnly?: true; restoredAt?: string }[];
}

function archiveRoot(stateDir: string): string {
  return path.join(stateDir, 'memory-archive');
}

/** `<state-dir>/memory-archive/<storeId>/<planId>`: the plan's archived files keep their path in the store. */
export function planArchiveDir(stateDir: string, storeId: string, planId: string): string {
  return path.join(archiveRoot(stateDir), storeId, planId);
}

/** Our bookkeeping inside a plan's archive folder; store paths never start with a dot, so it cannot collide. */
export function planMetaDir(stateDir: string, storeId: string, planId: string): string {
  return path.join(planArchiveDir(stateDir, storeId, planId), '.agentgov');
}

function manifestPath(stateDir: string, storeId: string, planId: string): string {
  return path.join(planMetaDir(stateDir, storeId, planId), 'manifest.json');
}

export async function writeManifest(stateDir: string, manifest: ArchiveManifest): Promise<void> {
  await writeFileAtomic(manifestPath(stateDir, manifest.storeId, manifest.planId), `${JSON.stringify(manifest, null, 1)}\n`);
}

/** Every manifest in the archive, oldest first; unreadable ones are skipped. */
export async function readManifests(stateDir: string): Promise<ArchiveManifest[]> {
  const manifests: ArchiveManifest[] = [];
  const stores = await fsp.readdir(archiveRoot(stateDir)).catch(() => [] as string[]);
  for (const storeId of stores) {
    const plans = await fsp.readdir(path.join(archiveRoot(stateDir), storeId)).catch(() => [] as string[]);
    for (const planId of plans) {
      const read = await readTextFile(manifestPath(stateDir, storeId, planId), 64 * 1024 * 1024);
      if (read.text === undefined) continue;
      try {
        const value = JSON.parse(read.text) as ArchiveManifest;
        if (value.version === 1 && value.storeId === storeId && value.planId === planId && Array.isArray(value.items)) manifests.push(value);
      } catch {
        // A manifest is written atomically; an unparsable one is not ours.
      }
    }
  }
  return manifests.sort((a, b) => compareText(a.executedAt, b.executedAt));
}
