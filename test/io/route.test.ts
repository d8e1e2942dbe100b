/**
 * The parallel router (issue #7): every record of a chunk lands in the partition of its USCC, with
 * its line number and content, whatever form it travels in (one line, a run of consecutive lines,
 * quoted cells, JSON).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { routeChunk } from '../../src/io/route.js';
import { decodePartitionText, partitionOf, routingKey } from '../../src/io/partition.js';
import { readCsvAll } from '../../src/io/index.js';

const USCCS = ['91310112MA1FL8X00X', '91310112MA1FL8X41K', '91310115MA1K3YJ12T', '９１３１０１１２MA1FL8X00X', ' 91310112ma1fl8x41k', ''];
const cell = fc.constantFrom('', 'a', '闵行区', '2025-01-05', '纳税信用级别', '"5,000"', '""', '"x"');

describe('routing / 分区路由', () => {
  it('每条记录进入其代码所在分区，行号与内容不变（含连续行的批量写入）/ every record reaches the partition of its USCC with its line and content, runs of consecutive records of one enterprise included', async () => {
    await fc.assert(
      fc.asyncProperty(
        // Rows as (enterprise, cells, repeat): an enterprise's records often come together.
        fc.array(fc.tuple(fc.nat(USCCS.length - 1), fc.array(cell, { maxLength: 4 }), fc.integer({ min: 1, max: 6 }), fc.boolean()), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 9 }),
        async (rows, partitions) => {
          const lines: string[] = [];
          for (const [u, cells, repeat, blank] of rows) {
            for (let k = 0; k < repeat; k++) lines.push([`id${lines.length}`, USCCS[u]!, ...cells].join(','));
            if (blank) lines.push('');
          }
          const text = `${lines.join('\n')}\n`;
          const r = routeChunk({ kind: 1, bytes: new Uint8Array(Buffer.from(text)), firstLine: 2, delimiter: '\n', final: true, usccIdx: 1, partitions });
          expect(r.bailedAt).toBeUndefined();
          const got: string[] = [];
          r.parts.forEach((list, p) => {
            decodePartitionText(Buffer.concat(list).toString('utf8'), (fields, line) => {
              expect(partitionOf(routingKey(fields[1] ?? ''), partitions)).toBe(p);
              got.push(`${line}:${JSON.stringify(fields)}`);
            });
          });
          // The reference: csv-parse's records (lines counted from 2, as in the chunk).
          const want = (await readCsvAll(Buffer.from(`h\n${text}`)))
            .slice(1)
            .map((i) => `${(i as { line: number }).line}:${JSON.stringify((i as { fields: string[] }).fields)}`);
          expect(got.sort()).toEqual(want.sort());
          expect(r.routed).toBe(want.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});
