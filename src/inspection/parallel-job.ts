/**
 * The shared job board of a two-thread draw (used by draw-worker.ts and parallel.ts): the strata
 * jobs of one population, claimed one at a time by whichever thread is free (Atomics.add on a
 * shared counter), results written into preallocated shared arrays. Each stratum is drawn whole by
 * one thread with the same kernel, so who draws it does not change the result.
 */
import { compareWordsUscc, drawJob, kernelContext, type KernelJob } from './draw-kernel.js';
import { LineHasher } from './compact.js';

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
 * control[DIGEST]: the draw digest in `digest`: 0 not taken on (the caller computes it once the
 * worker has finished drawing), 3 being computed, 1 written, 2 given up (the caller computes it).
 *
 * @example
 * ```ts
 * Atomics.load(data.control, DIGEST) === 1; // data.digest holds the 32 bytes
 * ```
 */
export const DIGEST = 3;

/**
 * What the main thread hands a draw worker (typed arrays over SharedArrayBuffers).
 *
 * @example
 * ```ts
 * new Worker(script, { workerData: data satisfies ShardJobData });
 * ```
 */
export interface ShardJobData {
  /** STATUS, NEXT, DONE, DIGEST (see above). */
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
  /**
   * Per job the prefix of its digest lines (`stratumKey,`), when the worker is to compute the draw
   * digest once every job is drawn (see manifest.ts), into `digest` (32 bytes).
   */
  readonly labels?: readonly string[];
  readonly digest?: Uint8Array;
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

/**
 * The draw digest of a finished board into `data.digest`: SHA-256 over the lines
 * `label + uscc + "\n"` of every job's draws, jobs in order, draws in rank order (the manifest's
 * drawDigest, computed from the shared results so the calling thread need not).
 *
 * @example
 * ```ts
 * digestJobs(data); // in the worker, once control[DONE] === data.jobs.length
 * ```
 */
export function digestJobs(data: ShardJobData): void {
  const { labels, digest, words, ids } = data;
  if (!labels || !digest) return;
  const h = new LineHasher();
  for (let j = 0; j < data.jobs.length; j++) {
    const prefix = Buffer.from(labels[j]!, 'utf8');
    const s = data.start[j]!;
    const e = s + data.count[j]!;
    for (let p = s; p < e; p++) {
      h.bytes(prefix);
      h.usccWords(words, ids[p]!);
      h.byte(10);
    }
  }
  digest.set(Buffer.from(h.digest(), 'hex'));
}
