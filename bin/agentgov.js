#!/usr/bin/env node
'use strict';
const { loadBundle } = require('./load-bundle.js');

let main;
try {
  ({ main } = loadBundle({ command: process.argv[2] }).exports);
} catch (error) {
  process.stderr.write(`agentgov: fatal: cannot load dist/cli/agentgov.cjs (run \`npm run build\`): ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}
main(process.argv.slice(2)).then(
  (code) => {
    // 2 already: the output could not be written (src/cli/main.ts), whatever the run found.
    if (process.exitCode !== 2) process.exitCode = code;
    // Everything the command does is done once main resolves, but a natural exit still tears down V8's heap (about
    // 3 ms after a long history). Exiting here skips that; it waits for stdout and stderr to take what was written
    // first (pipes are asynchronous on some systems), so no output is lost.
    const exitCode = process.exitCode;
    process.stdout.write('', () => process.stderr.write('', () => process.exit(exitCode)));
  },
  (error) => {
    process.stderr.write(`agentgov: fatal: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
