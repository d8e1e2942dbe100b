/**
 * Specification of the district pipeline (issue #7): what auditors can rely on when xinfeng grades a
 * whole district export. Plan 闵府办发〔2025〕5号 三(二)4 (信用+风险 分级分类) applied at district scale.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import {
  csvCell,
  generateSampleDistrict,
  gradeFiles,
  gradeStream,
  normalizeDate,
  parseAmountFen,
  partitionOf,
  readCsvAll,
  REFERENCE_CSV_OPTIONS,
  toStreamRow,
  type CsvItem,
} from '../../src/io/index.js';
import { defaultRulebook } from '../../src/rulebook/index.js';
import { fromDayNumber, toDayNumber } from '../../src/calendar/index.js';

// XINFENG_WORKER: test against another build's worker (e.g. a private build of the working tree).
const WORKER = resolve(process.env.XINFENG_WORKER ?? 'dist/worker.cjs');
const rulebook = defaultRulebook();
const AS_OF = '2025-06-30';

/** csv-parse alone, under the reference options: records with start lines, and the number of skipped stretches. */
function reference(buf: Buffer): { records: { fields: string[]; line: number }[]; errors: number } {
  let errors = 0;
  const recs = parse(buf, { ...REFERENCE_CSV_OPTIONS, on_skip: () => { errors++; } }) as unknown as { record: string[]; info: { lines: number } }[];
  return {
    records: recs.map((r) => ({ fields: r.record, line: r.info.lines - r.record.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0) })),
    errors,
  };
}

function splitItems(items: CsvItem[]) {
  const records = items.filter((i): i is { fields: string[]; line: number } => 'fields' in i).map((r) => ({ fields: r.fields, line: r.line }));
  return { records, errors: items.length - records.length };
}

