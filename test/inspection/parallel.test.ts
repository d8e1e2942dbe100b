import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { countStrata, drawPopulation, drawShard, mergeCounts, mergeDraws, planInspections, planPairs, prepareDraw } from '../../src/index.js';
import { radixSortPairs } from '../../src/inspection/compact.js';
import { compareWordsUscc, packUsccWordsAt } from '../../src/inspection/draw-kernel.js';
import { BASE, ITEMS, population, rosters, testRulebook, usccFor } from './fixtures.js';

// The worker bundle as tsup builds it (dist/inspection-worker.cjs), built here from source.
const dir = mkdtempSync(join(tmpdir(), 'xf-insp-worker-'));
const script = join(dir, 'inspection-worker.cjs');
buildSync({ entryPoints: [join(__dirname, '../../src/inspection/draw-worker.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: script, logLevel: 'silent' });
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

  it('compareWordsUscc orders packed USCCs as their strings', () => {
    const usccs = [usccFor(0), usccFor(1), usccFor(31), usccFor(961), usccFor(12345)];
    const words = new Uint32Array(6 * usccs.length);
    usccs.forEach((u, i) => packUsccWordsAt(words, i, u));
    for (let a = 0; a < usccs.length; a++)
      for (let b = 0; b < usccs.length; b++) expect(Math.sign(compareWordsUscc(words, a, b))).toBe(Math.sign(usccs[a]! < usccs[b]! ? -1 : usccs[a]! > usccs[b]! ? 1 : 0));
  });
});
