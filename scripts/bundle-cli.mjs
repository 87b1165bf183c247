// Bundles the CLI into one CommonJS file (dist/cli/agentgov.cjs) and writes V8's code cache for it. Node resolves,
// reads, links and compiles every module of an unbundled build one by one; for a tool started on every commit that
// start-up was most of the run. Lazy `import()`s inside the bundle stay lazy: esbuild initialises a module only when
// it is first imported. tsc still emits dist/ for the library entry and its type declarations.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { BUNDLE_FILE, BUNDLE_WRAPPER_HEAD, BUNDLE_WRAPPER_TAIL, OWN_CACHE_COMMANDS, cacheFileFor } = await import('../bin/load-bundle.js');

const packageJson = JSON.parse(await readFile(path.join(repo, 'package.json'), 'utf8'));
await Promise.all(['', ...OWN_CACHE_COMMANDS].map((command) => rm(cacheFileFor(BUNDLE_FILE, command), { force: true })));
/**
 * What both bundles share: one CommonJS file for Node 20; less source to read and hash at every start, identifiers
 * keep their names (error names, readable stacks).
 */
const COMMON = { bundle: true, format: 'cjs', platform: 'node', target: 'node20', logLevel: 'warning', minifyWhitespace: true, minifySyntax: true };

const result = await build({
  ...COMMON,
  entryPoints: [path.join(repo, 'src', 'cli', 'main.ts')],
  outfile: BUNDLE_FILE,
  // jsonc-parser's `main` is a UMD build whose requires esbuild cannot follow; its `module` build is plain ESM.
  mainFields: ['module', 'main'],
  // Of jsonc-parser only the parser is used: its main module also builds the formatter's tables (about 1,200
  // indentation strings) at every start.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/impl/parser.js' },
  // version.ts takes name and version from AGENTGOV_PACKAGE when the bundle defines it (else it finds package.json
  // from its own location; in CommonJS that is the bundle's file URL).
  define: { 'import.meta.url': '__agentgovModuleUrl', AGENTGOV_PACKAGE: JSON.stringify({ name: packageJson.name, version: packageJson.version }) },
  // The file is the CommonJS wrapper function itself (bin/load-bundle.js compiles it as is): no second copy of the
  // source is made at each start to wrap it.
  banner: { js: `${BUNDLE_WRAPPER_HEAD}const __agentgovModuleUrl = require('node:url').pathToFileURL(__filename).href;` },
  footer: { js: BUNDLE_WRAPPER_TAIL },
  metafile: true,
  // The default, said aloud: bin/load-bundle.js depends on it (checked below).
  charset: 'ascii',
});

// The memory read worker (src/memory/parallel-read.ts) is a bundle of its own: the worker thread only opens, reads
// and closes files, and compiles nothing else (not the CLI).
await build({ ...COMMON, entryPoints: [path.join(repo, 'src', 'memory', 'read-worker.ts')], outfile: path.join(path.dirname(BUNDLE_FILE), 'memory-read-worker.cjs') });

// `import { z } from 'zod'` keeps the whole namespace, every locale included (~0.6 MB compiled at each start);
// `import * as z from 'zod'` lets esbuild keep only what is used. Fail the build rather than regress silently.
const bundled = Object.values(result.metafile.outputs).flatMap((output) => Object.entries(output.inputs).filter(([, use]) => use.bytesInOutput > 0).map(([input]) => input));
const locales = bundled.filter((input) => /zod\/v4\/locales\/(?!en\.js|index\.js)/.test(input));
if (locales.length > 0) {
  console.error(`bundle-cli: ${locales.length} zod locales were bundled; import zod as \`import * as z from 'zod'\`.`);
  process.exit(1);
}

const formatter = bundled.filter((input) => /jsonc-parser\/lib\/esm\/(main|impl\/format|impl\/string-intern)\.js$/.test(input));
if (formatter.length > 0) {
  console.error(`bundle-cli: jsonc-parser's formatter was bundled (${formatter.join(', ')}); import only what the parser exports.`);
  process.exit(1);
}

// bin/load-bundle.js reads the bundle as latin1 (no UTF-8 decoding at each start): that is only right for ASCII.
const bundleBytes = await readFile(BUNDLE_FILE);
const nonAscii = bundleBytes.findIndex((byte) => byte > 0x7f);
if (nonAscii !== -1) {
  console.error(`bundle-cli: ${BUNDLE_FILE} has a non-ASCII byte at offset ${nonAscii}; keep esbuild's charset 'ascii'.`);
  process.exit(1);
}

// One code cache for the whole CLI, and one for each command that has its own (bin/load-bundle.js), each trained in a
// fresh process.
for (const which of ['all', ...OWN_CACHE_COMMANDS]) {
  const trained = spawnSync(process.execPath, [path.join(repo, 'scripts', 'train-code-cache.mjs'), which], { stdio: 'inherit' });
  if (trained.status !== 0) process.exit(trained.status ?? 1);
}
