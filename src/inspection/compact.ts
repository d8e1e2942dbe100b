/**
 * Compact (index-based) form of a draw, internal to the inspection area. A 300k × 20 draw has
 * about 1.4M drawn pairs; holding them as typed arrays of enterprise ids instead of one object per
 * pair is what keeps planning fast. Objects ({@link DrawCandidate}) are built only when a caller
 * reads `DrawResult.selections`, and item lines only when an inspection's `items` is read (plan.ts).
 */
import { createHash, type Hash } from 'node:crypto';
import type { DrawCandidate, DrawResult, Stratum } from './draw.js';
import { top53 } from './siphash.js';

/**
 * One stratum's drawn enterprises in rank order (rank, then USCC).
 *
 * @example
 * ```ts
 * for (const c of compactOf(draw).strata) c.ids.length === c.stratum.n;
 * ```
 */
export interface CompactStratum {
  readonly stratum: Stratum;
  /** Enterprise ids (indices into {@link CompactDraw.usccs}). */
  readonly ids: Int32Array;
  /** The 64-bit SipHash value of each, high and low words (absent when `hex` is given). */
  readonly hi?: Uint32Array;
  readonly lo?: Uint32Array;
  /** Published rank hex of each, when taken over from candidate objects. */
  readonly hex?: readonly string[];
}

/**
 * A draw as enterprise ids: `usccs[id]` is the USCC of enterprise `id`.
 *
 * @example
 * ```ts
 * const { usccs, strata } = compactOf(draw); usccs[strata[0].ids[0]];
 * ```
 */
export interface CompactDraw {
  readonly usccs: readonly string[];
  /** Strata with n > 0, in table order. */
  readonly strata: readonly CompactStratum[];
  /** SipHash message words of each id (6 per id), when every USCC is ASCII (see packUsccWords). */
  readonly words?: Uint32Array;
  /** Position of each id in USCC code-unit order, when known (population draws). */
  readonly usccRank?: Int32Array;
  /** The population the ids index, when the draw was made from one array. */
  readonly population?: readonly { readonly uscc: string; readonly name?: string | undefined }[];
  /** The draw digest (see manifest.ts), when the draw worker computes it. */
  readonly drawDigest?: () => string;
}

// Draw results made by drawPopulation, with their compact form (invisible to callers and JSON).
const registry = new WeakMap<DrawResult, CompactDraw>();

const HEX = Array.from({ length: 16 }, (_, i) => i.toString(16).charCodeAt(0));

/**
 * 16 hex digits of (hi, lo), built as one flat string (no rope of 8 pieces).
 *
 * @example
 * ```ts
 * hexOf(0x0123abcd, 0xff); // '0123abcd000000ff'
 * ```
 */
export function hexOf(h: number, l: number): string {
  return String.fromCharCode(
    HEX[h >>> 28]!, HEX[(h >>> 24) & 15]!, HEX[(h >>> 20) & 15]!, HEX[(h >>> 16) & 15]!,
    HEX[(h >>> 12) & 15]!, HEX[(h >>> 8) & 15]!, HEX[(h >>> 4) & 15]!, HEX[h & 15]!,
    HEX[l >>> 28]!, HEX[(l >>> 24) & 15]!, HEX[(l >>> 20) & 15]!, HEX[(l >>> 16) & 15]!,
    HEX[(l >>> 12) & 15]!, HEX[(l >>> 8) & 15]!, HEX[(l >>> 4) & 15]!, HEX[l & 15]!,
  );
}

/**
 * The published rank hex of the j-th draw of a compact stratum.
 *
 * @example
 * ```ts
 * rankHexAt(compactOf(draw).strata[0], 0); // 16 hex digits
 * ```
 */
export function rankHexAt(s: CompactStratum, j: number): string {
  return s.hex ? s.hex[j]! : hexOf(s.hi![j]!, s.lo![j]!);
}

/**
 * Builds the candidate objects of a compact stratum made by a draw (what `selections` holds).
 *
 * @example
 * ```ts
 * candidatesOf(compact, compact.strata[0])[0].rankHex;
 * ```
 */
