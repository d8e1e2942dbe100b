import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import {
  detectEncoding,
  FastCsvScanner,
  generateSampleDistrict,
  gradeFiles,
  headerKey,
  headerUnit,
  normalizeDate,
  parseAmountFen,
  parseBoolean,
  resolveColumns,
  toHalfWidth,
  type CsvItem,
} from '../../src/io/index.js';
import { defaultRulebook } from '../../src/rulebook/index.js';
import { isXinfengError } from '../../src/_lib/issues/index.js';
import { makeUscc } from '../../src/uscc/index.js';
import { SAMPLE_DISTRICT } from '../../src/cli/commands/demo.js';

const dir = mkdtempSync(join(tmpdir(), 'xf-ingest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const rulebook = defaultRulebook();
const U1 = makeUscc({ divisionCode: '310112', subjectBody: 'MA1FL8X0' });
const U2 = makeUscc({ divisionCode: '310112', subjectBody: 'MA1FL8X1' });
const U3 = makeUscc({ divisionCode: '310112', subjectBody: 'MA1FL8X2' });

async function grade(name: string, ent: Buffer | string, evt: Buffer | string, extra: Partial<Parameters<typeof gradeFiles>[0]> = {}) {
  const e = join(dir, `${name}-enterprises.csv`);
  const v = join(dir, `${name}-events.csv`);
  writeFileSync(e, ent);
  writeFileSync(v, evt);
  const out = join(dir, `${name}-grades.csv`);
  const rej = join(dir, `${name}-rejects.csv`);
  const summary = await gradeFiles({ enterprisesFile: e, eventsFile: v, asOf: '2025-06-30', rulebook, outFile: out, rejectsFile: rej, ...extra });
  const rows = (f: string) => parse(readFileSync(f), { columns: true, bom: true }) as Record<string, string>[];
  return { summary, grades: rows(out), rejects: rows(rej), gradesText: readFileSync(out, 'utf8') };
}

const ZH_ENT = ['统一社会信用代码', '企业名称', '行业代码', '成立日期', '注册资本（万元）', '街道', '登记状态', '企业规模'].join(',');
const ZH_EVT = ['记录编号', '统一社会信用代码', '记录类型', '日期', '决定书文号', '罚款金额', '处罚机关', '程序', '检查结果', '是否属实', '年度', '纳税信用级别'].join(',');

describe('encodings / 编码', () => {
  it('reads a GB18030 export with Chinese headers (Excel on Chinese Windows), with reconciled counts', async () => {
    const ent = `${ZH_ENT}\r\n${U1},上海闵行餐饮管理有限公司,H6210,2019年4月1日,100,莘庄镇,存续,小型\r\n${U2},上海吴泾化工有限公司,C2614,2010/3/5,"1,000",吴泾镇,在业,中型\r\n`;
    const evt = `${ZH_EVT}\r\nR1,${U1},行政处罚,2025/1/5,沪闵市监罚〔2025〕1号,"1,200.50",闵行区市场监督管理局,普通程序,,,,\r\nR2,${U1},投诉举报,20250301,,,,,,是,,\r\nR3,${U2},纳税信用级别,2025-04-10,,,,,,,2024年,Ｂ\r\n`;
    const gb = (s: string) => iconv.encode(s, 'gb18030');
    expect(detectEncoding(gb(ent))).toBe('gb18030');
    const r = await grade('gb', gb(ent), gb(evt));
    expect(r.summary.files.map((f) => f.encoding)).toEqual(['gb18030', 'gb18030']);
    expect(r.summary.files.map((f) => [f.read, f.accepted, f.rejected])).toEqual([[2, 2, 0], [3, 3, 0]]);
    expect(r.grades.map((g) => g.name)).toEqual([U1, U2].sort().map((u) => (u === U1 ? '上海闵行餐饮管理有限公司' : '上海吴泾化工有限公司')));
    expect(r.rejects).toEqual([]);
  });

  it('reads a UTF-8 file with a BOM before a Chinese header', async () => {
    const ent = `\ufeff${ZH_ENT}\n${U1},上海闵行餐饮管理有限公司,H6210,2019-04-01,100,莘庄镇,存续,小型\n`;
    const evt = `\ufeff${ZH_EVT}\nR1,${U1},检查结果,2025-02-01,,,闵行区市场监督管理局,,未发现问题,,,\n`;
    const r = await grade('bom', ent, evt);
    expect(r.summary.files.map((f) => f.encoding)).toEqual(['utf8', 'utf8']);
    expect(r.summary.files[0]!.columns['uscc']).toBe('统一社会信用代码');
    expect(r.grades).toHaveLength(1);
    expect(r.summary.files[1]!.accepted).toBe(1);
  });
});

describe('broken rows / 错误行', () => {
  it('accounts for every row of a file with broken rows: no crash, read = accepted + rejected, each reject with file, line, column, value, code and a zh-CN message', async () => {
    const ent = [
      'uscc,name,industry_code,registration_date,registered_capital,status',
      `${U1},"=HYPERLINK(""http://evil"")",H6210,2019-04-01,"1,000,000",active`,
      `${U2},上海某某贸易有限公司,F5131,2020/2/30,10,active`, // impossible date
      `${U3.slice(0, 17)}${U3[17] === '0' ? '1' : '0'},上海校验码错误有限公司,F5131,2020-01-01,10,active`, // bad check character
      `${U2},短行`, // ragged
      `${U1},上海重复企业有限公司,H6210,2019-04-01,,active`, // duplicate USCC, different name
      `"${U3},unclosed quote,F5131,2020-01-01,10,active`, // unclosed quote to EOF
    ].join('\n');
    const evt = [
      'id,uscc,type,date,decision_number,fine_amount,authority,procedure,substantiated',
      `P1,${U1},administrativePenalty,2025-01-05,沪闵市监罚〔2025〕1号,2万元,闵行区市场监督管理局,ordinary,`,
      `P2,${U1},administrativePenalty,2025-01-06,沪闵市监罚〔2025〕1号,5000,闵行区市场监督管理局,ordinary,`, // same decision number
      `C1,${makeUscc({ divisionCode: '310112', subjectBody: 'MA9YYYY9' })},complaint,2025-02-01,,,,,true`, // orphan
      `C2,${U1},complaint,2025-13-01,,,,,true`, // bad date
      `C3,${U1},罚单,2025-02-01,,,,,true`, // unknown type
      `C4,${U1},complaint,2025-02-01,,,,,也许`, // not a yes/no
      `C5,${U1},complaint,2025-02-01,,,,,是`,
    ].join('\n');
    const r = await grade('broken', ent, evt);
    const [fe, fv] = r.summary.files;
    expect(fe!.read).toBe(fe!.accepted + fe!.rejected);
    expect(fv!.read).toBe(fv!.accepted + fv!.rejected);
    expect([fe!.read, fe!.accepted, fe!.duplicates, fe!.malformed]).toEqual([6, 1, 1, 1]);
    expect([fv!.read, fv!.accepted, fv!.duplicates, fv!.orphans]).toEqual([7, 2, 1, 1]);
    const codes = r.rejects.map((x) => `${x.file}:${x.line}:${x.code}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        'broken-enterprises.csv:3:IO_INVALID_DATE',
        'broken-enterprises.csv:4:USCC_CHECK_CHARACTER',
        'broken-enterprises.csv:5:IO_FIELD_COUNT',
        'broken-enterprises.csv:6:IO_DUPLICATE_ENTERPRISE',
        'broken-enterprises.csv:7:IO_CSV_MALFORMED',
        'broken-events.csv:3:IO_DUPLICATE_RECORD',
        'broken-events.csv:4:IO_ORPHAN_RECORD',
        'broken-events.csv:5:IO_INVALID_DATE',
        'broken-events.csv:6:IO_UNKNOWN_EVENT_TYPE',
        'broken-events.csv:7:IO_INVALID_VALUE',
      ]),
    );
    for (const x of r.rejects) expect(x.message).toMatch(/[\u4e00-\u9fff]/);
    // The formula-looking name is neutralised in the grades CSV (Excel would run it).
    expect(r.grades[0]!.name).toBe(`'=HYPERLINK("http://evil")`);
    expect(r.gradesText).not.toMatch(/^=|,=/m);
  });

  it('stops with IO_MISSING_COLUMNS naming the file and the columns found when a required column is missing', async () => {
    const err = await grade('missing', 'uscc,企业名称,成立日期\n', 'id,uscc,type,date\n').catch((e: unknown) => e);
    expect(isXinfengError(err)).toBe(true);
    const e = err as { code: string; issue: { params: Record<string, string>; messageZh: string } };
    expect(e.code).toBe('IO_MISSING_COLUMNS');
    expect(e.issue.params['file']).toBe('missing-enterprises.csv');
    expect(e.issue.params['missing']).toBe('industry_code');
    expect(e.issue.params['found']).toBe('uscc, 企业名称, 成立日期');
  });

  it('uses a mapping file for headers no alias knows', async () => {
    const ent = `纳税人识别号,企业名称,行业代码,成立日期\n${U1},上海某某餐饮有限公司,H6210,2019-04-01\n`;
    const evt = `编号,纳税人识别号,类型,日期,结果\nX1,${U1},检查结果,2025-01-01,未发现问题\n`;
    const r = await grade('mapped', ent, evt, { mapping: { both: { 纳税人识别号: 'uscc' }, events: { 结果: 'outcome' } } });
    expect(r.grades).toHaveLength(1);
    expect(r.summary.files[1]!.accepted).toBe(1);
  });
});

describe('normalisation / 规范化', () => {
  it('dates, amounts, yes/no and headers', () => {
    expect(normalizeDate('2025/1/5')).toBe('2025-01-05');
    expect(normalizeDate('20250105')).toBe('2025-01-05');
    expect(normalizeDate('2025年1月5日')).toBe('2025-01-05');
    expect(normalizeDate('２０２５－０１－０５')).toBe('2025-01-05');
    expect(normalizeDate('2025/1/5 0:00:00')).toBe('2025-01-05');
    expect(normalizeDate('2025-02-29')).toBeUndefined();
    expect(normalizeDate('05/01/2025')).toBeUndefined();
    expect(parseAmountFen('1,234.56')).toBe(123456);
    expect(parseAmountFen('1.5万元')).toBe(1_500_000);
    expect(parseAmountFen('３０万')).toBe(30_000_000);
    expect(parseAmountFen('30', 'wan')).toBe(30_000_000);
    expect(parseAmountFen('0.001')).toBeUndefined();
    expect(parseAmountFen('-5')).toBeUndefined();
    expect(parseAmountFen('1,23')).toBeUndefined();
    expect(parseBoolean('是')).toBe(true);
    expect(parseBoolean('否')).toBe(false);
    expect(toHalfWidth('　ＡＢＣ１２３，')).toBe('ABC123,');
    expect(headerKey('注册资本（万元）')).toBe('注册资本');
    expect(headerUnit('注册资本（万元）')).toBe('wan');
    expect(resolveColumns(['Registration_Date', 'USCC', 'Name', 'industry code'], 'enterprises', 'x.csv').index['registration_date']).toBe(0);
  });

  it('the fast scanner handles a typical export without handing over to csv-parse', () => {
    const s = new FastCsvScanner();
    const buf = Buffer.from(`a,b\r\n${U1},"上海,有限公司"\r\n${U2},"say ""hi"""\r\n`);
    const out: CsvItem[] = [];
    expect(s.scan(buf, 0, true, out)).toBe(buf.length);
    expect(s.bailed).toBe(false);
    expect(out.map((r) => ('fields' in r ? r.fields : []))).toEqual([['a', 'b'], [U1, '上海,有限公司'], [U2, 'say "hi"']]);
  });

  it('the bundled sample district is exactly what the generator produces (data/sample is not edited by hand)', () => {
    const parts = { enterprises: [] as string[], events: [] as string[] };
    generateSampleDistrict(SAMPLE_DISTRICT, (k, t) => parts[k].push(t));
    expect(readFileSync('data/sample/enterprises.csv', 'utf8')).toBe(parts.enterprises.join(''));
    expect(readFileSync('data/sample/events.csv', 'utf8')).toBe(parts.events.join(''));
  });
});

describe('worker failures / 工作线程故障', () => {
  const ent = `uscc,name,industry_code,registration_date\n${U1},上海甲有限公司,H6210,2019-04-01\n`;
  const evt = `id,uscc,type,date,year,level\nt1,${U1},纳税信用级别,2025-04-05,2024,A\n`;
  it('a worker script that cannot load fails the run with IO_WORKER_FAILED (no hang)', async () => {
    const err = await grade('w-missing', ent, evt, { workers: 2, workerScript: join(dir, 'no-such-worker.cjs') }).catch((e: unknown) => e);
    expect(isXinfengError(err) && err.issues[0]!.code).toBe('IO_WORKER_FAILED');
  });
  it('a worker that exits before it is ready fails the run with IO_WORKER_FAILED (no hang)', async () => {
    const script = join(dir, 'exits.cjs');
    writeFileSync(script, 'process.exit(3);\n');
    const err = await grade('w-exit', ent, evt, { workers: 2, workerScript: script }).catch((e: unknown) => e);
    expect(isXinfengError(err) && err.issues[0]!.code).toBe('IO_WORKER_FAILED');
  });
});
