import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** `../shared` beside the clone (CI puts it there). Tests that need it fail loudly when it is missing. */
export function sharedPath(...parts: string[]): string {
  const shared = path.resolve(REPO_ROOT, '..', 'shared');
  if (!existsSync(shared)) throw new Error(`../shared is missing next to ${REPO_ROOT}: copy the shared folder beside the clone`);
  return path.join(shared, ...parts);
}
