/**
 * Worker-thread entry (built to dist/inspection-worker.cjs): draws strata of a large population
 * for drawPopulation alongside the main thread (see parallel.ts). Input and output are typed
 * arrays over SharedArrayBuffers in workerData; jobs are claimed from a shared counter, and the
 * end is signalled through control[STATUS] (1 finished, 2 failed) with Atomics.notify, so the
 * main thread can wait for it synchronously.
 */
import { workerData } from 'node:worker_threads';
import { DONE, runJobs, STATUS, type ShardJobData } from './parallel-job.js';

const data = workerData as ShardJobData;
let status = 2;
try {
  runJobs(data);
  status = 1;
} catch {
  status = 2;
}
Atomics.store(data.control, STATUS, status);
Atomics.notify(data.control, DONE);
