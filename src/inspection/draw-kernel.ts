/**
 * The draw kernel over typed arrays only (no strings, no rulebook): per stratum job, the n smallest
 * (rank, USCC) of one shard's eligible members. The main thread and the draw worker
 * (draw-worker.ts) run this same code, so a shard drawn in a worker gives the candidates the main
 * thread would have drawn.
 */
import { sipHashBlocks, top53, type SipKey } from './siphash.js';
import { sortByKeys } from './compact.js';

/**
 * One stratum to draw in a shard: its SipHash key, class index, member set and n.
 *
 * @example
 * ```ts
 * const job: KernelJob = { key, classIndex: 1, offsite: false, n: 120 };
 * ```
 */
export interface KernelJob {
  readonly key: SipKey;
  readonly classIndex: number;
  /** Off-site strata draw from every member of the class; on-site ones skip 无感监测 enterprises. */
  readonly offsite: boolean;
  readonly n: number;
}

/**
 * A shard as typed arrays: 6 SipHash message words per enterprise (see packUsccWords in draw.ts),
 * its class index and its 无感监测 flag.
 *
 * @example
 * ```ts
 * const shard: KernelShard = { words, classOf, nd, classCount: 4 };
 * ```
 */
export interface KernelShard {
  readonly words: Uint32Array;
  readonly classOf: Int32Array;
  readonly nd: Uint8Array;
  readonly classCount: number;
}

/**
 * One job's draw: shard-local enterprise ids in (rank, USCC) order with their 64-bit SipHash values.
 *
 * @example
 * ```ts
 * const { ids, hi, lo } = drawKernel(shard, jobs, compare)[0];
 * ```
 */
export interface KernelDraw {
  readonly ids: Int32Array;
  readonly hi: Uint32Array;
  readonly lo: Uint32Array;
}

/** Member lists per class: every enterprise (off-site strata) and those not on the 无感监测 list. */
function classMembers(shard: KernelShard): { all: Int32Array[]; notNd: Int32Array[] } {
  const { classOf, nd, classCount } = shard;
  const m = classOf.length;
  const countAll = new Int32Array(classCount);
  const countNotNd = new Int32Array(classCount);
  for (let i = 0; i < m; i++) {
    const c = classOf[i]!;
    countAll[c]!++;
    if (!nd[i]) countNotNd[c]!++;
  }
  const all = Array.from(countAll, (n) => new Int32Array(n));
  const notNd = Array.from(countNotNd, (n) => new Int32Array(n));
  countAll.fill(0);
  countNotNd.fill(0);
  for (let i = 0; i < m; i++) {
    const c = classOf[i]!;
    all[c]![countAll[c]!++] = i;
    if (!nd[i]) notNd[c]![countNotNd[c]!++] = i;
  }
  return { all, notNd };
}

const TWO53 = 9007199254740992;

/**
 * Positions (into `rank`) of the n smallest ranks in (rank, USCC) order. Ranks are uniform on
 * [0, 2^53), so a threshold a few standard deviations above the expected n-th value keeps only a
 * few more than n for the exact sort; if too few pass, everything is sorted. Same result either way.
 */
function smallest(ctx: KernelContext, m: number, n: number, compareAt: (a: number, b: number) => number): Int32Array {
  const { rank } = ctx;
  const q = Math.min(1, (n + 6 * Math.sqrt(n) + 16) / m);
  let pool = new Int32Array(0);
  let size = 0;
  if (q < 1) {
    const limit = q * TWO53;
    for (let j = 0; j < m; j++) if (rank[j]! < limit) size++;
    pool = new Int32Array(size);
    size = 0;
    for (let j = 0; j < m; j++) if (rank[j]! < limit) pool[size++] = j;
  }
  if (size < n) {
    pool = new Int32Array(m);
    for (let j = 0; j < m; j++) pool[j] = j;
    size = m;
  }
  if (size >= RADIX_MIN) sortByHash(pool, size, ctx);
  else sortByKeys(pool, size, rank, rank);
  breakTies(pool, size, rank, compareAt);
  return pool.subarray(0, n);
}

