import { describe, expect, it } from 'vitest';
import { hex64, sipBlockCount, sipBlocks, sipHash24, sipInit, sipKey, sipRun } from '../../src/inspection/siphash.js';

// Reference vectors of SipHash-2-4 (key 00..0f, message 00..(n-1)), from the paper / vectors.h.
const key = sipKey(Uint8Array.from({ length: 16 }, (_, i) => i));
const msg = (n: number) => Uint8Array.from({ length: n }, (_, i) => i);

describe('SipHash-2-4', () => {
  it('matches the published test vectors', () => {
    expect(hex64(sipHash24(key, msg(0)))).toBe('726fdb47dd0e0e31');
    expect(hex64(sipHash24(key, msg(1)))).toBe('74f839c593dc67fd');
    expect(hex64(sipHash24(key, msg(15)))).toBe('a129ca6149be45e5');
  });
});

/** Straightforward BigInt SipHash-2-4 (the reference algorithm) to cross-check the 32-bit version. */
function sipRef(k: Uint8Array, m: Uint8Array): bigint {
  const M = (1n << 64n) - 1n;
  const rd = (b: Uint8Array, i: number) => {
    let x = 0n;
    for (let j = 7; j >= 0; j--) x = (x << 8n) | BigInt(b[i + j] ?? 0);
    return x;
  };
  const rotl = (x: bigint, b: bigint) => ((x << b) | (x >> (64n - b))) & M;
  const k0 = rd(k, 0);
  const k1 = rd(k, 8);
  let v0 = k0 ^ 0x736f6d6570736575n, v1 = k1 ^ 0x646f72616e646f6dn, v2 = k0 ^ 0x6c7967656e657261n, v3 = k1 ^ 0x7465646279746573n;
  const round = () => {
    v0 = (v0 + v1) & M; v1 = rotl(v1, 13n); v1 ^= v0; v0 = rotl(v0, 32n);
    v2 = (v2 + v3) & M; v3 = rotl(v3, 16n); v3 ^= v2;
    v0 = (v0 + v3) & M; v3 = rotl(v3, 21n); v3 ^= v0;
    v2 = (v2 + v1) & M; v1 = rotl(v1, 17n); v1 ^= v2; v2 = rotl(v2, 32n);
  };
  const full = m.length - (m.length % 8);
  for (let i = 0; i < full; i += 8) { const x = rd(m, i); v3 ^= x; round(); round(); v0 ^= x; }
  let last = BigInt(m.length & 255) << 56n;
  for (let j = 0; j < m.length - full; j++) last |= BigInt(m[full + j]!) << BigInt(8 * j);
  v3 ^= last; round(); round(); v0 ^= last;
  v2 ^= 0xffn; round(); round(); round(); round();
  return (v0 ^ v1 ^ v2 ^ v3) & M;
}

describe('SipHash-2-4 against a BigInt reference', () => {
  it('agrees on pseudo-random keys and messages of every length 0–40', () => {
    let s = 7;
    const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 24);
    for (let t = 0; t < 400; t++) {
      const k = Uint8Array.from({ length: 16 }, rnd);
      const m = Uint8Array.from({ length: t % 41 }, rnd);
      expect(hex64(sipHash24(sipKey(k), m))).toBe(sipRef(k, m).toString(16).padStart(16, '0'));
    }
  });
});

describe('SipHash-2-4 resumed from an absorbed prefix (sipInit / sipRun)', () => {
  it('equals the one-shot hash for every split point, and leaves the prefix state reusable', () => {
    let s = 11;
    const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 24);
    const out = new Uint32Array(2);
    const state = new Int32Array(8);
    for (let t = 0; t < 200; t++) {
      const k = sipKey(Uint8Array.from({ length: 16 }, rnd));
      const m = Uint8Array.from({ length: 1 + (t % 47) }, rnd);
      const n = sipBlockCount(m.length);
      const words = new Uint32Array(2 * n);
      sipBlocks(m, words, 0);
      const expected = hex64(sipHash24(k, m));
      for (let full = 0; full < n; full++) {
        sipInit(k, state);
        sipRun(state, words, 0, full, null);
        const saved = state.slice();
        sipRun(state, words, 2 * full, n - full, out);
        expect(hex64(out[0]!, out[1]!)).toBe(expected);
        expect(state).toEqual(saved);
      }
    }
  });
});
