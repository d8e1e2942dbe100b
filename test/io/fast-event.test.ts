/**
 * The byte-level converter of the commonest record rows (issue #7 performance) must give exactly
 * what convertEvent gives, or decline (undefined) so that the full path decides. A differential
 * property over generated rows: plain and odd spellings, whitespace, full-width, bad dates, out-of-range
 * years, unknown labels, wrong field counts.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { convertEnterprise, convertEvent, ENTERPRISE_COLUMNS, EVENT_COLUMNS, resolveColumns } from '../../src/io/index.js';
import { cellString, FastEnterpriseConverter, FastEventConverter } from '../../src/io/records.js';
import { makeUscc } from '../../src/uscc/index.js';
import { CREDIT_EVENT_TYPES } from '../../src/grading/index.js';

const USCC = makeUscc({ divisionCode: '310112', subjectBody: 'MA1FL8X0' });
const opts = { defaultDistrict: '闵行区' };

// Each column: mostly the plain spelling an export uses, sometimes an odd one.
const plainOrOdd = (plain: string[], odd: string[]) => fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...plain) }, { weight: 1, arbitrary: fc.constantFrom(...odd) });
const cellFor: Record<string, fc.Arbitrary<string>> = {
  id: plainOrOdd(['MA001-1', 'r-2', '记录5-x', 'x'], ['', ' r-3', 'r-4 ', '记录5', '\u3000r6']),
  type: plainOrOdd(
    ['纳税信用级别', '检查结果', '投诉举报', '年报逾期', '未报年报', 'taxCreditLevel', 'complaint', '行政处罚', '列入经营异常名录', '移出经营异常名录', '列入严重违法失信名单', '移出严重违法失信名单', '失信被执行人', '信用修复', '守信激励', 'administrativePenalty', 'creditRepair'],
    [' 检查结果', '未知', '', 'penalty-notice', ' 行政处罚'],
  ),
  date: plainOrOdd(['2025-04-05', '2024-02-29', '2021-12-31'], ['2023-02-29', '2025/4/5', '２０２５-04-05', '', '2025-13-01', '0000-01-01', '2025-04-5', '20250405', ' 2025-04-05']),
  year: plainOrOdd(['2024', '2014', '2000', '2100'], ['2013', '1999', '2101', '２０２４', '2024年', '', '99', '02024', 'abcd', '0999']),
  level: plainOrOdd(['A', 'B', 'M', 'C', 'D', 'district', '市级'], ['Z', 'a', 'A级', 'Ａ', '', ' A', '宇宙级']),
  outcome: plainOrOdd(['未发现问题', '发现问题', '已整改', 'noProblems'], ['problemsfound', '合格 ', '', '不知道', ' ']),
  authority: plainOrOdd(['', '上海市闵行区市场监督管理局'], [' 闵行区税务局 ', ' ', '\u3000']),
  substantiated: plainOrOdd(['是', '否', 'true'], ['no', '', '也许', ' 是', '属实']),
  decision_number: plainOrOdd(['', '闵市监案处〔2025〕1号'], [' 闵市监案处〔2025〕2号 ', ' ']),
  case_number: plainOrOdd(['', '（2025）沪0112执1号'], [' （2025）沪0112执2号']),
  decision_date: plainOrOdd(['', '2025-03-01'], ['2025/3/1', '2025-02-30', ' ', 'x']),
  publication_date: plainOrOdd(['', '2025-03-08'], ['2025年3月8日', '2025-13-08', ' ']),
  penalty_kinds: plainOrOdd(['', '罚款', '警告;罚款', 'fine'], ['没收违法所得、罚款', '罚款;罚款', '打板子', ';', ' 警告 ']),
  fine_amount: plainOrOdd(['', '5000', '12.34', '5,000', '12,345.67'], ['1.234', '-5', '５０００', 'abc', ' 5000 ']),
  sector: plainOrOdd(['', 'food', 'workSafety'], [' fire ', 'nonsense']),
  procedure: plainOrOdd(['', '简易程序', '普通程序', 'simple'], ['当场', '快速', ' 简易 ']),
  tier: plainOrOdd(['', '一般', 'minor'], ['严重 ', '巨大']),
  serious_list: plainOrOdd(['', '否', '是'], ['也许', ' 是']),
  reason: plainOrOdd(['通过登记的住所或经营场所无法联系', '未按规定报送年度报告', 'disclosureOverdue'], ['', '别的', ' 弄虚作假']),
  of_record: plainOrOdd(['', 'L-1', 'P-2'], [' L-1 ']),
  court: plainOrOdd(['', '上海市闵行区人民法院'], [' 某法院 ']),
  removed_on: plainOrOdd(['', '2025-05-01'], ['2025/5/1', 'never']),
  repaired_on: plainOrOdd(['', '2025-05-02'], ['2025-02-31', ' 2025-05-02']),
  title: plainOrOdd(['', '守合同重信用企业'], [' 诚信企业 ']),
};
const other = plainOrOdd([''], ['x', '2025-01-01']);
/** Which cells of a row are written in quotes (undefined: none; a cell with a comma always is). */
const mask = fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }) });

