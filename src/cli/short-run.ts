import { createRequire } from 'node:module';

/**
 * A command that runs for about a second gains nothing from V8's optimizing compiler working early: most of what it
 * compiles runs a few hundred times and is left behind. `agentgov history` spent a third of its CPU compiling
 * (bench/history.bench.mjs: 1.1 s of CPU → 0.8 s with the budget below); `memory plan`, which runs longer over
 * 50,000 files, did not gain, so commands ask for this themselves. Functions are optimized after eight times V8's
 * default budget of work (66 KB of bytecode executed in Node 20), so loops that run long still get optimized code.
 * For the CLI process only (`main` offers it through CliIo): code that runs agentgov in-process keeps its settings.
 */
export function tuneForShortRun(): void {
  // Loaded here, not at start-up: only `history` asks, and node:v8 brings its own internal modules.
  const v8 = createRequire(import.meta.url)('node:v8') as typeof import('node:v8');
  v8.setFlagsFromString('--interrupt-budget=540672');
}