/** Pools at least this large are radix-sorted (full-coverage strata sort whole classes). */
const RADIX_MIN = 8192;

/**
 * Sorts pool[0..size) ascending by the 64-bit SipHash value of each position (his, los): LSD radix
 * on 16-bit digits, four passes, so the result ends in `pool`. Ordering by the 64-bit value orders
 * by rank (its top 53 bits); runs of equal rank are then put in USCC order by breakTies, as after
 * the comparison sort, so the result is the same.
 */
function sortByHash(pool: Int32Array, size: number, ctx: KernelContext): void {
  const tmp = ctx.scratch.subarray(0, size);
  const src = pool.subarray(0, size);
  radixPass(src, tmp, ctx.los, 0, ctx.count);
  radixPass(tmp, src, ctx.los, 16, ctx.count);
  radixPass(src, tmp, ctx.his, 0, ctx.count);
  radixPass(tmp, src, ctx.his, 16, ctx.count);
}

/** One stable counting pass: `src` into `dst` by the 16-bit digit of words[position] at `shift`. */
function radixPass(src: Int32Array, dst: Int32Array, words: Uint32Array, shift: number, count: Int32Array): void {
  count.fill(0);
  const size = src.length;
  for (let i = 0; i < size; i++) count[(words[src[i]!]! >>> shift) & 0xffff]!++;
  let sum = 0;
  for (let v = 0; v < 65536; v++) {
    const c = count[v]!;
    count[v] = sum;
    sum += c;
  }
  for (let i = 0; i < size; i++) {
    const p = src[i]!;
    dst[count[(words[p]! >>> shift) & 0xffff]!++] = p;
  }
}

/** Orders runs of equal rank by USCC (code-unit order); with 53-bit ranks such runs are rare. */
function breakTies(pool: Int32Array, size: number, rank: Float64Array, compareAt: (a: number, b: number) => number): void {
  for (let a = 0; a < size - 1; a++) {
    if (rank[pool[a]!] !== rank[pool[a + 1]!]) continue;
    let b = a + 1;
    while (b + 1 < size && rank[pool[b + 1]!] === rank[pool[a]!]) b++;
    const run = Array.from(pool.subarray(a, b + 1)).sort(compareAt);
    pool.set(run, a);
    a = b;
  }
}

/**
 * Per-thread state for drawing jobs over one shard: class member lists and scratch arrays.
 *
 * @example
 * ```ts
 * const ctx = kernelContext(shard); const d = drawJob(ctx, jobs[0], compare);
 * ```
 */
export interface KernelContext {
  readonly words: Uint32Array;
  readonly all: readonly Int32Array[];
  readonly notNd: readonly Int32Array[];
  readonly rank: Float64Array;
  readonly his: Uint32Array;
  readonly los: Uint32Array;
  /** Scratch for sortByHash: positions and 16-bit digit counts. */
  readonly scratch: Int32Array;
  readonly count: Int32Array;
}

/**
 * Prepares a shard for {@link drawJob}.
 *
 * @example
 * ```ts
 * const ctx = kernelContext({ words, classOf, nd, classCount: 4 });
 * ```
 */
export function kernelContext(shard: KernelShard): KernelContext {
  const { all, notNd } = classMembers(shard);
  const m = shard.classOf.length;
  return { words: shard.words, all, notNd, rank: new Float64Array(m), his: new Uint32Array(m), los: new Uint32Array(m), scratch: new Int32Array(m), count: new Int32Array(65536) };
}

/**
 * Draws one job: the n smallest (rank, USCC) of its members. `compareIds(a, b)` orders two
 * shard-local enterprise ids by USCC (code-unit order); it breaks rank ties only. A job with no
 * eligible member gives empty arrays.
 *
 * @example
 * ```ts
 * const { ids, hi, lo } = drawJob(kernelContext(shard), job, (a, b) => cmp(usccs[a], usccs[b]));
 * ```
 */
