/**
 * Partitions by key range (issue #7 performance): an enterprise and its records land together, the
 * partitions are ranges in order (their outputs concatenate), and the output is the same as with
 * partitions by hash.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Partitioner, partitionOf, rangeBoundaries, routingKey } from '../../src/io/partition.js';
import { gradeFiles } from '../../src/io/index.js';
import { defaultRulebook } from '../../src/rulebook/index.js';
import { makeUscc, USCC_CHARSET } from '../../src/uscc/index.js';

const body = fc.array(fc.constantFrom(...USCC_CHARSET.split('')), { minLength: 8, maxLength: 8 }).map((c) => c.join(''));
const code = fc.tuple(fc.constantFrom('310112', '310115', '310104'), body).map(([d, b]) => makeUscc({ divisionCode: d, subjectBody: b }));
const key = fc.oneof({ weight: 6, arbitrary: code }, { weight: 1, arbitrary: fc.string({ maxLength: 20 }) }, { weight: 1, arbitrary: code.map((c) => ` ${c.toLowerCase()}`) });

describe('partitioner / 分区', () => {
  it('按代码区间分区：区间有序，字节与文本给出同一分区；按散列分区与 partitionOf 相同 / range partitions are ordered, and a cell read as bytes or as text lands in the same partition; hash partitions are partitionOf', () => {
    fc.assert(
      fc.property(fc.array(key, { minLength: 30, maxLength: 200 }), fc.integer({ min: 2, max: 12 }), fc.array(key, { minLength: 1, maxLength: 30 }), (sample, count, cells) => {
        const bounds = rangeBoundaries(sample.map(routingKey), count);
        const hash = new Partitioner(count);
        const range = new Partitioner(count, bounds);
        const keys = cells.map(routingKey);
        for (let i = 0; i < cells.length; i++) {
          const b = Buffer.from(`x,${cells[i]},y`);
          const s = 2;
          const e = 2 + Buffer.byteLength(cells[i]!);
          expect(hash.ofCell(b, s, e)).toBe(partitionOf(keys[i]!, count));
          const oneField = !cells[i]!.includes(',');
          if (oneField) expect(hash.ofField(b, 0, b.length, 1)).toBe(partitionOf(keys[i]!, count));
          expect(range.ofCell(b, s, e)).toBe(range.ofKey(keys[i]!));
          if (oneField) expect(range.ofField(b, 0, b.length, 1)).toBe(range.ofKey(keys[i]!));
          const p = range.ofKey(keys[i]!);
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThan(count);
        }
        // Ordered: a smaller key never lands in a later partition (a sample too small gives hash partitions).
        expect(range.ordered).toBe(bounds !== undefined);
        if (!bounds) return;
        const sorted = [...keys].sort();
        for (let i = 1; i < sorted.length; i++) expect(range.ofKey(sorted[i - 1]!)).toBeLessThanOrEqual(range.ofKey(sorted[i]!));
      }),
      { numRuns: 300 },
    );
  });

  it('按区间或按散列分区，评级、拒收与解释输出逐字节相同 / grades, rejects and explanations are byte-identical with range or hash partitions, with and without workers', async () => {
    const worker = resolve(process.env.XINFENG_WORKER ?? 'dist/worker.cjs');
    expect(existsSync(worker), 'dist/worker.cjs missing: run npm run build').toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'xf-part-'));
    try {
      const out: string[] = [];
      // (a 1-byte budget spills every partition, and the outputs with it)
      for (const [partitioning, workers, spill] of [['hash', 0, false], ['range', 0, false], ['range', 2, false], ['hash', 2, false], ['range', 2, true], ['range', 0, true]] as const) {
        const tag = `${partitioning}-${workers}-${spill}`;
        const s = await gradeFiles({
          enterprisesFile: 'data/sample/enterprises.csv', eventsFile: 'data/sample/events.csv', asOf: '2025-06-30', rulebook: defaultRulebook(),
          outFile: join(dir, `g-${tag}.csv`), rejectsFile: join(dir, `r-${tag}.csv`), explainFile: join(dir, `x-${tag}.jsonl`),
          workers, workerScript: worker, partitioning, partitions: 7, ...(spill ? { memoryBudgetBytes: 1, tempDir: dir } : {}),
        });
        out.push([`g-${tag}.csv`, `r-${tag}.csv`, `x-${tag}.jsonl`].map((f) => readFileSync(join(dir, f), 'utf8')).join('\u0000'));
        expect(s.files.every((f) => f.read === f.accepted + f.rejected)).toBe(true);
        expect(s.partitioning).toBe(partitioning);
        expect(s.spilledBytes > 0).toBe(spill);
      }
      for (const o of out.slice(1)) expect(o).toBe(out[0]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
