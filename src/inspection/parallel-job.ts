/**
 * The shared job board of a two-thread draw (used by draw-worker.ts and parallel.ts): the strata
 * jobs of one population, claimed one at a time by whichever thread is free (Atomics.add on a
 * shared counter), results written into preallocated shared arrays. Each stratum is drawn whole by
 * one thread with the same kernel, so who draws it does not change the result.
 */
import { compareWordsUscc, drawJob, kernelContext, type KernelJob } from './draw-kernel.js';

/**
 * control[STATUS]: the worker's state, 0 running, 1 finished, 2 failed.
 *
 * @example
 * ```ts
 * Atomics.load(data.control, STATUS) === 2; // the worker failed: draw its jobs here
 * ```
 */
export const STATUS = 0;
/**
 * control[NEXT]: the next unclaimed job (claimed with Atomics.add).
 *
 * @example
 * ```ts
 * const j = Atomics.add(data.control, NEXT, 1);
 * ```
 */
export const NEXT = 1;
/**
 * control[DONE]: jobs finished by either thread (waited on with Atomics.wait).
 *
 * @example
 * ```ts
 * Atomics.load(data.control, DONE) === data.jobs.length; // all drawn
 * ```
 */
export const DONE = 2;

/**
 * What the main thread hands a draw worker (typed arrays over SharedArrayBuffers).
 *
 * @example
 * ```ts
 * new Worker(script, { workerData: data satisfies ShardJobData });
 * ```
 */
export interface ShardJobData {
  /** STATUS, NEXT, DONE (see above). */
  readonly control: Int32Array;
  /** The population's 6 words per enterprise, class indices and 无感监测 flags. */
  readonly words: Uint32Array;
  readonly classOf: Int32Array;
  readonly nd: Uint8Array;
  readonly classCount: number;
  readonly jobs: readonly KernelJob[];
  /** Job j writes its draw at [start[j], start[j] + count[j]) of ids/hi/lo (capacity n each). */
  readonly start: Int32Array;
  readonly count: Int32Array;
  /** 1 once job j's results are written. */
  readonly done: Int32Array;
  readonly ids: Int32Array;
  readonly hi: Uint32Array;
  readonly lo: Uint32Array;
}

/**
 * Claims and draws jobs until none is left (`only`: just the listed jobs, claimed or not).
 * `compareIds` breaks rank ties by USCC; by default from the packed words (ASCII USCCs).
 *
 * @example
 * ```ts
 * runJobs(data); // in the worker; the main thread passes a string comparator
 * ```
 */
export function runJobs(data: ShardJobData, compareIds?: (a: number, b: number) => number, only?: readonly number[]): void {
  const { words, control } = data;
  const compare = compareIds ?? ((a: number, b: number) => compareWordsUscc(words, a, b));
  let ctx: ReturnType<typeof kernelContext> | undefined;
  let next = 0;
  for (;;) {
    const j = only ? (next < only.length ? only[next++]! : data.jobs.length) : Atomics.add(control, NEXT, 1);
    if (j >= data.jobs.length) return;
    ctx ??= kernelContext({ words, classOf: data.classOf, nd: data.nd, classCount: data.classCount });
    const d = drawJob(ctx, data.jobs[j]!, compare);
    const s = data.start[j]!;
    data.ids.set(d.ids, s);
    data.hi.set(d.hi, s);
    data.lo.set(d.lo, s);
    data.count[j] = d.ids.length;
    if (Atomics.exchange(data.done, j, 1) === 0) Atomics.add(control, DONE, 1);
    Atomics.notify(control, DONE);
  }
}
