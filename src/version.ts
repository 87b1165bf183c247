import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * agentgov's own package.json, found by walking up from this module: the same code runs from src/ (tests), dist/
 * (the library) and dist/cli/agentgov.cjs (the bundled CLI), each at a different depth.
 */
function readPackageJson(): { name: string; version: string } {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'agentgov' && typeof pkg.version === 'string') return { name: pkg.name, version: pkg.version };
    } catch {
      // No package.json here (or not ours): keep walking up.
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('agentgov: cannot find its own package.json');
    dir = parent;
  }
}

/** Set by the CLI bundle's build (scripts/bundle-cli.mjs): the bundled CLI reads no package.json at start-up. */
declare const AGENTGOV_PACKAGE: { name: string; version: string } | undefined;

const pkg = typeof AGENTGOV_PACKAGE !== 'undefined' ? AGENTGOV_PACKAGE : readPackageJson();

export const TOOL_NAME = pkg.name;
export const TOOL_VERSION = pkg.version;
