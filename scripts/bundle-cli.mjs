// Bundles the CLI into a few ES modules (dist/cli/bundle/). Node resolves, reads and links every module
// of an unbundled build one by one; for a command-line tool started on every commit that start-up is
// most of the run. Dynamic imports stay dynamic (code splitting), so each command still loads only
// what it needs. tsc still emits dist/ for the library entry and its type declarations.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';

const outdir = new URL('../dist/cli/bundle/', import.meta.url).pathname;
await rm(outdir, { recursive: true, force: true });
await build({
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
});