/** Runs fast vs full converter on one row (a field more or less when `extra` says so) and counts the rows the fast one took. */
class Differential {
  taken = 0;
  /** Rows with quoted cells, and those of them that took the fast path. */
  quoted = 0;
  quotedTaken = 0;
  /** Record types that took the fast path at least once. */
  readonly types = new Set<string>();
  total = 0;
  /**
   * `mask`: the row is written with quoted cells (those it marks, and every cell with a comma), as
   * a `line␞` partition line holds it, and read quote-aware (`quoted`).
   */
  check(
    fields: string[],
    extra: number,
    fast: (buf: Buffer, start: number, end: number, quoted: boolean) => unknown,
    full: (cells: string[]) => { ok: boolean; value?: unknown },
    mask?: readonly boolean[],
  ): void {
    if (extra > 0) fields.push('');
    if (extra < 0) fields.pop();
    const quoted = mask !== undefined;
    // Unquoted, a comma would split its cell (and move the USCC cell the caller vouches for): dropped.
    const text = quoted ? fields.map((f, i) => (mask[i % mask.length] || f.includes(',') ? `"${f}"` : f)).join(',') : fields.map((f) => f.replaceAll(',', '')).join(',');
    // At an offset inside a larger buffer, as in a partition.
    const buf = Buffer.from(`pad,${text},pad`);
    const got = fast(buf, 4, 4 + Buffer.byteLength(text), quoted);
    const want = full(quoted ? fields : text.split(','));
    this.total++;
    if (quoted) this.quoted++;
    if (got === undefined) return;
    this.taken++;
    if (quoted) this.quotedTaken++;
    const type = (got as { type?: unknown }).type;
    if (typeof type === 'string') this.types.add(type);
    expect(want.ok).toBe(true);
    expect(JSON.stringify(got)).toBe(JSON.stringify(want.value));
  }
  /** The property is not vacuous: a fair share of rows took the fast path. */
  expectSomeTaken(): void {
    expect(this.taken).toBeGreaterThan(this.total / 50);
    expect(this.quotedTaken).toBeGreaterThan(this.quoted / 50);
  }
}

