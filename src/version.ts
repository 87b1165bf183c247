import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// The same relative path works from src/ (tests) and dist/ (the built CLI).
const pkg = require('../package.json') as { name: string; version: string };

export const TOOL_NAME = pkg.name;
export const TOOL_VERSION = pkg.version;