export function candidatesOf(draw: CompactDraw, s: CompactStratum): DrawCandidate[] {
  const out: DrawCandidate[] = new Array(s.ids.length);
  for (let j = 0; j < s.ids.length; j++) {
    const h = s.hi![j]!;
    const l = s.lo![j]!;
    out[j] = { uscc: draw.usccs[s.ids[j]!]!, rank: top53(h, l), rankHex: hexOf(h, l) };
  }
  return out;
}

/**
 * A DrawResult whose `selections` map is built on first read (an own enumerable getter, so
 * spreading or serialising the result behaves as for a plain object).
 *
 * @example
 * ```ts
 * const draw = drawResultOf(table, compact); draw.selections.get(key);
 * ```
 */
export function drawResultOf(table: DrawResult['table'], compact: CompactDraw): DrawResult {
  let selections: Map<string, readonly DrawCandidate[]> | undefined;
  const result: DrawResult = {
    table,
    get selections(): ReadonlyMap<string, readonly DrawCandidate[]> {
      if (!selections) {
        selections = new Map();
        for (const s of compact.strata) selections.set(s.stratum.key, candidatesOf(compact, s));
      }
      return selections;
    },
  };
  registry.set(result, compact);
  return result;
}

/**
 * The compact form of any DrawResult: the registered one for population draws, otherwise the
 * selections with their USCCs interned as ids (sharded draws merged by mergeDraws; cached, as a
 * DrawResult is read-only).
 *
 * @example
 * ```ts
 * const { usccs, strata } = compactOf(mergeDraws(shardDraws, table));
 * ```
 */
export function compactOf(draw: DrawResult): CompactDraw {
  const known = registry.get(draw);
  if (known) return known;
  const made = internDraw(draw);
  registry.set(draw, made);
  return made;
}

function internDraw(draw: DrawResult): CompactDraw {
  const usccs: string[] = [];
  const idOf = new Map<string, number>();
  const strata: CompactStratum[] = [];
  for (const stratum of draw.table.strata) {
    const sel = draw.selections.get(stratum.key);
    if (!sel) continue;
    const ids = new Int32Array(sel.length);
    sel.forEach((c, j) => {
      let id = idOf.get(c.uscc);
      if (id === undefined) idOf.set(c.uscc, (id = usccs.push(c.uscc) - 1));
      ids[j] = id;
    });
    strata.push({ stratum, ids, hex: sel.map((c) => c.rankHex) });
  }
  return { usccs, strata };
}

/**
 * Sorts `idx[0..len)` ascending by (k1[i], k2[i]) in place: an introsort-free quicksort (median of
 * three, insertion sort below 16) over typed arrays, so no comparator closure runs per compare.
 * Equal keys keep no particular order; callers break such ties themselves.
 *
 * @example
 * ```ts
 * sortByKeys(idx, idx.length, rank, rank); // ids by rank
 * ```
 */
export function sortByKeys(idx: Int32Array, len: number, k1: Float64Array, k2: Float64Array): void {
  const stack: number[] = [0, len - 1];
  while (stack.length) {
    const hi = stack.pop()!;
    const lo = stack.pop()!;
    if (hi - lo < 16) {
      insertionSort(idx, lo, hi, k1, k2);
      continue;
    }
    const mid = (lo + hi) >>> 1;
    // Median of three into idx[mid] as the pivot (sorted or reversed input stays O(n log n)).
    if (less(idx[mid]!, idx[lo]!, k1, k2)) swap(idx, mid, lo);
    if (less(idx[hi]!, idx[mid]!, k1, k2)) {
      swap(idx, hi, mid);
      if (less(idx[mid]!, idx[lo]!, k1, k2)) swap(idx, mid, lo);
    }
    const p = idx[mid]!;
    const p1 = k1[p]!;
    const p2 = k2[p]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (k1[idx[i]!]! < p1 || (k1[idx[i]!] === p1 && k2[idx[i]!]! < p2)) i++;
      while (k1[idx[j]!]! > p1 || (k1[idx[j]!] === p1 && k2[idx[j]!]! > p2)) j--;
      if (i <= j) swap(idx, i++, j--);
    }
    // Larger side pushed first, so the smaller is sorted next: the stack stays O(log n).
    if (j - lo > hi - i) stack.push(lo, j, i, hi);
    else stack.push(i, hi, lo, j);
  }
}

