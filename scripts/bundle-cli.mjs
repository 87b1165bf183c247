// Bundles the CLI into a few ES modules (dist/cli/bundle/). Node resolves, reads and links every module
// of an unbundled build one by one; for a command-line tool started on every commit that start-up is
// most of the run. Dynamic imports stay dynamic (code splitting), so each command still loads only
// what it needs. tsc still emits dist/ for the library entry and its type declarations.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';

const outdir = new URL('../dist/cli/bundle/', import.meta.url).pathname;
await rm(outdir, { recursive: true, force: true });
const result = await build({
  entryPoints: { main: new URL('../src/cli/main.ts', import.meta.url).pathname },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  // jsonc-parser's `main` is a UMD build whose requires esbuild cannot follow; its `module` build is plain ESM.
  mainFields: ['module', 'main'],
  target: 'node20',
  chunkNames: 'chunk-[hash]',
  // The dependencies are CommonJS in part (commander, simple-git): give them a `require` in ESM output.
  banner: { js: "import { createRequire as __agentgovCreateRequire } from 'node:module'; const require = __agentgovCreateRequire(import.meta.url);" },
  sourcemap: 'linked',
  logLevel: 'warning',
  metafile: true,
});

// `import { z } from 'zod'` keeps the whole namespace, every locale included (~0.6 MB parsed at each start);
// `import * as z from 'zod'` lets esbuild keep only what is used. Fail the build rather than regress silently.
const bundled = Object.values(result.metafile.outputs).flatMap((output) => Object.entries(output.inputs).filter(([, use]) => use.bytesInOutput > 0).map(([input]) => input));
const locales = bundled.filter((input) => /zod\/v4\/locales\/(?!en\.js|index\.js)/.test(input));
if (locales.length > 0) {
  console.error(`bundle-cli: ${locales.length} zod locales were bundled; import zod as \`import * as z from 'zod'\`.`);
  process.exit(1);
}
