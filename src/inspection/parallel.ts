/**
 * The two-thread draw of a large population: the strata (agency × item × class) are jobs on a
 * shared board; a worker thread (dist/inspection-worker.cjs) and the calling thread each claim the
 * next unclaimed stratum until none is left, so the split adapts to how much CPU each thread gets
 * on a busy machine. A stratum is drawn whole by one thread with the same kernel
 * (draw-kernel.ts) over the same packed population, so the draw is identical to a single-threaded
 * one. The caller waits synchronously (Atomics.wait on shared memory), so `planInspections` and
 * `drawPopulation` stay synchronous. After the draw the worker also hashes the drawn pairs into
 * the manifest's draw digest while the calling thread assembles the plan.
 *
 * The worker bundle is looked up next to the running xinfeng bundle (dist/). When it is not there
 * (xinfeng used from source, or a bundler that does not copy it), or the worker fails or does not
 * answer, the shard is drawn on the calling thread instead: same result, one core.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { KernelDraw, KernelJob } from './draw-kernel.js';
import { DIGEST, digestJobs, DONE, runJobs, STATUS, type ShardJobData } from './parallel-job.js';

declare const __dirname: string | undefined;

/**
 * Populations at least this large are drawn on two threads when the worker bundle is found
 * (smaller ones are done before a worker thread would have started).
 *
 * @example
 * ```ts
 * population.length >= PARALLEL_DRAW_THRESHOLD; // → two threads by default
 * ```
 */
export const PARALLEL_DRAW_THRESHOLD = 50_000;

const WORKER_FILE = 'inspection-worker.cjs';

let located: string | null | undefined;

/**
 * The draw worker bundle next to this bundle (dist/inspection-worker.cjs), or undefined.
 *
 * @example
 * ```ts
 * findDrawWorker(); // '/…/node_modules/xinfeng/dist/inspection-worker.cjs' or undefined from source
 * ```
 */
export function findDrawWorker(): string | undefined {
  if (located === undefined) {
    located = null;
    let dir: string | undefined;
    if (typeof __dirname === 'string') dir = __dirname;
    else {
      try {
        dir = dirname(fileURLToPath(import.meta.url));
      } catch {
        dir = undefined;
      }
    }
    if (dir && existsSync(join(dir, WORKER_FILE))) located = join(dir, WORKER_FILE);
  }
  return located ?? undefined;
}

/**
 * A draw shared with a worker thread.
 *
 * @example
 * ```ts
 * const w = startDrawWorker(script, shard, jobs); try { digest(); draws = w.help(compare); } finally { w.stop(); }
 * ```
 */
export interface DrawWorker {
  /**
   * Draws the jobs the worker has not claimed on this thread, waits for the worker's, and returns
   * every job's draw (jobs the worker failed to finish are drawn here).
   */
  help(compareIds: (a: number, b: number) => number): KernelDraw[];
  /**
   * The draw digest (hex) the worker computes after the draw when `labels` were given; waits for
   * it, or computes it on this thread when the worker cannot. Call after `help`.
   */
  digest(): string;
  /** Ends the worker (after a failure; a worker left alone exits once its digest is written). */
  stop(): void;
}

/** How long the calling thread waits for the worker's last jobs before drawing them itself. */
const WAIT_MS = 120_000;

/**
 * Starts a worker thread on the job board of a population (typed arrays over SharedArrayBuffers,
 * not copied). The worker begins claiming jobs at once; the caller joins with `help`.
 *
 * @example
 * ```ts
 * const w = startDrawWorker(findDrawWorker()!, { words, classOf, nd, classCount }, jobs, labels);
 * ```
 */
export function startDrawWorker(script: string, shard: { words: Uint32Array; classOf: Int32Array; nd: Uint8Array; classCount: number }, jobs: readonly KernelJob[], labels?: readonly string[]): DrawWorker {
  const start = new Int32Array(jobs.length);
  let total = 0;
  jobs.forEach((j, i) => {
    start[i] = total;
    total += j.n;
  });
  const shared = (bytes: number) => new SharedArrayBuffer(Math.max(bytes, 4));
  const data: ShardJobData = {
    control: new Int32Array(shared(16)),
    words: shard.words,
    classOf: shard.classOf,
    nd: shard.nd,
    classCount: shard.classCount,
    jobs: jobs.map((j) => ({ key: j.key, classIndex: j.classIndex, offsite: j.offsite, n: j.n })),
    start,
    count: new Int32Array(shared(4 * jobs.length)),
    done: new Int32Array(shared(4 * jobs.length)),
    ids: new Int32Array(shared(4 * total)),
    hi: new Uint32Array(shared(4 * total)),
    lo: new Uint32Array(shared(4 * total)),
    ...(labels ? { labels, digest: new Uint8Array(shared(32)) } : {}),
  };
  let worker: Worker | undefined;
  try {
    // A missing bundle would only fail inside the worker: draw on this thread at once instead.
    if (!existsSync(script)) throw new Error(`no draw worker at ${script}`);
    worker = new Worker(script, { workerData: data });
    worker.unref();
    // Failures are seen through control[STATUS] or the timeout; keep an 'error' event from crashing the process.
    worker.on('error', () => {});
  } catch {
    worker = undefined;
  }
  const stop = (): void => {
    if (worker) void worker.terminate().catch(() => {});
    worker = undefined;
  };
  return {
    help(compareIds) {
      const { control } = data;
      runJobs(data, compareIds);
      const deadline = performance.now() + WAIT_MS;
      for (;;) {
        const done = Atomics.load(control, DONE);
        if (done >= jobs.length) break;
        const left = deadline - performance.now();
        if (!worker || Atomics.load(control, STATUS) !== 0 || left <= 0) {
          // The worker failed or is stuck: draw what it left unfinished here (and the digest, see below).
          runJobs(data, compareIds, jobs.map((_, j) => j).filter((j) => Atomics.load(data.done, j) === 0));
          if (Atomics.load(control, STATUS) !== 1) stop();
          break;
        }
        Atomics.wait(control, DONE, done, left);
      }
      return jobs.map((_, j) => {
        const s = data.start[j]!;
        const e = s + data.count[j]!;
        return { ids: data.ids.slice(s, e), hi: data.hi.slice(s, e), lo: data.lo.slice(s, e) };
      });
    },
    digest() {
      const { control } = data;
      const deadline = performance.now() + WAIT_MS;
      for (;;) {
        const state = Atomics.load(control, DIGEST);
        if (state === 1) return Buffer.from(data.digest!).toString('hex');
        const left = deadline - performance.now();
        // Digest here when the worker gave up (2), did not take it on (0 after drawing: failed, or
        // a worker bundle that does not compute it), is gone, or is too slow.
        if (state === 2 || !worker || left <= 0 || (state === 0 && Atomics.load(control, STATUS) !== 0)) break;
        Atomics.wait(control, DIGEST, state, Math.min(left, 1000));
      }
      const local = { ...data, digest: new Uint8Array(32) };
      digestJobs(local);
      return Buffer.from(local.digest).toString('hex');
    },
    stop,
  };
}