function insertionSort(idx: Int32Array, lo: number, hi: number, k1: Float64Array, k2: Float64Array): void {
  for (let a = lo + 1; a <= hi; a++) {
    const v = idx[a]!;
    let b = a - 1;
    while (b >= lo && less(v, idx[b]!, k1, k2)) {
      idx[b + 1] = idx[b]!;
      b--;
    }
    idx[b + 1] = v;
  }
}

function less(a: number, b: number, k1: Float64Array, k2: Float64Array): boolean {
  return k1[a]! < k1[b]! || (k1[a] === k1[b] && k2[a]! < k2[b]!);
}

function swap(idx: Int32Array, a: number, b: number): void {
  const t = idx[a]!;
  idx[a] = idx[b]!;
  idx[b] = t;
}

const DIGIT = 65536; // 16-bit radix digits, four per key (keys below 2^53), from integer ops (no float %)

/** Digit `d` (0 = least significant) of a non-negative integer below 2^53. */
function digitOf(x: number, d: number): number {
  if (d < 2) return d === 0 ? (x >>> 0) & 0xffff : (x >>> 0) >>> 16;
  const hi = (x / 4294967296) >>> 0;
  return d === 2 ? hi & 0xffff : hi >>> 16;
}

/**
 * Sorts the pairs (k1[i], k2[i]) ascending (non-negative integers below 2^53) with their indices:
 * LSD radix on 16-bit digits, stable; digits that are the same for every pair cost one counting pass.
 * Returns sorted copies (the inputs are left as they are).
 *
 * @example
 * ```ts
 * const { ids } = radixSortPairs(new Float64Array([0, 0]), new Float64Array([5, 3])); // ids [1, 0]
 * ```
 */
export function radixSortPairs(k1: Float64Array, k2: Float64Array): { k1: Float64Array; k2: Float64Array; ids: Int32Array } {
  const m = k1.length;
  let a1 = k1;
  let a2 = k2;
  let ai = new Int32Array(m);
  for (let i = 0; i < m; i++) ai[i] = i;
  let b1: Float64Array = new Float64Array(m);
  let b2: Float64Array = new Float64Array(m);
  let bi = new Int32Array(m);
  const count = new Int32Array(DIGIT);
  const digits = new Int32Array(m);
  // Each pass's loops are small functions called once per pass: a long function run once would
  // only reach them through on-stack replacement, compiled again for every loop.
  for (let pass = 0; pass < 8; pass++) {
    if (!countDigits(pass < 4 ? a2 : a1, pass & 3, digits, count)) continue; // one digit value: order unchanged
    scatterByDigit(digits, count, a1, a2, ai, b1, b2, bi);
    [a1, b1] = [b1, a1 === k1 ? new Float64Array(m) : a1];
    [a2, b2] = [b2, a2 === k2 ? new Float64Array(m) : a2];
    [ai, bi] = [bi, ai];
  }
  return { k1: a1, k2: a2, ids: ai };
}

/** Digit `d` of every key into `digits`, counted into `count`; false when all keys share it. */
function countDigits(src: Float64Array, d: number, digits: Int32Array, count: Int32Array): boolean {
  const m = src.length;
  count.fill(0);
  for (let i = 0; i < m; i++) {
    const v = digitOf(src[i]!, d);
    digits[i] = v;
    count[v]!++;
  }
  return m > 0 && count[digits[0]!] !== m;
}