describe('fast record converter / 快速记录转换', () => {
  it('字节级转换要么与 convertEvent 结果完全相同（字段与顺序），要么交回完整路径 / the byte-level converter returns exactly what convertEvent accepts (same properties, same order) or declines', () => {
    const tally = new Differential();
    fc.assert(
      fc.property(
        fc.shuffledSubarray(EVENT_COLUMNS.map((c) => c.name), { minLength: EVENT_COLUMNS.length, maxLength: EVENT_COLUMNS.length }),
        fc.array(fc.record({ cells: fc.record(cellFor), other, extra: fc.oneof({ weight: 8, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constantFrom(-1, 1) }), mask }), { minLength: 1, maxLength: 20 }),
        (header, rows) => {
          const layout = resolveColumns(header, 'events', 'events.csv');
          const fast = new FastEventConverter(layout);
          for (const row of rows) {
            const fields = header.map((h) => (h === 'uscc' ? USCC : (row.cells[h] ?? row.other)));
            tally.check(fields, row.extra, (buf, s, e, q) => fast.convert(buf, s, e, USCC, q), (cells) => convertEvent(layout, cells, 7, opts, (c) => c === USCC), row.mask);
          }
        },
      ),
      { numRuns: 400 },
    );
    tally.expectSomeTaken();
    // Every record type was compared at least once on the fast path (the property is not vacuous for any).
    expect([...tally.types].sort()).toEqual([...CREDIT_EVENT_TYPES].sort());
  });

  it('规范的记录行（各类型）走快速路径 / plain rows of every record type take the fast path', () => {
    const header = EVENT_COLUMNS.map((c) => c.name);
    const layout = resolveColumns(header, 'events', 'events.csv');
    const fast = new FastEventConverter(layout);
    const row = (o: Record<string, string>) => header.map((h) => (h === 'uscc' ? USCC : (o[h] ?? ''))).join(',');
    const rows = [
      row({ id: 't1', type: '纳税信用级别', date: '2025-04-05', year: '2024', level: 'A' }),
      row({ id: 'i1', type: '检查结果', date: '2025-04-05', outcome: '未发现问题', authority: '闵行区市场监督管理局' }),
      row({ id: 'c1', type: '投诉举报', date: '2025-04-05', substantiated: '否' }),
      row({ id: 'l1', type: '年报逾期', date: '2025-07-05', year: '2024' }),
      row({ id: 'm1', type: '未报年报', date: '2025-07-05', year: '2024' }),
      row({ id: 'p1', type: '行政处罚', date: '2025-03-01', decision_number: '沪闵市监罚〔2025〕1号', decision_date: '2025-03-01', publication_date: '2025-03-08', penalty_kinds: '警告;罚款', fine_amount: '5000', authority: '闵行区市场监督管理局', sector: 'food', procedure: '普通程序' }),
      row({ id: 'p2', type: '行政处罚', date: '2025-03-08', decision_number: '沪闵市监罚〔2025〕2号', fine_amount: '200', authority: '闵行区市场监督管理局', procedure: '简易程序', tier: '轻微', serious_list: '否' }),
      row({ id: 'a1', type: '列入经营异常名录', date: '2024-09-01', reason: '通过登记的住所或经营场所无法联系', authority: '闵行区市场监督管理局' }),
      row({ id: 'a2', type: '移出经营异常名录', date: '2025-01-02', of_record: 'a1' }),
      row({ id: 's1', type: '列入严重违法失信名单', date: '2024-09-01', authority: '上海市市场监督管理局' }),
      row({ id: 'd1', type: '失信被执行人', date: '2024-09-01', case_number: '（2024）沪0112执1000号', court: '上海市闵行区人民法院' }),
      row({ id: 'r1', type: '信用修复', date: '2025-05-02', of_record: 'p1' }),
      row({ id: 'h1', type: '守信激励', date: '2025-02-01', level: 'district', title: '守合同重信用企业' }),
    ];
    for (const text of rows) {
      const buf = Buffer.from(text);
      const got = fast.convert(buf, 0, buf.length, USCC);
      const want = convertEvent(layout, text.split(','), 2, opts);
      expect(want.ok).toBe(true);
      expect(JSON.stringify(got)).toBe(JSON.stringify(want.ok ? want.value : null));
    }
    // Out of range for the schema (纳税信用级别 from 2014): declined, the full path rejects it.
    const bad = Buffer.from(row({ id: 't2', type: '纳税信用级别', date: '2025-04-05', year: '2013', level: 'A' }));
    expect(fast.convert(bad, 0, bad.length, USCC)).toBeUndefined();
  });
});

