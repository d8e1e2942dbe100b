/**
 * 样例辖区 (sample district) generator: a deterministic, realistic-looking Minhang-style export of
 * enterprises and credit records, used by `xinfeng demo` (the bundled data/sample files) and by the
 * benchmark (300k enterprises / 1.5M records, or city scale). Same seed → same bytes.
 */
import { addPeriod, fromDayNumber, toDayNumber } from '../calendar/index.js';
import { makeUscc, USCC_CHARSET } from '../uscc/index.js';
import { csvLine } from './csv-write.js';
import { ENTERPRISE_COLUMNS, EVENT_COLUMNS } from './columns.js';

/**
 * Options of {@link generateSampleDistrict}.
 *
 * @example
 * ```ts
 * const o: SampleDistrictOptions = { seed: 7, enterprises: 2000, asOf: '2025-06-30', dirty: true };
 * ```
 */
export interface SampleDistrictOptions {
  readonly seed: number;
  readonly enterprises: number;
  /** Reference date: records fall in the three years before it. */
  readonly asOf: string;
  /** Average records per enterprise (default 5, the Minhang ratio 1.5M / 300k). */
  readonly recordsPerEnterprise?: number;
  /** Inject realistic faults (bad codes, impossible dates, duplicates, orphans, ragged rows). */
  readonly dirty?: boolean;
  /** Header language: canonical English column names (default) or Chinese export headers. */
  readonly headers?: 'canonical' | 'chinese';
  /** Division code of the district (default 310112, 闵行区). */
  readonly divisionCode?: string;
  /**
   * Index of the first enterprise (default 0): large runs are generated in slices
   * (firstIndex = 0, 50 000, …) with the same seed; codes stay unique across slices.
   */
  readonly firstIndex?: number;
  /** Write the header rows (default true; false for the later slices). */
  readonly header?: boolean;
}

/** mulberry32: small, fast, deterministic PRNG (not for security). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Industries with a weight (share of enterprises) and a record-rate multiplier (catering is inspected and complained about more). */
const INDUSTRIES: readonly { code: string; word: string; weight: number; rate: number; licences: string; sector: string }[] = [
  { code: 'F5131', word: '贸易', weight: 18, rate: 0.8, licences: '', sector: 'marketRegulation' },
  { code: 'H6210', word: '餐饮管理', weight: 10, rate: 1.8, licences: 'food-business', sector: 'food' },
  { code: 'I6510', word: '信息科技', weight: 12, rate: 0.6, licences: '', sector: 'marketRegulation' },
  { code: 'L7212', word: '企业管理咨询', weight: 10, rate: 0.6, licences: '', sector: 'marketRegulation' },
  { code: 'C3831', word: '电线电缆', weight: 3, rate: 1.3, licences: '', sector: 'marketRegulation' },
  { code: 'C1431', word: '食品', weight: 2, rate: 1.6, licences: 'food-production', sector: 'food' },
  { code: 'E4701', word: '建设工程', weight: 6, rate: 1.2, licences: 'construction-qualification', sector: 'workSafety' },
  { code: 'G5430', word: '物流', weight: 5, rate: 1.2, licences: '', sector: 'marketRegulation' },
  { code: 'F5251', word: '医药', weight: 2, rate: 1.5, licences: 'drug-business', sector: 'drug' },
  { code: 'O8010', word: '家政服务', weight: 4, rate: 1.0, licences: '', sector: 'marketRegulation' },
  { code: 'K7020', word: '物业管理', weight: 4, rate: 1.1, licences: 'special-equipment-use', sector: 'marketRegulation' },
  { code: 'M7320', word: '生物科技', weight: 5, rate: 0.7, licences: '', sector: 'marketRegulation' },
  { code: 'F5292', word: '电子商务', weight: 9, rate: 0.9, licences: '', sector: 'marketRegulation' },
  { code: 'O8040', word: '美容美发', weight: 3, rate: 1.4, licences: '', sector: 'marketRegulation' },
  { code: 'P8391', word: '教育科技', weight: 3, rate: 0.9, licences: '', sector: 'marketRegulation' },
  { code: 'C2927', word: '塑料制品', weight: 4, rate: 1.3, licences: '', sector: 'marketRegulation' },
];
const STREETS = ['莘庄镇', '七宝镇', '浦江镇', '梅陇镇', '虹桥镇', '马桥镇', '吴泾镇', '华漕镇', '颛桥镇', '江川路街道', '古美路街道', '新虹街道', '浦锦街道', '莘庄工业区'];
const BRAND_A = ['闵', '申', '沪', '嘉', '华', '瑞', '博', '锦', '恒', '鑫', '宏', '安', '盛', '达', '泰', '信', '立', '新', '永', '和', '中', '万', '天', '佳', '德', '荣', '润', '东', '海', '祥'];
const BRAND_B = ['源', '辰', '越', '诚', '远', '通', '昌', '汇', '丰', '景', '弘', '启', '明', '优', '捷', '邦', '科', '悦', '晟', '宁', '航', '尚', '睿', '聚', '欣', '品', '合', '创', '星', '途'];
const AUTHORITIES = ['闵行区市场监督管理局', '闵行区卫生健康委员会', '闵行区应急管理局', '闵行区生态环境局', '闵行区消防救援支队', '闵行区城市管理行政执法局', '闵行区人力资源和社会保障局', '闵行区文化和旅游局'];
/** Repair-rule sector of a penalty by the deciding authority (repair.sectors ids). */
const AUTHORITY_SECTOR: Record<string, string> = {
  闵行区应急管理局: 'workSafety', 闵行区生态环境局: 'environment', 闵行区消防救援支队: 'fire', 闵行区城市管理行政执法局: 'cityManagement',
  闵行区卫生健康委员会: 'other', 闵行区人力资源和社会保障局: 'other', 闵行区文化和旅游局: 'other',
};
const CHINESE_TYPE: Record<string, string> = {
  administrativePenalty: '行政处罚', abnormalOperationListing: '列入经营异常名录', abnormalOperationRemoval: '移出经营异常名录',
  seriousIllegalListing: '列入严重违法失信名单', seriousIllegalRemoval: '移出严重违法失信名单', dishonestJudgmentDebtor: '失信被执行人',
  inspectionResult: '检查结果', complaint: '投诉举报', taxCreditLevel: '纳税信用级别', annualReportLate: '年报逾期',
  annualReportMissing: '未报年报', creditRepair: '信用修复', commendation: '守信激励',
};

