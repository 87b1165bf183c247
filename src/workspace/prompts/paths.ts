import path from 'node:path';
import { isInside } from '../rel-inside.js';

export interface PathBases {
  root: string;
  repoRoot?: string;
  home: string;
  managedDir: string;
}

const posix = (p: string) => p.split(path.sep).join('/');

/**
 * The display path of a file: relative to the root when it is in the repository (or under the root), `~/…` in the home
 * folder, `<managed>/…` in the managed folder, else relative to the root (`../x`), so that no absolute path of the
 * machine ends up in a lock file.
 */
export function displayPathOf(abs: string, bases: PathBases): string {
  if (isInside(abs, bases.root) || (bases.repoRoot && isInside(abs, bases.repoRoot))) return posix(path.relative(bases.root, abs));
  if (isInside(abs, bases.managedDir)) return `<managed>/${posix(path.relative(bases.managedDir, abs))}`;
  if (isInside(abs, bases.home)) return `~/${posix(path.relative(bases.home, abs))}`;
  return posix(path.relative(bases.root, abs));
}
