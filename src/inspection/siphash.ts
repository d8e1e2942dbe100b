/**
 * SipHash-2-4 (Aumasson & Bernstein 2012) with 64-bit values held as two 32-bit halves. It is the
 * keyed fast hash of the 双随机 rank: see draw.ts for how keys are derived from the seed.
 * Output = the 64-bit result as [hi, lo] unsigned 32-bit words (the paper prints it as a
 * little-endian integer; hex(hi)+hex(lo) is that integer in big-endian notation).
 */

/** A SipHash key as four 32-bit words: k0 = (k0h, k0l), k1 = (k1h, k1l), read little-endian from 16 bytes. */
export type SipKey = readonly [number, number, number, number];

function le32(b: Uint8Array, i: number): number {
  return (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
}

/** Reads a SipHash key from the first 16 bytes of `bytes` (little-endian, as in the reference). */
export function sipKey(bytes: Uint8Array): SipKey {
  return [le32(bytes, 4), le32(bytes, 0), le32(bytes, 12), le32(bytes, 8)];
}

/**
 * SipHash-2-4 over pre-padded 64-bit blocks: `words[off + 2i]` = high and `words[off + 2i + 1]` =
 * low half of block i (little-endian message bytes; the last block carries the length byte as the
 * reference specifies). Writes [hi, lo] into `out`. Hot path of the draw: no allocation.
 */
export function sipHashBlocks(key: SipKey, words: Uint32Array, off: number, nBlocks: number, out: Uint32Array): void {
  sipInit(key, SCRATCH);
  sipRun(SCRATCH, words, off, nBlocks, out);
}

/** State of a one-off {@link sipHashBlocks} (sipRun leaves it as it was when it writes `out`). */
const SCRATCH = new Int32Array(8);

/**
 * Loads the initial SipHash state of `key` into `state` (v0..v3 as [hi, lo] int32 pairs), for
 * {@link sipRun}: messages that share a prefix absorb its whole blocks once.
 *
 * @example
 * ```ts
 * const st = new Int32Array(8); sipInit(key, st); sipRun(st, prefixWords, 0, 5, null);
 * ```
 */
export function sipInit(key: SipKey, state: Int32Array): void {
  state[0] = key[0] ^ 0x736f6d65; state[1] = key[1] ^ 0x70736575;
  state[2] = key[2] ^ 0x646f7261; state[3] = key[3] ^ 0x6e646f6d;
  state[4] = key[0] ^ 0x6c796765; state[5] = key[1] ^ 0x6e657261;
  state[6] = key[2] ^ 0x74656462; state[7] = key[3] ^ 0x79746573;
}

/**
 * Continues SipHash-2-4 from `state` over `nBlocks` blocks (layout of {@link sipHashBlocks}). With
 * `out` null the state is stored back (a shared prefix); otherwise the last block must carry the
 * length byte, the hash is finalised into `out` and `state` is left as it was, so one absorbed
 * prefix serves many suffixes (the inspector draw hashes `inspectionId|j` for j = 0, 1, …).
 *
 * @example
 * ```ts
 * sipRun(prefixState.slice(), tailWords, 0, 1, out); // = sipHashBlocks(key, allWords, 0, n, out)
 * ```
 */
export function sipRun(state: Int32Array, words: Uint32Array, off: number, nBlocks: number, out: Uint32Array | null): void {
  // State kept as int32 (| 0) so V8 never boxes values ≥ 2^31. The carry of each 64-bit add is
  // computed branch-free (top bit of (a & b) | ((a | b) & ~sum)): a compare-and-branch on random
  // data mispredicts half the time and made each hash about twice as slow (~180 vs ~80 ns).
  // Rounds are written inline (no closure) so V8 keeps the state in registers.
  let v0h = state[0]!, v0l = state[1]!, v1h = state[2]!, v1l = state[3]!;
  let v2h = state[4]!, v2l = state[5]!, v3h = state[6]!, v3l = state[7]!;
  let th = 0, tl = 0, lo = 0;
  for (let b = 0; b < nBlocks; b++) {
    const mh = words[off + 2 * b]! | 0;
    const ml = words[off + 2 * b + 1]! | 0;
    v3h ^= mh; v3l ^= ml;
    for (let r = 0; r < 2; r++) {
      lo = (v0l + v1l) | 0; v0h = (v0h + v1h + (((v0l & v1l) | ((v0l | v1l) & ~lo)) >>> 31)) | 0; v0l = lo;
      th = (v1h << 13) | (v1l >>> 19); tl = (v1l << 13) | (v1h >>> 19);
      v1h = th ^ v0h; v1l = tl ^ v0l;
      th = v0h; v0h = v0l; v0l = th;
      lo = (v2l + v3l) | 0; v2h = (v2h + v3h + (((v2l & v3l) | ((v2l | v3l) & ~lo)) >>> 31)) | 0; v2l = lo;
      th = (v3h << 16) | (v3l >>> 16); tl = (v3l << 16) | (v3h >>> 16);
      v3h = th ^ v2h; v3l = tl ^ v2l;
      lo = (v0l + v3l) | 0; v0h = (v0h + v3h + (((v0l & v3l) | ((v0l | v3l) & ~lo)) >>> 31)) | 0; v0l = lo;
      th = (v3h << 21) | (v3l >>> 11); tl = (v3l << 21) | (v3h >>> 11);
      v3h = th ^ v0h; v3l = tl ^ v0l;
      lo = (v2l + v1l) | 0; v2h = (v2h + v1h + (((v2l & v1l) | ((v2l | v1l) & ~lo)) >>> 31)) | 0; v2l = lo;
      th = (v1h << 17) | (v1l >>> 15); tl = (v1l << 17) | (v1h >>> 15);
      v1h = th ^ v2h; v1l = tl ^ v2l;
      th = v2h; v2h = v2l; v2l = th;
    }
    v0h ^= mh; v0l ^= ml;
  }
  if (out === null) {
    state[0] = v0h; state[1] = v0l; state[2] = v1h; state[3] = v1l;
    state[4] = v2h; state[5] = v2l; state[6] = v3h; state[7] = v3l;
    return;
  }
  v2l ^= 0xff;
  for (let r = 0; r < 4; r++) {
      lo = (v0l + v1l) | 0; v0h = (v0h + v1h + (((v0l & v1l) | ((v0l | v1l) & ~lo)) >>> 31)) | 0; v0l = lo;
      th = (v1h << 13) | (v1l >>> 19); tl = (v1l << 13) | (v1h >>> 19);
      v1h = th ^ v0h; v1l = tl ^ v0l;
      th = v0h; v0h = v0l; v0l = th;
      lo = (v2l + v3l) | 0; v2h = (v2h + v3h + (((v2l & v3l) | ((v2l | v3l) & ~lo)) >>> 31)) | 0; v2l = lo;
      th = (v3h << 16) | (v3l >>> 16); tl = (v3l << 16) | (v3h >>> 16);
      v3h = th ^ v2h; v3l = tl ^ v2l;
      lo = (v0l + v3l) | 0; v0h = (v0h + v3h + (((v0l & v3l) | ((v0l | v3l) & ~lo)) >>> 31)) | 0; v0l = lo;
      th = (v3h << 21) | (v3l >>> 11); tl = (v3l << 21) | (v3h >>> 11);
      v3h = th ^ v0h; v3l = tl ^ v0l;
      lo = (v2l + v1l) | 0; v2h = (v2h + v1h + (((v2l & v1l) | ((v2l | v1l) & ~lo)) >>> 31)) | 0; v2l = lo;
      th = (v1h << 17) | (v1l >>> 15); tl = (v1l << 17) | (v1h >>> 15);
      v1h = th ^ v2h; v1l = tl ^ v2l;
      th = v2h; v2h = v2l; v2l = th;
  }
  out[0] = (v0h ^ v1h ^ v2h ^ v3h) >>> 0;
  out[1] = (v0l ^ v1l ^ v2l ^ v3l) >>> 0;
}

/** Number of 64-bit blocks SipHash processes for a message of `len` bytes. */
export function sipBlockCount(len: number): number {
  return Math.floor(len / 8) + 1;
}

/** Writes the pre-padded blocks of `msg` into `words` at `off` (see {@link sipHashBlocks}). */
export function sipBlocks(msg: Uint8Array, words: Uint32Array, off: number): void {
  const len = msg.length;
  const n = sipBlockCount(len);
  for (let b = 0; b < n; b++) {
    let h = 0;
    let l = 0;
    for (let j = 0; j < 8; j++) {
      const i = b * 8 + j;
      const byte = i < len ? msg[i]! : b === n - 1 && j === 7 ? len & 0xff : 0;
      if (j < 4) l |= byte << (8 * j);
      else h |= byte << (8 * (j - 4));
    }
    words[off + 2 * b] = h >>> 0;
    words[off + 2 * b + 1] = l >>> 0;
  }
}

const ONE = new Uint32Array(2);

/** SipHash-2-4 of `msg` under `key`; returns [hi, lo] of the 64-bit result. */
export function sipHash24(key: SipKey, msg: Uint8Array): [number, number] {
  const n = sipBlockCount(msg.length);
  const words = new Uint32Array(2 * n);
  sipBlocks(msg, words, 0);
  sipHashBlocks(key, words, 0, n, ONE);
  return [ONE[0]!, ONE[1]!];
}

/** 16 hex digits of a [hi, lo] pair (big-endian notation of the 64-bit value). */
const HEX2 = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
export function hex64(v: readonly [number, number] | number, lo?: number): string {
  const h = typeof v === 'number' ? v : v[0];
  const l = typeof v === 'number' ? lo! : v[1];
  return HEX2[h >>> 24]! + HEX2[(h >>> 16) & 255]! + HEX2[(h >>> 8) & 255]! + HEX2[h & 255]! + HEX2[l >>> 24]! + HEX2[(l >>> 16) & 255]! + HEX2[(l >>> 8) & 255]! + HEX2[l & 255]!;
}

/** The top 53 bits of a [hi, lo] value as an exact JS integer (the rank used for ordering). */
export function top53(h: number, l: number): number {
  return h * 2097152 + (l >>> 11);
}