const piece = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('a', 'b', '闵行', '有限公司', '9131', ' ', '0', '2025-01-05', '=1+1') },
  { weight: 3, arbitrary: fc.constantFrom(',', '\n', '"', '""', '\r\n') },
  { weight: 1, arbitrary: fc.constantFrom('\r', '\ufeff', '\u0000', 'é') },
);
const csvText = fc.array(piece, { maxLength: 60 }).map((a) => a.join(''));
const oddBytes = fc.uint8Array({ maxLength: 40 }).map((u) => Buffer.from(u));
const wellFormed = fc
  .array(fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('x,y', 'say "hi"', 'l1\nl2', '统一社会信用代码', '1.5万元')), { minLength: 1, maxLength: 5 }), { maxLength: 12 })
  .chain((rows) => fc.constantFrom('\n', '\r\n').map((nl) => rows.map((r) => r.map((f) => (/[",\n\r]/.test(f) || f === '' ? `"${f.replace(/"/g, '""')}"` : f)).join(',')).join(nl) + nl));

/** A small realistic district (with faults), as CSV texts. */
function district(seed: number, enterprises: number): { enterprises: string; events: string } {
  const parts = { enterprises: [] as string[], events: [] as string[] };
  generateSampleDistrict({ seed, enterprises, asOf: AS_OF, dirty: true, headers: seed % 2 ? 'chinese' : 'canonical' }, (k, t) => parts[k].push(t));
  return { enterprises: parts.enterprises.join(''), events: parts.events.join('') };
}

function shuffleRows(text: string, perm: number[]): string {
  const lines = text.split('\n').filter((l) => l !== '');
  const [head, ...rows] = lines;
  const order = rows.map((_, i) => i).sort((a, b) => (perm[a % perm.length]! - perm[b % perm.length]!) || a - b);
  return [head, ...order.map((i) => rows[i])].join('\n') + '\n';
}

async function run(dir: string, files: { enterprises: string | Buffer; events: string | Buffer }, opts: { workers?: number; partitions?: number; memoryBudgetBytes?: number; readChunkBytes?: number; tag: string }) {
  // Same file names in every run (rejects name the file), one folder per run.
  const sub = join(dir, opts.tag);
  mkdirSync(sub, { recursive: true });
  const e = join(sub, 'enterprises.csv');
  const v = join(sub, 'events.csv');
  writeFileSync(e, files.enterprises);
  writeFileSync(v, files.events);
  const out = join(dir, `g-${opts.tag}.csv`);
  const rej = join(dir, `r-${opts.tag}.csv`);
  const summary = await gradeFiles({
    enterprisesFile: e, eventsFile: v, asOf: AS_OF, rulebook, outFile: out, rejectsFile: rej,
    workers: opts.workers ?? 0, workerScript: WORKER,
    ...(opts.partitions ? { partitions: opts.partitions } : {}),
    ...(opts.memoryBudgetBytes !== undefined ? { memoryBudgetBytes: opts.memoryBudgetBytes } : {}),
    ...(opts.readChunkBytes !== undefined ? { readChunkBytes: opts.readChunkBytes } : {}),
    tempDir: dir,
  });
  return { grades: readFileSync(out, 'utf8'), rejects: readFileSync(rej, 'utf8'), summary };
}

describe('CSV ingestion / CSV 读取', () => {
  it('快速字节扫描器与参考解析器 csv-parse 对任意输入给出完全相同的记录和行号 / the byte-level scanner yields exactly the records and start lines of csv-parse for any input, odd bytes included (issue #7; RFC 4180)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(csvText.map((s) => Buffer.from(s)), oddBytes, wellFormed.map((s) => Buffer.from(s))), fc.integer({ min: 1, max: 17 }), async (buf, chunkSize) => {
        const ref = reference(buf);
        const fast = splitItems(await readCsvAll(buf, { chunkSize }));
        expect(fast.records.map((r) => r.fields)).toEqual(ref.records.map((r) => r.fields));
        expect(fast.records.map((r) => r.line)).toEqual(ref.records.map((r) => r.line));
        expect(fast.errors).toBe(ref.errors);
      }),
      { numRuns: 300 },
    );
  });

  it('日期的四种书写方式都规范为同一日历日 / every accepted spelling of a date (2025-01-05, 2025/1/5, 20250105, 2025年1月5日, full-width) normalises to the same calendar date (issue #7 normalisation)', () => {
    fc.assert(
      fc.property(fc.integer({ min: toDayNumber('1990-01-01'), max: toDayNumber('2030-12-31') }), (n) => {
        const d = fromDayNumber(n);
        const [y, m, day] = d.split('-');
        const spellings = [d, `${y}/${Number(m)}/${Number(day)}`, `${y}${m}${day}`, `${y}年${Number(m)}月${Number(day)}日`, d.replace(/\d/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))];
        for (const s of spellings) expect(normalizeDate(s)).toBe(d);
      }),
      { numRuns: 200 },
    );
  });

  it('金额换算为分是精确的：千分位、元、万元 / amounts convert to fen exactly, with thousands separators, 元 and 万元 (issue #7 normalisation; no floating point)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 9_000_000_000_000n }), (fen) => {
        const yuan = `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`;
        const grouped = `${(fen / 100n).toLocaleString('en-US')}.${String(fen % 100n).padStart(2, '0')}`;
        expect(parseAmountFen(yuan)).toBe(Number(fen));
        expect(parseAmountFen(`￥${grouped}元`)).toBe(Number(fen));
        if (fen % 100n === 0n) {
          // The same amount in 万元: shift the decimal point by four places.
          const wan = Number(fen / 100n) / 1; // yuan as an integer
          const w = `${Math.floor(wan / 10000)}.${String(wan % 10000).padStart(4, '0')}万元`;
          expect(parseAmountFen(w)).toBe(Number(fen));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('输出的 CSV 单元格不会被 Excel 当作公式 / no output cell can start a formula in Excel (=, +, -, @), and the value survives a CSV round trip (OWASP CSV injection)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (s) => {
        const [[cell]] = parse(`${csvCell(s)}\n`, { relax_column_count: true }) as unknown as [[string]];
        expect(/^[=+\-@\t\r]/.test(cell)).toBe(false);
        expect(cell === s || cell === `'${s}`).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('District run / 辖区批量评级', () => {
  it('每个文件对账平衡：读取行数 = 接受 + 拒收，评级行数 = 接受的企业数 / every file reconciles: rows read = accepted + rejected, and every accepted enterprise gets exactly one grade row (issue #7; plan 三(二)4)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xf-spec-'));
    try {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 120 }), async (seed, n) => {
          const r = await run(dir, district(seed, n), { tag: 'rec' });
          for (const f of r.summary.files) expect(f.read).toBe(f.accepted + f.rejected);
          const rows = r.grades.trimEnd().split('\n').slice(1);
          expect(rows.length).toBe(r.summary.files[0]!.accepted);
          const usccs = rows.map((l) => l.slice(0, 18));
          expect([...usccs].sort()).toEqual(usccs);
          expect(new Set(usccs).size).toBe(usccs.length);
        }),
        { numRuns: 25 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('结果与工作线程数、分区数、内存上限无关（逐字节相同）/ the grades are byte-identical whatever the number of workers, partitions and the memory budget (spilling) (issue #7 parallel and bounded)', async () => {
    expect(existsSync(WORKER), 'dist/worker.cjs missing: run npm run build').toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'xf-spec-'));
    try {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 20, max: 150 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 16, max: 4096 }), async (seed, n, partitions, readChunkBytes) => {
          const files = district(seed, n);
          const a = await run(dir, files, { workers: 0, tag: 'w0' });
          // With workers, plain chunks are read in parallel: small chunks put many records across cuts.
          const b = await run(dir, files, { workers: 2, partitions, readChunkBytes, tag: 'w2' });
          const c = await run(dir, files, { workers: 1, partitions: partitions + 3, memoryBudgetBytes: 0, readChunkBytes: readChunkBytes * 3, tag: 'w1' });
          expect(b.grades).toBe(a.grades);
          expect(c.grades).toBe(a.grades);
          expect(b.rejects).toBe(a.rejects);
          expect(c.rejects).toBe(a.rejects);
          expect(c.summary.spilledBytes).toBeGreaterThan(0);
        }),
        { numRuns: 8 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('并行读取与逐行读取对任意输入结果相同（引号、跨行字段、CRLF、BOM、残缺行）/ reading in parallel chunks gives byte-identical grades, rejects and counts to reading serially, for any input: quotes, fields across lines, CRLF, BOM, broken quoting (issue #7 parallel and bounded; RFC 4180)', async () => {
    expect(existsSync(WORKER), 'dist/worker.cjs missing: run npm run build').toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'xf-spec-'));
    try {
      const base = district(7, 40);
      const [evHead, ...evRows] = base.events.split('\n').filter((l) => l !== '');
      // Pieces spliced between real rows: quoted cells, line breaks inside quotes, odd bytes.
      const noise = fc.oneof(
        { weight: 4, arbitrary: fc.constant('') },
        { weight: 2, arbitrary: fc.constantFrom('"x,y"', '"a ""q"" b"', '"l1\nl2"', '""', ',,', '闵行') },
        { weight: 1, arbitrary: fc.constantFrom('"', 'a"b', '\r', '\r\n', '\n', '\ufeff', '"open\n') },
      );
      await fc.assert(
        fc.asyncProperty(
          fc.array(noise, { minLength: evRows.length, maxLength: evRows.length }),
          fc.constantFrom('\n', '\r\n'),
          fc.boolean(),
          fc.integer({ min: 8, max: 2048 }),
          async (inserts, nl, bom, readChunkBytes) => {
            const rows = evRows.map((r, i) => (inserts[i] ? `${r},${inserts[i]}` : r));
            const text = `${bom ? '\ufeff' : ''}${[evHead, ...rows].join(nl)}${nl}`;
            const files = { enterprises: base.enterprises, events: Buffer.from(text) };
            const a = await run(dir, files, { workers: 0, tag: 'p0' });
            const b = await run(dir, files, { workers: 2, readChunkBytes, tag: 'p2' });
            expect(b.grades).toBe(a.grades);
            expect(b.rejects).toBe(a.rejects);
            expect(b.summary.files).toEqual(a.summary.files);
          },
        ),
        { numRuns: 25 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('结果与输入行的顺序无关 / the grades are byte-identical whatever the order of the input rows, duplicates included (issue #7)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xf-spec-'));
    try {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 20, max: 150 }), fc.array(fc.nat(), { minLength: 1, maxLength: 50 }), fc.array(fc.nat(), { minLength: 1, maxLength: 50 }), async (seed, n, pe, pv) => {
          const base = district(seed, n);
          // A conflicting duplicate (same USCC, different name): which row wins must not depend on order.
          const second = base.enterprises.split('\n')[1]!;
          const files = { ...base, enterprises: `${base.enterprises}${second.replace(/^([^,]*),([^,]*)/, '$1,$2（重复）')}\n` };
          const a = await run(dir, files, { tag: 'o1' });
          expect(a.summary.files[0]!.duplicates).toBe(1);
          const b = await run(dir, { enterprises: shuffleRows(files.enterprises, pe), events: shuffleRows(files.events, pv) }, { tag: 'o2' });
          expect(b.grades).toBe(a.grades);
          // Rejects name other lines after a shuffle, but the same cells for the same reasons.
          const norm = (t: string) => (parse(t, { from_line: 2 }) as string[][]).map((r) => [r[0], r[2], r[3], r[4]].join('|')).sort();
          expect(norm(b.rejects)).toEqual(norm(a.rejects));
        }),
        { numRuns: 12 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('按统一社会信用代码分片独立评级后合并，等于整体评级 / grading USCC-co-partitioned shards separately and merging equals one whole run (issue #7 streaming mode, Hadoop/Spark)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 10, max: 120 }), fc.integer({ min: 1, max: 7 }), async (seed, n, k) => {
        const parts = { enterprises: [] as string[], events: [] as string[] };
        generateSampleDistrict({ seed, enterprises: n, asOf: AS_OF }, (kind, t) => parts[kind].push(t));
        const rows = (t: string) => (parse(t, { relax_column_count: true }) as string[][]).slice(1);
        const ents = rows(parts.enterprises.join(''));
        const evs = rows(parts.events.join(''));
        const all = [...ents.map((r) => toStreamRow('E', r)), ...evs.map((r) => toStreamRow('R', r))];
        const whole = await gradeStream(Readable.from([Buffer.from(all.join(''))]), { rulebook, asOf: AS_OF });
        const shards: string[][] = Array.from({ length: k }, () => []);
        ents.forEach((r) => shards[partitionOf(r[0]!, k)]!.push(toStreamRow('E', r)));
        evs.forEach((r) => shards[partitionOf(r[1]!, k)]!.push(toStreamRow('R', r)));
        const outs = await Promise.all(shards.map((s) => gradeStream(Readable.from([Buffer.from(s.join(''))]), { rulebook, asOf: AS_OF })));
        const merged = outs.flatMap((o) => o.gradesText.split('\n').filter(Boolean)).sort();
        expect(merged.join('\n')).toBe(whole.gradesText.trimEnd());
      }),
      { numRuns: 20 },
    );
  });
});
