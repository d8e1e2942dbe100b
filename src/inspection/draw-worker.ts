/**
 * Worker-thread entry (built to dist/inspection-worker.cjs): draws strata of a large population
 * for drawPopulation alongside the main thread (see parallel.ts). Input and output are typed
 * arrays over SharedArrayBuffers in workerData; jobs are claimed from a shared counter, and the
 * end is signalled through control[STATUS] (1 finished, 2 failed) with Atomics.notify, so the
 * main thread can wait for it synchronously. Then, given `labels`, it computes the draw digest of
 * the finished board (control[DIGEST]) while the main thread goes on assembling the plan.
 */
import { workerData } from 'node:worker_threads';
import { DIGEST, digestJobs, DONE, runJobs, STATUS, type ShardJobData } from './parallel-job.js';

const data = workerData as ShardJobData;
let status = 2;
try {
  runJobs(data);
  status = 1;
} catch {
  status = 2;
}
// The draw digest follows, once the calling thread has drawn its last jobs: this thread is idle
// while the caller assembles the plan. control[DIGEST] = 3 (taken on) is set before STATUS, so the
// caller knows to wait for it; it computes the digest itself when this thread gives up (2).
const digesting = status === 1 && data.labels !== undefined && data.digest !== undefined;
if (digesting) Atomics.store(data.control, DIGEST, 3);
Atomics.store(data.control, STATUS, status);
Atomics.notify(data.control, DONE);
Atomics.notify(data.control, DIGEST);
if (digesting) {
  let state = 2;
  try {
    const { control } = data;
    const deadline = performance.now() + 120_000;
    for (;;) {
      const done = Atomics.load(control, DONE);
      if (done >= data.jobs.length) break;
      const left = deadline - performance.now();
      if (left <= 0) throw new Error('the draw did not finish');
      Atomics.wait(control, DONE, done, left);
    }
    digestJobs(data);
    state = 1;
  } catch {
    state = 2;
  }
  Atomics.store(data.control, DIGEST, state);
  Atomics.notify(data.control, DIGEST);
}
