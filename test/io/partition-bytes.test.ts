/**
 * The column-oriented partition path (issue #7 performance): records are read straight from the
 * partition bytes. These properties pin it to the string path it replaces.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FieldReader, processPartition, type PartitionInput } from '../../src/io/process-partition.js';
import { createPartitionGrader, generateSampleDistrict, readCsvAll, resolveColumns } from '../../src/io/index.js';
import { cutQuotedFields, encodePartitionLine } from '../../src/io/partition.js';
import type { CsvItem } from '../../src/io/index.js';
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

  it('带引号单元格的记录（如 "5,000"）从字节读取，与完整路径（JSON 行）结果逐字节相同 / records whose cells carry commas in quotes ("5,000", a name with a comma) read from their bytes give byte-identical grades, rejects and counts to the full path (JSON lines)', async () => {
    const rulebook = defaultRulebook();
    const grader = createPartitionGrader(rulebook, '2025-06-30');
    const convert = { defaultDistrict: rulebook.jurisdiction.name };
    // What a cell may become: a thousands separator, a comma in a name or an authority, an empty quoted cell.
    const edit = fc.constantFrom(
      (c: string) => c.replace(/^(\d)(\d{3})(\.|$)/, '$1,$2$3'),
      (c: string) => (c === '' ? c : `${c},分公司`),
      (c: string) => `,${c}`,
      (c: string) => `${c},`,
      () => ',',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1000 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), edit), { maxLength: 40 }),
        async (seed, edits) => {
          const parts = { enterprises: [] as string[], events: [] as string[] };
          generateSampleDistrict({ seed, enterprises: 20, asOf: '2025-06-30', dirty: true, headers: 'chinese' }, (k, t) => parts[k].push(t));
          const table = async (text: string) => {
            const [head, ...rows] = (await readCsvAll(Buffer.from(text))).filter((i): i is { fields: string[]; line: number } => 'fields' in i);
            return { header: head!.fields, rows: rows.map((r) => ({ line: r.line, fields: [...r.fields] })) };
          };
          const e = await table(parts.enterprises.join(''));
          const v = await table(parts.events.join(''));
          // Commas put into cells of enterprise and record rows (USCC cells included).
          for (const [r, c, f] of edits) {
            const t = r % 3 === 0 ? e : v;
            if (!t.rows.length) continue;
            const row = t.rows[r % t.rows.length]!;
            row.fields[c % row.fields.length] = f(row.fields[c % row.fields.length]!);
          }
          const asQuoted = (rows: { line: number; fields: string[] }[]) => rows.map((row) => encodePartitionLine(row as CsvItem)).join('');
          const asJson = (rows: { line: number; fields: string[] }[]) =>
            rows.map((row) => (row.fields.some((x) => /[,"\r\n]/.test(x)) ? `\x1d${JSON.stringify([row.line, ...row.fields])}\n` : encodePartitionLine(row as CsvItem))).join('');
          const base = { id: 0, enterpriseLayout: resolveColumns(e.header, 'enterprises', 'e.csv'), eventLayout: resolveColumns(v.header, 'events', 'v.csv') };
          const quoted = asQuoted(v.rows);
          const withCommas = v.rows.filter((row) => row.fields.some((x) => x.includes(',')) && !row.fields.some((x) => /["\r\n]/.test(x))).length;
          expect(quoted.split('\x1e').length - 1).toBe(withCommas);
          const a = processPartition({ ...base, enterprisesText: asQuoted(e.rows), eventsText: quoted }, grader, convert, false);
          const b = processPartition({ ...base, enterprisesText: asJson(e.rows), eventsText: asJson(v.rows) }, grader, convert, false);
          expect(a.gradesText).toBe(b.gradesText);
          expect(a.rejects).toEqual(b.rejects);
          expect(a.counts).toEqual(b.counts);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('简单引号记录的拆分与参考解析器 csv-parse 相同；其余记录交给完整扫描器 / a one-line record whose quotes only wrap cells splits exactly as csv-parse reads it; any other quoting is declined (left to the full scanner)', async () => {
    const cell = fc.oneof(fc.constantFrom('', 'a', '5,000', '闵行区', ' x ', ',', '"', 'a"b', '""'), fc.string({ maxLength: 4 }).filter((x) => !/[\r\n]/.test(x)));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(cell, fc.boolean()), { minLength: 1, maxLength: 8 }), async (cells) => {
        const line = cells.map(([c, q]) => (q ? `"${c}"` : c)).join(',');
        const buf = Buffer.from(line);
        const starts = new Int32Array(16);
        const ends = new Int32Array(16);
        const n = cutQuotedFields(buf, 0, buf.length, starts, ends);
        const ref = await readCsvAll(Buffer.from(`${line}\n`));
        // (The router asks only about non-empty lines with a quote.)
        if (n < 0 || !line.includes('"')) return;
        // Accepted: csv-parse reads one record with exactly these cells.
        expect(ref.length).toBe(1);
        const fields = Array.from({ length: n }, (_, i) => buf.toString('utf8', starts[i]!, ends[i]!));
        expect(fields).toEqual((ref[0] as { fields: string[] }).fields);
      }),
      { numRuns: 500 },
    );
  });
});
