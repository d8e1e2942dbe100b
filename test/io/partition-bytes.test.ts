/**
 * The column-oriented partition path (issue #7 performance): records are read straight from the
 * partition bytes. These properties pin it to the string path it replaces.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FieldReader, processPartition, type PartitionInput } from '../../src/io/process-partition.js';
import { createPartitionGrader, generateSampleDistrict, readCsvAll, resolveColumns } from '../../src/io/index.js';
import { encodePartitionLine } from '../../src/io/partition.js';
import { defaultRulebook } from '../../src/rulebook/index.js';

const piece = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('a', '闵行', '有限公司', '2025-01-05', '91310112MA1FL8X00X', '纳税信用级别', '', 'A') },
  { weight: 3, arbitrary: fc.constantFrom(',', ',,', '\u{20000}', '\ufeff') },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 4 }).map((u) => Buffer.from(u).toString('latin1')) },
);
// Cells as bytes, odd bytes (cut UTF-8 sequences, lone continuation bytes) included.
const rowBytes = fc.array(fc.oneof(piece.map((s) => Buffer.from(s, 'utf8')), fc.uint8Array({ maxLength: 6 }).map((u) => Buffer.from(u.filter((b) => b !== 0x0a)))), { maxLength: 30 }).map((a) => Buffer.concat(a));

describe('partition bytes / 分区字节', () => {
  it('按字节拆分的字段与解码后按逗号拆分完全相同（含缓存命中与非法字节）/ fields read from bytes equal the decoded row split on commas, cached cells and invalid UTF-8 included', () => {
    const reader = new FieldReader();
    const none = new Uint8Array(64);
    const some = new Uint8Array(64).map((_, i) => (i % 3 === 0 ? 1 : 0));
    fc.assert(
      fc.property(fc.array(rowBytes, { minLength: 1, maxLength: 8 }), fc.boolean(), (rows, mixed) => {
        for (const b of [...rows, ...rows]) {
          const want = b.toString('utf8').split(',');
          expect(reader.fields(b, 0, b.length, mixed ? some : none)).toEqual(want);
          // Inside a larger buffer, at an offset.
          const big = Buffer.concat([Buffer.from('xx,'), b, Buffer.from(',yy')]);
          expect(reader.fields(big, 3, 3 + b.length, none)).toEqual(want);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('分区以文本、整块字节或多段字节传入，结果逐字节相同 / a partition gives the same output whether it arrives as text, as one byte buffer or as several chunks', async () => {
    const rulebook = defaultRulebook();
    const grader = createPartitionGrader(rulebook, '2025-06-30');
    const convert = { defaultDistrict: rulebook.jurisdiction.name };
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 7 }), async (seed, cuts) => {
        const parts = { enterprises: [] as string[], events: [] as string[] };
        generateSampleDistrict({ seed, enterprises: 30, asOf: '2025-06-30', dirty: true, headers: 'chinese' }, (k, t) => parts[k].push(t));
        const lines = async (text: string) => {
          const items = await readCsvAll(Buffer.from(text));
          const header = (items[0] as { fields: string[] }).fields;
          return { header, lines: items.slice(1).map((i) => encodePartitionLine(i)) };
        };
        const e = await lines(parts.enterprises.join(''));
        const v = await lines(parts.events.join(''));
        const base = { id: 0, enterpriseLayout: resolveColumns(e.header, 'enterprises', 'e.csv'), eventLayout: resolveColumns(v.header, 'events', 'v.csv') };
        const chunked = (ls: string[]) => {
          const out: Uint8Array[] = [];
          const step = Math.max(1, Math.ceil(ls.length / cuts));
          for (let i = 0; i < ls.length; i += step) out.push(new Uint8Array(Buffer.from(ls.slice(i, i + step).join(''))));
          return out;
        };
        const inputs: PartitionInput[] = [
          { ...base, enterprisesText: e.lines.join(''), eventsText: v.lines.join('') },
          { ...base, enterprisesBytes: new Uint8Array(Buffer.from(e.lines.join(''))), eventsBytes: new Uint8Array(Buffer.from(v.lines.join(''))) },
          { ...base, enterprisesParts: chunked(e.lines), eventsParts: chunked(v.lines) },
        ];
        const outs = inputs.map((i) => processPartition(i, grader, convert, false));
        for (const o of outs.slice(1)) {
          expect(o.gradesText).toBe(outs[0]!.gradesText);
          expect(o.rejects).toEqual(outs[0]!.rejects);
          expect(o.counts).toEqual(outs[0]!.counts);
        }
        expect(outs[0]!.counts.eventsRead).toBe(v.lines.length);
      }),
      { numRuns: 25 },
    );
  });
});
