import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** package.json seen from src/ and dist/ (tests, library) or from dist/cli/bundle/ (the bundled CLI). */
function readPackageJson(): { name: string; version: string } {
  try {
    return require('../package.json') as { name: string; version: string };
  } catch {
    return require('../../../package.json') as { name: string; version: string };
  }
}

const pkg = readPackageJson();

export const TOOL_NAME = pkg.name;
export const TOOL_VERSION = pkg.version;