const entCells: Record<string, fc.Arbitrary<string>> = {
  uscc: plainOrOdd([USCC, makeUscc({ divisionCode: '310112', subjectBody: 'MA001TM5' })], ['', USCC.toLowerCase(), ` ${USCC}`, `${USCC.slice(0, 17)}0`, '91310112MA001TM5', '９１３１０１１２MA1FL8X0' + USCC.slice(16)]),
  name: plainOrOdd(['上海申途贸易有限公司', 'Acme Ltd', 'Acme, Inc.'], ['', ' ', ' 上海某某 ']),
  industry_code: plainOrOdd(['F5131', 'H6210', 'C26'], ['', 'h6210', 'Z99', 'F51311', ' F5131', 'Ｆ5131']),
  registration_date: plainOrOdd(['2007-12-22', '2024-02-29'], ['', '2007/12/22', '2023-02-29', '20071222', '2007-1-22']),
  registered_capital: plainOrOdd(['200万元', '50万元', '1000000', ''], ['-5', 'abc', '1.234', '１００万元', ' 200万元']),
  district: plainOrOdd(['闵行区', ''], [' 闵行区 ', ' ']),
  street: plainOrOdd(['华漕镇', '', '莘庄镇'], [' 七宝镇 ']),
  status: plainOrOdd(['存续', '', 'active'], ['吊销', '注销', '未知', ' 存续']),
  scale: plainOrOdd(['micro', 'small', '', '中型'], ['huge', ' micro']),
  licences: plainOrOdd(['', 'food-business'], ['food-business;drug-business', 'Food-Business', '食品经营', ';', ' a ']),
  no_disturbance: plainOrOdd(['否', '是', ''], ['也许', 'yes', ' 否']),
};

describe('fast enterprise converter / 快速企业转换', () => {
  it('企业行的字节级转换要么与 convertEnterprise 结果完全相同（字段与顺序），要么交回完整路径 / the byte-level enterprise converter returns exactly what convertEnterprise accepts (same properties, same order) or declines', () => {
    const tally = new Differential();
    fc.assert(
      fc.property(
        fc.shuffledSubarray(ENTERPRISE_COLUMNS.map((c) => c.name), { minLength: 4, maxLength: ENTERPRISE_COLUMNS.length }),
        fc.constantFrom('注册资本', '注册资本（万元）'),
        fc.boolean(),
        fc.array(fc.record({ cells: fc.record(entCells), extra: fc.oneof({ weight: 8, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constantFrom(-1, 1) }), mask }), { minLength: 1, maxLength: 20 }),
        (cols, capitalHeader, lenient, rows) => {
          const header = cols.map((c) => (c === 'registered_capital' ? capitalHeader : c));
          // The required columns are always there (a missing one is fatal before any row).
          for (const c of ['uscc', 'name', 'industry_code', 'registration_date']) if (!cols.includes(c)) return;
          const layout = resolveColumns(header, 'enterprises', 'enterprises.csv');
          const o = { defaultDistrict: '闵行区', lenientUscc: lenient };
          const fast = new FastEnterpriseConverter(layout, o);
          for (const row of rows) {
            const fields = cols.map((c) => row.cells[c] ?? '');
            tally.check(fields, row.extra, (buf, s, e, q) => fast.convert(buf, s, e, q), (cells) => convertEnterprise(layout, cells, 3, o), row.mask);
          }
        },
      ),
      { numRuns: 400 },
    );
    tally.expectSomeTaken();
  });
});

describe('cellString / 单元格解码', () => {
  it('短 ASCII 单元格在 JS 中解码，结果与 UTF-8 解码相同 / decodes any bytes to exactly what toString("utf8") gives', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 40 }),
        fc.oneof(fc.constant(0x41), fc.integer({ min: 0, max: 255 })),
        fc.nat(40),
        fc.nat(40),
        (bytes, fill, a, b) => {
          const buf = Buffer.concat([Buffer.from([fill, fill]), Buffer.from(bytes), Buffer.from([fill])]);
          const s = Math.min(a, b, buf.length);
          const e = Math.min(Math.max(a, b), buf.length);
          expect(cellString(buf, s, e)).toBe(buf.toString('utf8', s, e));
        },
      ),
      { numRuns: 2000 },
    );
    const ascii = Buffer.from('MA001TM5-1,91310112MA001TM52N');
    for (let n = 0; n <= ascii.length; n++) expect(cellString(ascii, 0, n)).toBe(ascii.toString('utf8', 0, n));
  });
});