export function drawJob(ctx: KernelContext, job: KernelJob, compareIds: (a: number, b: number) => number): KernelDraw {
  const { words, rank, his, los } = ctx;
  const out = new Uint32Array(2);
  const members = job.offsite ? ctx.all[job.classIndex]! : ctx.notNd[job.classIndex]!;
  const size = members.length;
  const key = job.key;
  for (let j = 0; j < size; j++) {
    sipHashBlocks(key, words, 6 * members[j]!, 3, out);
    his[j] = out[0]!;
    los[j] = out[1]!;
    rank[j] = top53(out[0]!, out[1]!);
  }
  const chosen = size === 0 ? new Int32Array(0) : smallest(ctx, size, Math.min(job.n, size), (a, b) => compareIds(members[a]!, members[b]!));
  const k = chosen.length;
  const ids = new Int32Array(k);
  const hi = new Uint32Array(k);
  const lo = new Uint32Array(k);
  for (let j = 0; j < k; j++) {
    const p = chosen[j]!;
    ids[j] = members[p]!;
    hi[j] = his[p]!;
    lo[j] = los[p]!;
  }
  return { ids, hi, lo };
}

/**
 * Draws every job in one shard (see {@link drawJob}).
 *
 * @example
 * ```ts
 * const draws = drawKernel({ words, classOf, nd, classCount }, jobs, (a, b) => cmp(usccs[a], usccs[b]));
 * ```
 */
export function drawKernel(shard: KernelShard, jobs: readonly KernelJob[], compareIds: (a: number, b: number) => number): KernelDraw[] {
  const ctx = kernelContext(shard);
  return jobs.map((job) => drawJob(ctx, job, compareIds));
}

/**
 * Packs one 18-character ASCII USCC into its six 32-bit words at `words[6 * i …]`: the layout
 * SipHash reads (two little-endian 8-byte blocks, then the last 2 bytes with the length byte) and
 * {@link compareWordsUscc} compares.
 *
 * @example
 * ```ts
 * const words = new Uint32Array(6); packUsccWordsAt(words, 0, '91310112MA1FL8X41X');
 * ```
 */
export function packUsccWordsAt(words: Uint32Array, i: number, u: string): void {
  const o = 6 * i;
  for (let b = 0; b < 2; b++) {
    const p = 8 * b;
    words[o + 2 * b + 1] = (u.charCodeAt(p) | (u.charCodeAt(p + 1) << 8) | (u.charCodeAt(p + 2) << 16) | (u.charCodeAt(p + 3) << 24)) >>> 0;
    words[o + 2 * b] = (u.charCodeAt(p + 4) | (u.charCodeAt(p + 5) << 8) | (u.charCodeAt(p + 6) << 16) | (u.charCodeAt(p + 7) << 24)) >>> 0;
  }
  words[o + 5] = (u.charCodeAt(16) | (u.charCodeAt(17) << 8)) >>> 0;
  words[o + 4] = (18 << 24) >>> 0;
}

/**
 * Compares two enterprises' USCCs byte by byte from their packed words (ASCII USCCs: byte order is
 * code-unit order). Used where the USCC strings are not at hand (the draw worker).
 *
 * @example
 * ```ts
 * compareWordsUscc(words, 0, 1) < 0; // USCC of id 0 sorts first
 * ```
 */
export function compareWordsUscc(words: Uint32Array, a: number, b: number): number {
  for (let k = 0; k < 18; k++) {
    const block = k >>> 3;
    const within = k & 7;
    const idx = 2 * block + (within < 4 ? 1 : 0);
    const shift = 8 * (within & 3);
    const d = ((words[6 * a + idx]! >>> shift) & 255) - ((words[6 * b + idx]! >>> shift) & 255);
    if (d !== 0) return d;
  }
  return 0;
}
