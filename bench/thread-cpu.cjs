// Preload for benches (`node -r ./bench/thread-cpu.cjs …`): when the process exits, appends the CPU time of its
// main thread and of its other live threads (V8's compiler and GC helpers, libuv's pool), in ms, as one JSON line
// to $AGENTGOV_THREAD_CPU_FILE. Linux only (/proc/self/task); elsewhere it writes nothing.
// Why: the main thread is the critical path of a run whose git processes use the other cores, and its CPU time
// does not grow when other work shares the machine, where wall-clock time does.
'use strict';
const { appendFileSync, readdirSync, readFileSync } = require('node:fs');
const { isMainThread } = require('node:worker_threads');

const out = process.env.AGENTGOV_THREAD_CPU_FILE;
if (out && isMainThread && process.platform === 'linux') {
  process.on('exit', () => {
    const tick = 1000 / 100; // USER_HZ is 100 on Linux
    let main = 0;
    let others = 0;
    try {
      for (const tid of readdirSync('/proc/self/task')) {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const ms = (Number(fields[11]) + Number(fields[12])) * tick;
        if (tid === String(process.pid)) main += ms;
        else others += ms;
      }
      appendFileSync(out, `${JSON.stringify({ main, others })}\n`);
    } catch {
      // No figures rather than a failed run.
    }
  });
}
