import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { defaultRulebook, gradeFiles, isXinfengError, type GradeRunSummary } from '../../src/index.js';

// Hostile exports: the CSV ingestion never crashes, never hangs past the stated bound (each test's
// timeout), never pollutes prototypes, and accounts for every row (read = accepted + rejected).
// The only refusals allowed are typed, fatal input errors (e.g. a missing required column).

const dir = mkdtempSync(join(tmpdir(), 'xinfeng-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sample = resolve(__dirname, '../../data/sample');
const ENT = readFileSync(join(sample, 'enterprises.csv'));
const EVT = readFileSync(join(sample, 'events.csv'));
const headLines = (buf: Buffer, n: number): Buffer => {
  let pos = 0;
  for (let i = 0; i < n && pos >= 0; i++) pos = buf.indexOf(10, pos) + 1;
  return pos > 0 ? buf.subarray(0, pos) : buf;
};
const ENT_SMALL = headLines(ENT, 40);
const EVT_SMALL = headLines(EVT, 120);
let runNo = 0;

function prototypesClean(): boolean {
  const probe = {} as Record<string, unknown>;
  return probe.polluted === undefined && probe.uscc === undefined && probe.name === undefined && (Object.prototype as Record<string, unknown>).polluted === undefined;
}

/** Runs the ingestion on two byte buffers; returns the summary or the typed fatal error code. */
async function ingest(ent: Buffer, evt: Buffer, extra: { encoding?: 'utf8' | 'gb18030' } = {}): Promise<GradeRunSummary | string> {
  const n = runNo++;
  const e = join(dir, `e${n}.csv`);
  const v = join(dir, `v${n}.csv`);
  writeFileSync(e, ent);
  writeFileSync(v, evt);
  try {
    return await gradeFiles({
      enterprisesFile: e,
      eventsFile: v,
      asOf: '2025-06-30',
      rulebook: defaultRulebook(),
      outFile: join(dir, `g${n}.csv`),
      rejectsFile: join(dir, `r${n}.csv`),
      ...(extra.encoding ? { encoding: extra.encoding } : {}),
    });
  } catch (err) {
    if (isXinfengError(err)) return err.code;
    throw err; // a crash: the property fails and fast-check prints seed and path
  } finally {
    rmSync(e, { force: true });
    rmSync(v, { force: true });
  }
}

function expectReconciled(r: GradeRunSummary | string): void {
  if (typeof r === 'string') {
    expect(r).toMatch(/^(IO_|CALENDAR_|INVALID_|FILE_)/);
    return;
  }
  for (const f of r.files) expect(f.read, f.file).toBe(f.accepted + f.rejected);
  // values may hold newlines and quotes: read the rejects file as CSV, not as lines
  const rejects = parse(readFileSync(r.outputs.rejects!), { bom: true, relax_column_count: false }) as string[][];
  expect(rejects[0]).toEqual(['file', 'line', 'column', 'value', 'code', 'message']);
  expect(rejects.length - 1).toBe(r.rejectRows);
  for (const row of rejects.slice(1)) {
    expect(row[4]).toMatch(/^[A-Z][A-Z0-9_]+$/); // a reason code
    expect(row[5]!.length).toBeGreaterThan(0); // a zh-CN message
  }
}

/** Byte mutations: insert quotes, NUL, CR, truncated UTF-8, GBK bytes, or delete a span. */
const mutationArb = fc.array(
  fc.tuple(fc.nat(), fc.constantFrom('quote', 'nul', 'cr', 'truncate', 'gbk', 'delete', 'comma', 'newline')),
  { minLength: 1, maxLength: 12 },
);
function mutate(buf: Buffer, muts: [number, string][]): Buffer {
  let b = Buffer.from(buf);
  for (const [at, kind] of muts) {
    const i = b.length ? at % b.length : 0;
    const ins = (x: Buffer) => (b = Buffer.concat([b.subarray(0, i), x, b.subarray(i)]));
    if (kind === 'quote') ins(Buffer.from('"'));
    else if (kind === 'nul') ins(Buffer.from([0]));
    else if (kind === 'cr') ins(Buffer.from('\r'));
    else if (kind === 'truncate') ins(Buffer.from('闵').subarray(0, 2));
    else if (kind === 'gbk') ins(iconv.encode('闵行区', 'gbk'));
    else if (kind === 'comma') ins(Buffer.from(','));
    else if (kind === 'newline') ins(Buffer.from('\n'));
    else b = Buffer.concat([b.subarray(0, i), b.subarray(Math.min(b.length, i + 1 + (at % 7)))]);
  }
  return b;
}

describe('恶意CSV输入 / hostile CSV input', () => {
  it('任意字节的导出文件不会导致崩溃，每一行都被接受或附理由拒绝 / arbitrary bytes never crash ingestion and every row is accepted or rejected with a reason (plan 三(二)4 data quality)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), fc.boolean(), async (bytes, withHeader) => {
        const head = withHeader ? headLines(ENT, 1) : Buffer.alloc(0);
        const r = await ingest(Buffer.concat([head, Buffer.from(bytes)]), EVT_SMALL);
        expectReconciled(r);
        expect(prototypesClean()).toBe(true);
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it('变异后的真实导出（引号不配对、NUL、截断的多字节字符、GBK 混入）仍然逐行对账 / mutated real exports (unbalanced quotes, NUL bytes, truncated multi-byte characters, mixed GBK bytes) still reconcile row by row (数据完整：每行或接受或附理由拒绝 / data integrity: every row accepted or rejected; plan 三(二)4)', async () => {
    await fc.assert(
      fc.asyncProperty(mutationArb, mutationArb, async (m1, m2) => {
        const r = await ingest(mutate(ENT_SMALL, m1), mutate(EVT_SMALL, m2));
        expectReconciled(r);
        expect(prototypesClean()).toBe(true);
      }),
      { numRuns: 80 },
    );
  }, 180_000);

  it('__proto__ 与 constructor 列名不会污染原型 / __proto__ and constructor headers never pollute prototypes (数据完整：每行或接受或附理由拒绝 / data integrity: every row accepted or rejected; plan 三(二)4)', async () => {
    const header = Buffer.from('__proto__,constructor,prototype,uscc,name,industry_code,registration_date,registered_capital,district,street,status\n');
    const row = Buffer.from('{"polluted":true},x,y,91310112MA1FL8X41X,测试企业,F5131,2020-01-01,100,闵行区,莘庄镇,active\n');
    const r = await ingest(Buffer.concat([header, row]), EVT_SMALL);
    expectReconciled(r);
    expect(prototypesClean()).toBe(true);
    const evHeader = Buffer.from(`__proto__,${headLines(EVT, 1).toString('utf8')}`);
    const r2 = await ingest(ENT_SMALL, Buffer.concat([evHeader, Buffer.from('{"polluted":1},x\n')]));
    expectReconciled(r2);
    expect(prototypesClean()).toBe(true);
  }, 60_000);

  it('50 MB 的单个字段被处理而不崩溃 / a 50 MB single field is handled without crashing (数据完整：每行或接受或附理由拒绝 / data integrity: every row accepted or rejected; plan 三(二)4)', async () => {
    const header = headLines(ENT, 1);
    const big = Buffer.concat([Buffer.from('91310112MA1FL8X41X,"'), Buffer.alloc(50 * 1024 * 1024, 0x41), Buffer.from('",F5131,2020-01-01,100,闵行区,莘庄镇,active,small,,false\n')]);
    const r = await ingest(Buffer.concat([header, big, headLines(ENT, 5).subarray(header.length)]), EVT_SMALL);
    expectReconciled(r);
    // the rejects file stays openable: no cell longer than Excel's 32,767 characters
    if (typeof r !== 'string') {
      const rows = parse(readFileSync(r.outputs.rejects!), { bom: true }) as string[][];
      for (const row of rows) for (const cell of row) expect(cell.length).toBeLessThanOrEqual(32_767);
    }
  }, 120_000);

  it('一百万列的表头不会导致崩溃或超时 / a header with a million columns neither crashes nor hangs (数据完整：每行或接受或附理由拒绝 / data integrity: every row accepted or rejected; plan 三(二)4)', async () => {
    const cols = Array.from({ length: 1_000_000 }, (_, i) => `c${i}`).join(',');
    const r = await ingest(Buffer.from(`uscc,name,${cols}\n91310112MA1FL8X41X,x\n`), EVT_SMALL);
    expectReconciled(r);
  }, 120_000);

  it('缺少必填列是致命错误并列出找到的列 / a missing required column is a fatal typed error naming the columns found (数据完整：每行或接受或附理由拒绝 / data integrity: every row accepted or rejected; plan 三(二)4)', async () => {
    const r = await ingest(Buffer.from('foo,bar\n1,2\n'), EVT_SMALL);
    expect(typeof r).toBe('string');
    expect(r).toMatch(/^IO_/);
  }, 60_000);

  it('GB18030 与 UTF-8 混合编码的文件被逐行对账 / files whose encodings are mixed still reconcile (数据完整：每行或接受或附理由拒绝 / data integrity: every row accepted or rejected; plan 三(二)4)', async () => {
    const gbk = iconv.encode(ENT_SMALL.toString('utf8'), 'gb18030');
    const r = await ingest(Buffer.concat([ENT_SMALL, gbk.subarray(gbk.indexOf(10) + 1)]), EVT_SMALL);
    expectReconciled(r);
    const r2 = await ingest(Buffer.concat([gbk, ENT_SMALL.subarray(ENT_SMALL.indexOf(10) + 1)]), EVT_SMALL, { encoding: 'gb18030' });
    expectReconciled(r2);
  }, 60_000);
});
