// Runs `memory prune --apply` through the built library and SIGKILLs itself right after journal step N was made
// durable (before the step runs), or right after the step's "done" entry: a real crash, lock and all left behind.
import { applyPrune } from '../../dist/memory/service.js';

const [options, killAt] = [JSON.parse(process.argv[2]), Number(process.argv[3])];
let step = 0;
await applyPrune(options, {
  force: true,
  onStep() {
    step++;
    if (step === killAt) process.kill(process.pid, 'SIGKILL');
  },
});
process.stdout.write(`finished after ${step} steps\n`);
