import v8 from 'node:v8';

/**
 * A command that runs for about a second gains nothing from V8's optimizing compiler working early: most of what it
 * compiles runs a few hundred times and is left behind, and `agentgov history` spent a third of its CPU compiling
 * (bench/history.bench.mjs: 1.1 s of CPU → 0.8 s with the budget below). Functions are optimized after four times
 * V8's default budget of work (132 KB of bytecode executed), so loops that run long still get optimized code.
 */
export function tuneForShortRun(): void {
  v8.setFlagsFromString('--interrupt-budget=540672');
}