/** Stable scatter of (a1, a2, ai) into (b1, b2, bi) by `digits` (`count` turned into starts). */
function scatterByDigit(digits: Int32Array, count: Int32Array, a1: Float64Array, a2: Float64Array, ai: Int32Array, b1: Float64Array, b2: Float64Array, bi: Int32Array): void {
  let sum = 0;
  for (let v = 0; v < DIGIT; v++) {
    const c = count[v]!;
    count[v] = sum;
    sum += c;
  }
  for (let i = 0; i < digits.length; i++) {
    const p = count[digits[i]!]!++;
    b1[p] = a1[i]!;
    b2[p] = a2[i]!;
    bi[p] = ai[i]!;
  }
}

/**
 * SHA-256 over many short ASCII lines, written as bytes into a 64 KiB buffer: hashing the lines of
 * 1.4M drawn pairs this way creates no string per line.
 *
 * @example
 * ```ts
 * const h = new LineHasher(); h.ascii('91310112MA1FL8X00X'); h.byte(10); h.digest();
 * ```
 */
export class LineHasher {
  private readonly hash: Hash = createHash('sha256');
  private readonly buf = Buffer.allocUnsafe(65536);
  private pos = 0;

  /** Appends bytes (e.g. a stratum key encoded once). */
  bytes(b: Uint8Array): void {
    if (this.pos + b.length > this.buf.length) this.flush();
    if (b.length > this.buf.length) this.hash.update(b);
    else {
      this.buf.set(b, this.pos);
      this.pos += b.length;
    }
  }

  /** Appends one byte. */
  byte(x: number): void {
    if (this.pos === this.buf.length) this.flush();
    this.buf[this.pos++] = x;
  }

  /** Appends the 18 bytes of a USCC from its packed SipHash words (see packUsccWords in draw.ts). */
  usccWords(words: Uint32Array, id: number): void {
    if (this.pos + 18 > this.buf.length) this.flush();
    const o = 6 * id;
    const b = this.buf;
    const p = this.pos;
    // Each block is (high, low) words of little-endian bytes: low word first in the message.
    // Byte stores (a Uint8Array keeps the low 8 bits) rather than Buffer.writeUInt32LE calls.
    const w1 = words[o + 1]!;
    const w0 = words[o]!;
    const w3 = words[o + 3]!;
    const w2 = words[o + 2]!;
    const w5 = words[o + 5]!;
    b[p] = w1;
    b[p + 1] = w1 >>> 8;
    b[p + 2] = w1 >>> 16;
    b[p + 3] = w1 >>> 24;
    b[p + 4] = w0;
    b[p + 5] = w0 >>> 8;
    b[p + 6] = w0 >>> 16;
    b[p + 7] = w0 >>> 24;
    b[p + 8] = w3;
    b[p + 9] = w3 >>> 8;
    b[p + 10] = w3 >>> 16;
    b[p + 11] = w3 >>> 24;
    b[p + 12] = w2;
    b[p + 13] = w2 >>> 8;
    b[p + 14] = w2 >>> 16;
    b[p + 15] = w2 >>> 24;
    b[p + 16] = w5;
    b[p + 17] = w5 >>> 8;
    this.pos = p + 18;
  }

  /**
   * Appends the 18 characters of a USCC from its two base-43 numbers (9 characters each, digit
   * value = code unit − 48, most significant first), as usccKeys in draw.ts builds them.
   */
  base43(a: number, b: number): void {
    if (this.pos + 18 > this.buf.length) this.flush();
    const buf = this.buf;
    const p = this.pos;
    for (let c = 8; c >= 0; c--) {
      const qa = Math.floor(a / 43);
      const qb = Math.floor(b / 43);
      buf[p + c] = 48 + a - 43 * qa;
      buf[p + 9 + c] = 48 + b - 43 * qb;
      a = qa;
      b = qb;
    }
    this.pos = p + 18;
  }

  /** Appends an ASCII string's code units (callers check it is ASCII). */
  ascii(text: string): void {
    if (this.pos + text.length > this.buf.length) this.flush();
    for (let i = 0; i < text.length; i++) this.buf[this.pos++] = text.charCodeAt(i);
  }

  digest(): string {
    this.flush();
    return this.hash.digest('hex');
  }

  private flush(): void {
    if (this.pos) this.hash.update(this.buf.subarray(0, this.pos));
    this.pos = 0;
  }
}