/** Chinese export header for each canonical column (the first Chinese alias). */
function chineseHeader(cols: readonly { name: string; aliases: readonly string[] }[]): string[] {
  return cols.map((c) => c.aliases.find((a) => /[\u4e00-\u9fff]/.test(a)) ?? c.name);
}

/**
 * Generates the sample district, calling `write('enterprises' | 'events', text)` with CSV text in
 * order (header first). Streams: memory does not grow with the size requested.
 *
 * @example
 * ```ts
 * const parts = { enterprises: [] as string[], events: [] as string[] };
 * generateSampleDistrict({ seed: 1, enterprises: 100, asOf: '2025-06-30' }, (k, t) => parts[k].push(t));
 * ```
 */
export function generateSampleDistrict(
  options: SampleDistrictOptions,
  write: (kind: 'enterprises' | 'events', text: string) => void,
): { enterprises: number; events: number } {
  const first = options.firstIndex ?? 0;
  const rand = rng(options.seed + first);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)]!;
  const chinese = options.headers === 'chinese';
  const perEnterprise = options.recordsPerEnterprise ?? 5;
  const division = options.divisionCode ?? '310112';
  const asOfDay = toDayNumber(options.asOf);
  const dayIn = (fromYearsAgo: number, toYearsAgo = 0) => fromDayNumber(asOfDay - Math.floor(toYearsAgo * 365 + rand() * (fromYearsAgo - toYearsAgo) * 365));
  const totalWeight = INDUSTRIES.reduce((s, i) => s + i.weight, 0);
  const industryOf = () => {
    let r = rand() * totalWeight;
    for (const i of INDUSTRIES) if ((r -= i.weight) < 0) return i;
    return INDUSTRIES[0]!;
  };
  // Poisson-ish count with mean m (small m): sum of Bernoulli trials.
  const count = (m: number) => {
    let n = 0;
    let x = m;
    while (x > 0) {
      if (rand() < Math.min(1, x)) n++;
      x -= 1;
    }
    return n;
  };
  if (options.header ?? true) {
    write('enterprises', csvLine(chinese ? chineseHeader(ENTERPRISE_COLUMNS) : ENTERPRISE_COLUMNS.map((c) => c.name)));
    write('events', csvLine(chinese ? chineseHeader(EVENT_COLUMNS) : EVENT_COLUMNS.map((c) => c.name)));
  }
  const scale = perEnterprise / 5;
  const charset = USCC_CHARSET.replace(/[^0-9A-Z]/g, '');
  let events = 0;
  let entBuf = '';
  let evBuf = '';
  const flush = (force: boolean) => {
    if (force || entBuf.length > 1 << 16) {
      if (entBuf) write('enterprises', entBuf);
      entBuf = '';
    }
    if (force || evBuf.length > 1 << 16) {
      if (evBuf) write('events', evBuf);
      evBuf = '';
    }
  };
  const evRow = (cells: Record<string, string>) => {
    events++;
    const type = cells['type']!;
    const row = EVENT_COLUMNS.map((c) => (c.name === 'type' && chinese ? CHINESE_TYPE[type] ?? type : (cells[c.name] ?? '')));
    evBuf += csvLine(row);
  };
  let penaltySeq = 0;
  for (let i = 0; i < options.enterprises; i++) {
    // Subject body: 'MA' + the index in base 31 (unique within the run), like real codes MA1FL8X0.
    let body = '';
    let x = first + i + options.seed * 7919;
    for (let k = 0; k < 6; k++) {
      body = charset[x % charset.length]! + body;
      x = Math.floor(x / charset.length);
    }
    const uscc = makeUscc({ divisionCode: division, subjectBody: `MA${body}` });
    const ind = industryOf();
    const name = `上海${pick(BRAND_A)}${pick(BRAND_B)}${ind.word}有限公司`;
    const reg = dayIn(25, 0.2);
    const capitalWan = pick([10, 50, 100, 200, 500, 1000, 3000]);
    const scaleLabel = pick(['micro', 'micro', 'micro', 'small', 'small', 'medium', 'large']);
    const statusRoll = rand();
    const status = statusRoll < 0.93 ? 'active' : statusRoll < 0.96 ? 'revoked' : statusRoll < 0.99 ? 'deregistered' : 'suspended';
    const noDisturb = rand() < 0.12 ? 'true' : 'false';
    const entCells: Record<string, string> = {
      uscc, name, industry_code: ind.code, registration_date: reg, registered_capital: chinese ? `${capitalWan}万元` : String(capitalWan * 10000),
      district: '闵行区', street: pick(STREETS), status: chinese ? ({ active: '存续', revoked: '吊销', deregistered: '注销', suspended: '停业' } as Record<string, string>)[status]! : status,
      scale: scaleLabel, licences: ind.licences, no_disturbance: chinese ? (noDisturb === 'true' ? '是' : '否') : noDisturb,
    };
    entBuf += csvLine(ENTERPRISE_COLUMNS.map((c) => entCells[c.name] ?? ''));
    const m = ind.rate * scale;
    let seq = 0;
    const id = () => `${uscc.slice(8, 16)}-${++seq}`;
    const asOfYear = Number(options.asOf.slice(0, 4));
    // 纳税信用级别: one per tax year (published in April of the next year).
    for (let y = asOfYear - 2; y < asOfYear; y++) {
      if (rand() > 0.95 * scale) continue;
      const r = rand();
      const level = r < 0.3 ? 'A' : r < 0.8 ? 'B' : r < 0.92 ? 'M' : r < 0.98 ? 'C' : 'D';
      const date = `${y + 1}-04-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
      if (date <= options.asOf) evRow({ id: id(), uscc, type: 'taxCreditLevel', date, year: String(y), level });
    }
    for (let k = count(1.2 * m); k > 0; k--) {
      const r = rand();
      evRow({ id: id(), uscc, type: 'inspectionResult', date: dayIn(2), outcome: r < 0.8 ? 'noProblems' : r < 0.95 ? 'problemsCorrected' : 'problemsFound', authority: pick(AUTHORITIES) });
    }
    for (let k = count(0.5 * m); k > 0; k--) evRow({ id: id(), uscc, type: 'complaint', date: dayIn(2), substantiated: rand() < 0.3 ? 'true' : 'false' });
    for (let k = count(0.25 * m); k > 0; k--) evRow({ id: id(), uscc, type: 'annualReportLate', date: dayIn(2), year: String(asOfYear - 1 - Math.floor(rand() * 2)) });
    if (rand() < 0.04 * m) evRow({ id: id(), uscc, type: 'annualReportMissing', date: `${asOfYear}-01-01`, year: String(asOfYear - 1) });
    for (let k = count(0.28 * m); k > 0; k--) {
      penaltySeq++;
      const date = dayIn(3);
      const fineYuan = pick([0, 200, 500, 2000, 5000, 10000, 30000, 50000, 100000, 200000]);
      const tierRoll = rand();
      const pid = id();
      const authority = pick(AUTHORITIES);
      evRow({
        id: pid, uscc, type: 'administrativePenalty', date, decision_number: `沪闵${pick(['市监', '卫', '应急', '环', '城管'])}罚〔${date.slice(0, 4)}〕${String(penaltySeq % 100000).padStart(5, '0')}号`,
        decision_date: date, publication_date: fromDayNumber(toDayNumber(date) + 3 + Math.floor(rand() * 18)),
        penalty_kinds: fineYuan === 0 ? 'warning' : rand() < 0.2 ? 'fine;confiscation' : 'fine',
        fine_amount: fineYuan === 0 ? '' : chinese && fineYuan >= 10000 ? `${fineYuan / 10000}万元` : fineYuan >= 1000 ? fineYuan.toLocaleString('en-US') : String(fineYuan),
        authority, sector: AUTHORITY_SECTOR[authority] ?? ind.sector, procedure: fineYuan <= 3000 && rand() < 0.6 ? 'simple' : 'ordinary',
        tier: tierRoll < 0.55 ? 'minor' : tierRoll < 0.97 ? 'general' : 'serious',
      });
      if (rand() < 0.2) {
        const rep = addPeriod(date, { months: 13 + Math.floor(rand() * 12) });
        if (rep <= options.asOf) evRow({ id: id(), uscc, type: 'creditRepair', date: rep, of_record: pid, repaired_on: rep });
      }
    }
    if (rand() < 0.07 * m) {
      const lid = id();
      const date = dayIn(3);
      evRow({ id: lid, uscc, type: 'abnormalOperationListing', date, reason: pick(['annualReportNotFiled', 'annualReportNotFiled', 'unreachableAtAddress', 'disclosureOverdue']), authority: '闵行区市场监督管理局' });
      if (rand() < 0.5) {
        const rem = addPeriod(date, { days: 30 + Math.floor(rand() * 300) });
        if (rem <= options.asOf) evRow({ id: id(), uscc, type: 'abnormalOperationRemoval', date: rem, of_record: lid });
      }
    }
    if (rand() < 0.004 * m) evRow({ id: id(), uscc, type: 'seriousIllegalListing', date: dayIn(3), authority: '上海市市场监督管理局' });
    if (rand() < 0.01 * m) evRow({ id: id(), uscc, type: 'dishonestJudgmentDebtor', date: dayIn(3), case_number: `（${asOfYear - 1}）沪0112执${1000 + Math.floor(rand() * 9000)}号`, court: '上海市闵行区人民法院' });
    if (rand() < 0.02) evRow({ id: id(), uscc, type: 'commendation', date: dayIn(2), level: pick(['district', 'district', 'city']), title: '守合同重信用企业' });
    if (options.dirty && (first + i) % 97 === 13) {
      // Faults a real export has: each one must come back as a reject, never vanish.
      const f = ((first + i) / 97) | 0;
      switch (f % 7) {
        case 0: evRow({ id: `bad-date-${i}`, uscc, type: 'complaint', date: `${asOfYear}/2/30`, substantiated: 'false' }); break;
        case 1: evRow({ id: `orphan-${i}`, uscc: makeUscc({ divisionCode: division, subjectBody: `MB${body}` }), type: 'complaint', date: dayIn(1), substantiated: 'true' }); break;
        case 2: evRow({ id: id(), uscc, type: 'inspectionResult', date: dayIn(1), outcome: 'noProblems', authority: '闵行区市场监督管理局', decision_number: '' }); { const last = evBuf.slice(evBuf.lastIndexOf('\n', evBuf.length - 2) + 1); evBuf += last; events++; } break;
        case 3: entBuf += csvLine([`${uscc.slice(0, 17)}${uscc[17] === '0' ? '1' : '0'}`, `${name}（分公司）`, ind.code, reg, '', '闵行区', pick(STREETS), 'active', '', '', 'false']); break;
        case 4: evRow({ id: id(), uscc, type: 'penalty-notice', date: dayIn(1) }); break;
        case 5: entBuf += `${uscc},${name}\n`; break;
        default: evRow({ id: id(), uscc, type: 'administrativePenalty', date: dayIn(1), decision_number: `沪闵市监罚〔${asOfYear}〕X${i}号`, penalty_kinds: 'fine', fine_amount: '12.345', authority: '闵行区市场监督管理局', procedure: 'simple' }); break;
      }
    }
    flush(false);
  }
  flush(true);
  return { enterprises: options.enterprises, events };
}
