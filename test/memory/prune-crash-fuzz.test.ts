import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/shared.js';

const run = promisify(execFile);

/**
 * scripts/fuzz-prune.mjs with 20 runs (`node scripts/fuzz-prune.mjs` runs 500): the built CLI's `memory prune --apply`
 * is SIGKILLed at seeded random times — during startup and planning, and inside the prune at any point, not only
 * between journal steps — then `memory recover` runs. Every item must be in place or archived by a committed plan, byte
 * for byte, MEMORY.md must be the original minus exactly the archived items' lines, and a committed plan must restore
 * to the original bytes and mtimes.
 */
describe('memory prune under SIGKILL at random points', () => {
  it('20 killed prunes: nothing lost, every one recovered', async () => {
    const { stdout } = await run(process.execPath, [path.join(REPO_ROOT, 'scripts/fuzz-prune.mjs'), '--runs', '20', '--seed', '20261121', '--json'], { cwd: REPO_ROOT, timeout: 150_000 });
    const summary = JSON.parse(stdout) as { runs: number; counts: Record<string, number>; failures: unknown[]; items: number };
    process.stdout.write(`fuzz-prune: ${JSON.stringify(summary.counts)}, ${summary.items} items\n`);
    expect(summary.failures).toEqual([]);
    expect(summary.runs).toBe(20);
    expect(Object.values(summary.counts).reduce((a, b) => a + b, 0)).toBe(20);
    // The harness must really have interrupted prunes, not only finished ones or ones that never began.
    expect((summary.counts['killed mid-prune, rolled back'] ?? 0) + (summary.counts['killed after commit'] ?? 0)).toBeGreaterThan(0);
  }, 180_000);
});
