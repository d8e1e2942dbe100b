import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { countStrata, drawPopulation, drawShard, mergeCounts, mergeDraws, planInspections, planPairs, prepareDraw } from '../../src/index.js';
import { radixSortPairs } from '../../src/inspection/compact.js';
import { compareWordsUscc, drawKernel, packUsccWordsAt } from '../../src/inspection/draw-kernel.js';
import { sipHashBlocks, top53, type SipKey } from '../../src/inspection/siphash.js';
import { BASE, ITEMS, population, rosters, testRulebook, usccFor } from './fixtures.js';

// The worker bundle as tsup builds it (dist/inspection-worker.cjs), built here from source.
const dir = mkdtempSync(join(tmpdir(), 'xf-insp-worker-'));
const script = join(dir, 'inspection-worker.cjs');
buildSync({ entryPoints: [join(__dirname, '../../src/inspection/draw-worker.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: script, logLevel: 'silent' });
// A worker bundle that draws but does not compute the draw digest (as one built before it did).
const drawOnly = join(dir, 'draw-only-worker.cjs');
buildSync({
  stdin: {
    contents: "import { workerData } from 'node:worker_threads'; import { DONE, runJobs, STATUS } from './parallel-job.js'; runJobs(workerData); Atomics.store(workerData.control, STATUS, 1); Atomics.notify(workerData.control, DONE);",
    resolveDir: join(__dirname, '../../src/inspection'),
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: drawOnly,
  logLevel: 'silent',
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rb = testRulebook();
const options = (pop: ReturnType<typeof population>) => ({
  ...BASE,
  rulebook: rb,
  items: ITEMS,
  rosters: rosters(400),
  population: pop,
  noDisturbanceEnterprises: pop.filter((_, i) => i % 37 === 0).map((e) => ({ uscc: e.uscc, from: '2024-01-01' })),
});

describe('two-thread draw', () => {
  it('a worker-thread draw gives the byte-identical plan of a single-threaded one', () => {
    const pop = population(4000);
    const one = planInspections({ ...options(pop), drawWorker: false });
    const two = planInspections({ ...options(pop), drawWorker: script });
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    expect(planPairs(two)).toEqual(planPairs(one));
    expect([...two.draw.selections]).toEqual([...one.draw.selections]);
  });

  it('gives the same manifest when the worker leaves the draw digest to the calling thread', () => {
    const pop = population(3000);
    const one = planInspections({ ...options(pop), drawWorker: false });
    const started = performance.now();
    const two = planInspections({ ...options(pop), drawWorker: drawOnly });
    expect(performance.now() - started).toBeLessThan(60_000); // no wait for a digest that never comes
    expect(two.manifest).toEqual(one.manifest);
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
  });

  it('orders triggered and planned inspections by (month, inspection id) on either path', () => {
    const pop = population(2500);
    const triggered = pop.slice(0, 60).map((e, i) => ({ taskId: `T-${i}`, agency: ITEMS[i % ITEMS.length]!.agency, itemId: ITEMS[i % ITEMS.length]!.itemId, uscc: e.uscc, reason: 'complaintOrReport' as const, date: `2025-${String(1 + (i % 12)).padStart(2, '0')}-1${i % 10}` }));
    const one = planInspections({ ...options(pop), triggered, drawWorker: false });
    const two = planInspections({ ...options(pop), triggered, drawWorker: script });
    const order = (p: typeof one) => p.inspections.map((i) => `${String(i.month).padStart(2, '0')} ${i.inspectionId}`);
    const expected = [...order(one)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(order(one)).toEqual(expected);
    expect(one.inspections.some((i) => i.kind === 'triggered')).toBe(true);
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
  });

  it('matches the sharded two-phase API (countStrata → mergeCounts → drawShard → mergeDraws)', () => {
    const pop = population(3001);
    const setup = prepareDraw(options(pop));
    const shards = [pop.filter((_, i) => i % 3 === 0), pop.filter((_, i) => i % 3 !== 0)];
    const table = mergeCounts(shards.map((s) => countStrata(s, setup)), setup);
    const sharded = mergeDraws(shards.map((s) => drawShard(s, table, setup)), table);
    const parallel = drawPopulation(pop, setup, { worker: script });
    expect(parallel.table).toEqual(sharded.table);
    expect([...parallel.selections]).toEqual([...sharded.selections]);
  });

  it('falls back to the calling thread when the worker bundle is missing', () => {
    const pop = population(500);
    const setup = prepareDraw(options(pop));
    const missing = drawPopulation(pop, setup, { worker: join(dir, 'nope.cjs') });
    const single = drawPopulation(pop, setup, { worker: false });
    expect(missing.table).toEqual(single.table);
    expect([...missing.selections]).toEqual([...single.selections]);
  });

  it('reports a duplicate enterprise the same way on either path', () => {
    const pop = population(300);
    pop.push({ ...pop[7]! });
    const setup = prepareDraw(options(pop));
    const codeOf = (worker: boolean | string) => {
      try {
        drawPopulation(pop, setup, { worker });
      } catch (e) {
        return (e as { code?: string }).code;
      }
      return 'none';
    };
    expect(codeOf(script)).toBe('INSPECTION_DUPLICATE_ENTERPRISE');
    expect(codeOf(false)).toBe('INSPECTION_DUPLICATE_ENTERPRISE');
  });
});

describe('typed-array helpers', () => {
  it('radixSortPairs orders pairs like a comparator sort, stably', () => {
    let s = 7;
    const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
    const n = 5000;
    const k1 = Float64Array.from({ length: n }, () => Math.floor(rnd() * 4) * 2 ** 40);
    const k2 = Float64Array.from({ length: n }, () => Math.floor(rnd() * 2 ** 49));
    k2[10] = k2[20]!;
    k1[10] = k1[20]!;
    const expected = Array.from({ length: n }, (_, i) => i).sort((a, b) => k1[a]! - k1[b]! || k2[a]! - k2[b]! || a - b);
    expect(Array.from(radixSortPairs(k1, k2).ids)).toEqual(expected);
  });

  it('drawKernel draws in (rank, USCC) order on the radix-sorted path too (pools of 8192 or more)', () => {
    const m = 20000;
    const usccs = Array.from({ length: m }, (_, i) => usccFor(i));
    const words = new Uint32Array(6 * m);
    usccs.forEach((u, i) => packUsccWordsAt(words, i, u));
    const key: SipKey = [0x01234567, 0x89abcdef, 0x0f1e2d3c, 0x4b5a6978];
    const out = new Uint32Array(2);
    const rank = usccs.map((_, i) => {
      sipHashBlocks(key, words, 6 * i, 3, out);
      return top53(out[0]!, out[1]!);
    });
    const order = usccs.map((_, i) => i).sort((a, b) => rank[a]! - rank[b]! || compareWordsUscc(words, a, b));
    const shard = { words, classOf: new Int32Array(m), nd: new Uint8Array(m), classCount: 1 };
    for (const n of [m, 15000, 9000, 500]) {
      const [d] = drawKernel(shard, [{ key, classIndex: 0, offsite: true, n }], (a, b) => compareWordsUscc(words, a, b));
      expect(Array.from(d!.ids)).toEqual(order.slice(0, n));
    }
  });

  it('compareWordsUscc orders packed USCCs as their strings', () => {
    const usccs = [usccFor(0), usccFor(1), usccFor(31), usccFor(961), usccFor(12345)];
    const words = new Uint32Array(6 * usccs.length);
    usccs.forEach((u, i) => packUsccWordsAt(words, i, u));
    for (let a = 0; a < usccs.length; a++)
      for (let b = 0; b < usccs.length; b++) expect(Math.sign(compareWordsUscc(words, a, b))).toBe(Math.sign(usccs[a]! < usccs[b]! ? -1 : usccs[a]! > usccs[b]! ? 1 : 0));
  });
});
