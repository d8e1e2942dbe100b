import { makeIssue, type IssueCode, type IssueParam } from '../_lib/issues/index.js';
import { isValidUscc, parseUscc } from '../uscc/index.js';
import {
  checkCreditEvent,
  checkEnterprise,
  CREDIT_EVENT_TYPES,
  type CreditEvent,
  type Enterprise,
} from '../grading/index.js';
import type { ColumnLayout } from './columns.js';
import { cutQuotedFields } from './partition.js';
import { normalizeDate, parseAmountFen, parseBoolean, parseWholeNumber, splitList, toHalfWidth } from './normalize.js';

/**
 * One rejected input cell (拒收行): the row is not used, and this says where and why. Written to the
 * rejects CSV as `file,line,column,value,code,message` (message in zh-CN).
 *
 * @example
 * ```ts
 * const r: RejectRow = { file: 'events.csv', line: 7, column: '日期', value: '2025/2/30', code: 'IO_INVALID_DATE', message: '无法识别的日期…' };
 * ```
 */
export interface RejectRow {
  readonly file: string;
  readonly line: number;
  readonly column: string;
  readonly value: string;
  readonly code: IssueCode | string;
  readonly message: string;
}

/**
 * Builds a reject from an issue code (message rendered in zh-CN).
 *
 * @example
 * ```ts
 * makeReject('e.csv', 3, '成立日期', 'x', 'IO_INVALID_DATE', { value: 'x' });
 * ```
 */
export function makeReject(file: string, line: number, column: string, value: string, code: IssueCode, params: Readonly<Record<string, IssueParam>> = {}): RejectRow {
  let p = params;
  for (const k in params) {
    const v = params[k];
    if (typeof v === 'string' && v.length > REJECT_VALUE_MAX) {
      p = { ...p, [k]: clipRejectValue(v) };
    }
  }
  return { file, line, column, value: clipRejectValue(value), code, message: makeIssue(code, p).messageZh };
}

/** Longest value a reject cell carries (Excel holds at most 32,767 characters in a cell). */
export const REJECT_VALUE_MAX = 1000;

/**
 * Clips a rejected cell's value for the rejects file: a 50 MB field must not make the rejects file
 * unopenable. The marker says how many characters were left out; file and line locate the rest.
 *
 * @example
 * ```ts
 * clipRejectValue('x'.repeat(1200)).endsWith('…(+200)'); // true
 * ```
 */
export function clipRejectValue(value: string): string {
  if (value.length <= REJECT_VALUE_MAX) return value;
  let end = REJECT_VALUE_MAX;
  const c = value.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--; // never split a surrogate pair
  return `${value.slice(0, end)}…(+${value.length - end})`;
}

/** Result of converting one CSV row. */
export type RowResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly rejects: readonly RejectRow[] };

const STATUS: Record<string, Enterprise['status']> = {
  active: 'active', 存续: 'active', 在业: 'active', 开业: 'active', 正常: 'active', '存续(在营、开业、在册)': 'active', 在营: 'active',
  suspended: 'suspended', 停业: 'suspended', 歇业: 'suspended',
  revoked: 'revoked', 吊销: 'revoked', 吊销未注销: 'revoked', '吊销,未注销': 'revoked',
  deregistered: 'deregistered', 注销: 'deregistered', 已注销: 'deregistered',
  movedout: 'movedOut', 迁出: 'movedOut', 已迁出: 'movedOut',
};
const SCALE: Record<string, NonNullable<Enterprise['scale']>> = {
  micro: 'micro', 微型: 'micro', 微: 'micro', 微型企业: 'micro',
  small: 'small', 小型: 'small', 小: 'small', 小型企业: 'small',
  medium: 'medium', 中型: 'medium', 中: 'medium', 中型企业: 'medium',
  large: 'large', 大型: 'large', 大: 'large', 大型企业: 'large',
};
const TYPE: Record<string, CreditEvent['type']> = {
  行政处罚: 'administrativePenalty', 处罚: 'administrativePenalty',
  列入经营异常名录: 'abnormalOperationListing', 经营异常: 'abnormalOperationListing', 经营异常名录: 'abnormalOperationListing',
  移出经营异常名录: 'abnormalOperationRemoval',
  列入严重违法失信名单: 'seriousIllegalListing', 严重违法失信: 'seriousIllegalListing', 严重违法失信名单: 'seriousIllegalListing',
  移出严重违法失信名单: 'seriousIllegalRemoval',
  失信被执行人: 'dishonestJudgmentDebtor',
  检查结果: 'inspectionResult', 抽查结果: 'inspectionResult', 检查: 'inspectionResult',
  投诉举报: 'complaint', 投诉: 'complaint', 举报: 'complaint',
  纳税信用级别: 'taxCreditLevel', 纳税信用: 'taxCreditLevel',
  年报逾期: 'annualReportLate', 逾期年报: 'annualReportLate', 年报逾期补报: 'annualReportLate',
  未报年报: 'annualReportMissing', 年报未报: 'annualReportMissing',
  信用修复: 'creditRepair',
  守信激励: 'commendation', 表彰: 'commendation', 荣誉: 'commendation',
};
for (const t of CREDIT_EVENT_TYPES) TYPE[t] = t;
for (const t of CREDIT_EVENT_TYPES) TYPE[t.toLowerCase()] = t;

const PENALTY_KIND: Record<string, string> = {
  警告: 'warning', 通报批评: 'circulatedCriticism', 罚款: 'fine', 没收违法所得: 'confiscation', 没收非法财物: 'confiscation', 没收: 'confiscation',
  暂扣许可证件: 'licenceSuspension', 暂扣许可证: 'licenceSuspension', 吊销许可证件: 'licenceRevocation', 吊销许可证: 'licenceRevocation',
  降低资质等级: 'qualificationDowngrade', 限制开展生产经营活动: 'businessRestriction', 责令停产停业: 'productionSuspension', 责令关闭: 'closure',
  限制从业: 'businessRestriction', 行政拘留: 'detention', 其他: 'other',
};
const PROCEDURE: Record<string, string> = { simple: 'simple', 简易: 'simple', 简易程序: 'simple', 当场: 'simple', ordinary: 'ordinary', 普通: 'ordinary', 普通程序: 'ordinary', 一般程序: 'ordinary' };
const TIER: Record<string, string> = { minor: 'minor', 轻微: 'minor', general: 'general', 一般: 'general', serious: 'serious', 严重: 'serious' };
const REASON: Record<string, string> = {
  annualreportnotfiled: 'annualReportNotFiled', 未按规定报送年度报告: 'annualReportNotFiled', 未报送年报: 'annualReportNotFiled', 未按时年报: 'annualReportNotFiled',
  disclosureoverdue: 'disclosureOverdue', 未按规定公示即时信息: 'disclosureOverdue', 逾期公示: 'disclosureOverdue',
  falsedisclosure: 'falseDisclosure', 公示信息隐瞒真实情况弄虚作假: 'falseDisclosure', 弄虚作假: 'falseDisclosure',
  unreachableataddress: 'unreachableAtAddress', 通过登记的住所或经营场所无法联系: 'unreachableAtAddress', 无法联系: 'unreachableAtAddress',
};
const OUTCOME: Record<string, string> = {
  noproblems: 'noProblems', 未发现问题: 'noProblems', 无问题: 'noProblems', 正常: 'noProblems', 合格: 'noProblems',
  problemscorrected: 'problemsCorrected', 发现问题已责令改正: 'problemsCorrected', 已整改: 'problemsCorrected', 发现问题已整改: 'problemsCorrected',
  problemsfound: 'problemsFound', 发现问题: 'problemsFound', 不合格: 'problemsFound', 发现问题待后续处理: 'problemsFound',
};
const COMMEND_LEVEL: Record<string, string> = { district: 'district', 区级: 'district', city: 'city', 市级: 'city', national: 'national', 国家级: 'national' };

/**
 * Memo of a pure cell parser. Export cells repeat (dates, amounts, labels) and arrive interned, so
 * a map hit skips the regular expressions. Bounded: cleared when full. `undefined` results (rejects)
 * are cached as well.
 */
function memo<T>(f: (s: string) => T): (s: string) => T {
  const m = new Map<string, T>();
  return (s: string) => {
    if (s.length > 32) return f(s);
    const hit = m.get(s);
    if (hit !== undefined || m.has(s)) return hit as T;
    const v = f(s);
    if (m.size >= 1 << 16) m.clear();
    m.set(s, v);
    return v;
  };
}
const dateOf = memo(normalizeDate);
const yuanOf = memo((s) => parseAmountFen(s, 'yuan'));
const wanOf = memo((s) => parseAmountFen(s, 'wan'));
const boolOf = memo(parseBoolean);
const intOf = memo(parseWholeNumber);
const lookups = new Map<Record<string, string>, (s: string) => string | undefined>();

function lookup(table: Record<string, string>, raw: string): string | undefined {
  let f = lookups.get(table);
  if (!f) lookups.set(table, (f = memo((s) => lookupOnce(table, s))));
  return f(raw);
}

function lookupOnce(table: Record<string, string>, raw: string): string | undefined {
  const s = toHalfWidth(raw);
  return table[s] ?? table[s.toLowerCase()] ?? table[s.replace(/\s+/g, '')];
}

/** Options of the row converters. */
export interface ConvertOptions {
  /** District name used when the export has no district column (the rulebook's jurisdiction). */
  readonly defaultDistrict: string;
  /** Accept legacy USCC that fail only the check characters (parseUscc lenient). */
  readonly lenientUscc?: boolean;
}

/** Context the converters fill while reading one row. */
class RowReader {
  rejects: RejectRow[] = [];
  constructor(
    readonly layout: ColumnLayout,
    readonly fields: readonly string[],
    readonly line: number,
  ) {}
  raw(col: string): string {
    const i = this.layout.index[col] ?? -1;
    return i < 0 ? '' : (this.fields[i] ?? '');
  }
  has(col: string): boolean {
    return this.raw(col).trim() !== '';
  }
  reject(col: string, code: IssueCode, params: Readonly<Record<string, IssueParam>> = {}): undefined {
    const value = this.raw(col);
    this.rejects.push(makeReject(this.layout.file, this.line, this.layout.sourceName[col] ?? col, value, code, { value, column: this.layout.sourceName[col] ?? col, ...params }));
    return undefined;
  }
  text(col: string): string {
    return this.raw(col).trim();
  }
  date(col: string): string | undefined {
    const v = this.raw(col);
    if (v.trim() === '') return undefined;
    return dateOf(v) ?? this.reject(col, 'IO_INVALID_DATE');
  }
  amount(col: string): number | undefined {
    const v = this.raw(col);
    if (v.trim() === '') return undefined;
    return ((this.layout.unit[col] ?? 'yuan') === 'wan' ? wanOf(v) : yuanOf(v)) ?? this.reject(col, 'IO_INVALID_AMOUNT');
  }
  bool(col: string): boolean | undefined {
    const v = this.raw(col);
    if (v.trim() === '') return undefined;
    const b = boolOf(v);
    return b ?? this.reject(col, 'IO_INVALID_VALUE', { reason: '应为 是/否' });
  }
  int(col: string): number | undefined {
    const v = this.raw(col);
    if (v.trim() === '') return undefined;
    return intOf(v) ?? this.reject(col, 'IO_INVALID_INTEGER');
  }
  enumOf(col: string, table: Record<string, string>): string | undefined {
    const v = this.raw(col);
    if (v.trim() === '') return undefined;
    return lookup(table, v) ?? this.reject(col, 'IO_INVALID_VALUE', { reason: `可用值：${[...new Set(Object.values(table))].join('、')}` });
  }
  uscc(opts: ConvertOptions, known?: (code: string) => boolean): string | undefined {
    const v = this.raw('uscc');
    if (known && known(v)) return v;
    if (v.trim() === '') return this.reject('uscc', 'IO_REQUIRED_EMPTY');
    const r = parseUscc(v, { lenient: opts.lenientUscc ?? false });
    if (r.ok) return r.code;
    this.rejects.push(makeReject(this.layout.file, this.line, this.layout.sourceName['uscc'] ?? 'uscc', v, r.issue.code, r.issue.params));
    return undefined;
  }
}

function set<T extends object>(o: T, k: string, v: unknown): void {
  if (v !== undefined) (o as Record<string, unknown>)[k] = v;
}

/** Maps a grading schema path back to the source column of a reject. */
const EVENT_PROP_COLUMN: Record<string, string> = {
  id: 'id', uscc: 'uscc', type: 'type', date: 'date', decisionNumber: 'decision_number', decisionDate: 'decision_date',
  publicationDate: 'publication_date', penaltyKinds: 'penalty_kinds', fineAmountFen: 'fine_amount', authority: 'authority',
  sector: 'sector', procedure: 'procedure', tier: 'tier', seriousList: 'serious_list', reason: 'reason', ofRecord: 'of_record',
  caseNumber: 'case_number', court: 'court', removedOn: 'removed_on', outcome: 'outcome', substantiated: 'substantiated',
  year: 'year', level: 'level', title: 'title', repairedOn: 'repaired_on',
};
const ENTERPRISE_PROP_COLUMN: Record<string, string> = {
  uscc: 'uscc', name: 'name', industryCode: 'industry_code', registrationDate: 'registration_date',
  registeredCapitalFen: 'registered_capital', district: 'district', street: 'street', status: 'status', scale: 'scale',
  licences: 'licences', onNoDisturbanceList: 'no_disturbance',
};

/**
 * What a ragged row's reject shows as its value: only the USCC cell, when it looks like one.
 * Never the raw row: exports carry columns xinfeng does not read (法定代表人, 身份证号, phone
 * numbers), and a shifted row would copy that personal data into the rejects file. File and line
 * locate the row for the analyst.
 */
function raggedRowValue(layout: ColumnLayout, fields: readonly string[]): string {
  const i = layout.index.uscc;
  const cell = i === undefined ? undefined : fields[i];
  return cell !== undefined && /^[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]{18}$/.test(cell.trim()) ? cell.trim() : '';
}

/**
 * Converts one enterprise row (企业名录行) to an {@link Enterprise}: normalises the USCC (parseUscc),
 * dates, 注册资本 (to fen; 万元 columns understood), status and scale labels (存续/吊销/注销…,
 * 微型/小型…), then checks the result with the grading schema's checker. Any failure rejects the row
 * with every offending cell.
 *
 * @example
 * ```ts
 * const layout = resolveColumns(header, 'enterprises', 'e.csv');
 * const r = convertEnterprise(layout, fields, 2, { defaultDistrict: '闵行区' });
 * if (r.ok) r.value.uscc;
 * ```
 */
export function convertEnterprise(layout: ColumnLayout, fields: readonly string[], line: number, opts: ConvertOptions): RowResult<Enterprise> {
  const r = new RowReader(layout, fields, line);
  if (fields.length !== layout.header.length) {
    return { ok: false, rejects: [makeReject(layout.file, line, '', raggedRowValue(layout, fields), 'IO_FIELD_COUNT', { found: fields.length, expected: layout.header.length })] };
  }
  const e: Record<string, unknown> = {};
  set(e, 'uscc', r.uscc(opts));
  const name = r.text('name');
  if (name === '') r.reject('name', 'IO_REQUIRED_EMPTY');
  e['name'] = name;
  const industry = toHalfWidth(r.raw('industry_code')).toUpperCase();
  if (industry === '') r.reject('industry_code', 'IO_REQUIRED_EMPTY');
  e['industryCode'] = industry;
  const reg = r.date('registration_date');
  if (reg === undefined && !r.has('registration_date')) r.reject('registration_date', 'IO_REQUIRED_EMPTY');
  set(e, 'registrationDate', reg);
  set(e, 'registeredCapitalFen', r.amount('registered_capital'));
  e['district'] = r.has('district') ? r.text('district') : opts.defaultDistrict;
  e['street'] = r.text('street');
  e['status'] = r.has('status') ? r.enumOf('status', STATUS) : 'active';
  set(e, 'scale', r.enumOf('scale', SCALE));
  if (r.has('licences')) e['licences'] = splitList(r.raw('licences')).map((x) => x.toLowerCase());
  set(e, 'onNoDisturbanceList', r.bool('no_disturbance'));
  if (r.rejects.length) return { ok: false, rejects: r.rejects };
  const bad = checkEnterprise(e);
  if (bad) {
    const col = ENTERPRISE_PROP_COLUMN[String(bad.path[0] ?? '')] ?? '';
    return { ok: false, rejects: [makeReject(layout.file, line, layout.sourceName[col] ?? col, r.raw(col), 'IO_INVALID_VALUE', { column: layout.sourceName[col] ?? col, reason: bad.reason })] };
  }
  return { ok: true, value: e as Enterprise };
}

/**
 * Converts one credit-record row (信用记录行) to a {@link CreditEvent}: the `type` cell (English tag
 * or Chinese label such as 行政处罚, 列入经营异常名录) selects which columns are read; dates, amounts
 * (罚款金额 to fen), yes/no cells and labels are normalised, then the grading schema's checker
 * decides. A missing id falls back to the decision or case number.
 *
 * @example
 * ```ts
 * const r = convertEvent(layout, fields, 9, { defaultDistrict: '闵行区' });
 * if (!r.ok) r.rejects[0].code;
 * ```
 */
export function convertEvent(
  layout: ColumnLayout,
  fields: readonly string[],
  line: number,
  opts: ConvertOptions,
  /** Codes already validated (the accepted enterprises): skips re-parsing them. */
  known?: (code: string) => boolean,
): RowResult<CreditEvent> {
  const r = new RowReader(layout, fields, line);
  if (fields.length !== layout.header.length) {
    return { ok: false, rejects: [makeReject(layout.file, line, '', raggedRowValue(layout, fields), 'IO_FIELD_COUNT', { found: fields.length, expected: layout.header.length })] };
  }
  const uscc = r.uscc(opts, known);
  const typeRaw = r.raw('type');
  const type = typeRaw.trim() === '' ? r.reject('type', 'IO_REQUIRED_EMPTY') : lookup(TYPE as Record<string, string>, typeRaw);
  if (typeRaw.trim() !== '' && type === undefined) r.reject('type', 'IO_UNKNOWN_EVENT_TYPE', { known: CREDIT_EVENT_TYPES.join(', ') });
  const date = r.has('date') ? r.date('date') : undefined;
  const e: Record<string, unknown> = { type };
  const idText = r.text('id') || r.text('decision_number') || r.text('case_number');
  if (idText === '') r.reject('id', 'IO_REQUIRED_EMPTY');
  e['id'] = idText;
  set(e, 'uscc', uscc);
  switch (type) {
    case 'administrativePenalty': {
      e['decisionNumber'] = r.text('decision_number');
      const dd = r.has('decision_date') ? r.date('decision_date') : date;
      set(e, 'decisionDate', dd);
      set(e, 'date', date ?? dd);
      set(e, 'publicationDate', r.date('publication_date'));
      if (r.has('penalty_kinds')) {
        e['penaltyKinds'] = penaltyKindsOf(r.raw('penalty_kinds'), (k) => r.reject('penalty_kinds', 'IO_INVALID_VALUE', { reason: `未知处罚种类“${k}”` }));
      } else if (r.has('fine_amount')) e['penaltyKinds'] = ['fine'];
      set(e, 'fineAmountFen', r.amount('fine_amount'));
      e['authority'] = r.text('authority');
      if (r.has('sector')) e['sector'] = r.text('sector');
      e['procedure'] = r.has('procedure') ? r.enumOf('procedure', PROCEDURE) : 'ordinary';
      set(e, 'tier', r.enumOf('tier', TIER));
      set(e, 'seriousList', r.bool('serious_list'));
      break;
    }
    case 'abnormalOperationListing':
      set(e, 'date', date);
      set(e, 'reason', r.has('reason') ? r.enumOf('reason', REASON) : r.reject('reason', 'IO_REQUIRED_EMPTY'));
      if (r.has('authority')) e['authority'] = r.text('authority');
      break;
    case 'abnormalOperationRemoval':
    case 'seriousIllegalRemoval':
      set(e, 'date', date);
      if (r.has('of_record')) e['ofRecord'] = r.text('of_record');
      break;
    case 'seriousIllegalListing':
      set(e, 'date', date);
      if (r.has('decision_number')) e['decisionNumber'] = r.text('decision_number');
      if (r.has('authority')) e['authority'] = r.text('authority');
      break;
    case 'dishonestJudgmentDebtor':
      set(e, 'date', date);
      e['caseNumber'] = r.text('case_number') || r.text('decision_number');
      if (r.has('court')) e['court'] = r.text('court');
      set(e, 'removedOn', r.date('removed_on'));
      break;
    case 'inspectionResult':
      set(e, 'date', date);
      set(e, 'outcome', r.has('outcome') ? r.enumOf('outcome', OUTCOME) : r.reject('outcome', 'IO_REQUIRED_EMPTY'));
      if (r.has('authority')) e['authority'] = r.text('authority');
      break;
    case 'complaint':
      set(e, 'date', date);
      set(e, 'substantiated', r.has('substantiated') ? r.bool('substantiated') : r.reject('substantiated', 'IO_REQUIRED_EMPTY'));
      break;
    case 'taxCreditLevel':
      set(e, 'date', date);
      set(e, 'year', r.int('year'));
      e['level'] = toHalfWidth(r.raw('level')).toUpperCase().replace(/级$/, '');
      break;
    case 'annualReportLate':
    case 'annualReportMissing':
      set(e, 'date', date);
      set(e, 'year', r.int('year'));
      break;
    case 'creditRepair': {
      e['ofRecord'] = r.text('of_record');
      const ro = r.has('repaired_on') ? r.date('repaired_on') : date;
      set(e, 'repairedOn', ro);
      set(e, 'date', date ?? ro);
      break;
    }
    case 'commendation':
      set(e, 'date', date);
      set(e, 'level', r.enumOf('level', COMMEND_LEVEL));
      e['title'] = r.text('title');
      break;
    default:
      break;
  }
  if (type !== undefined && e['date'] === undefined && !r.has('date')) r.reject('date', 'IO_REQUIRED_EMPTY');
  if (r.rejects.length) return { ok: false, rejects: r.rejects };
  const bad = checkCreditEvent(e);
  if (bad) {
    const col = EVENT_PROP_COLUMN[String(bad.path[0] ?? '')] ?? '';
    return { ok: false, rejects: [makeReject(layout.file, line, layout.sourceName[col] ?? col, r.raw(col), 'IO_INVALID_VALUE', { column: layout.sourceName[col] ?? col, reason: bad.reason })] };
  }
  return { ok: true, value: e as CreditEvent };
}

/** 处罚种类 cell → penalty kind codes (de-duplicated, in order); `unknown(k)` is called for each unknown label. */
function penaltyKindsOf(raw: string, unknown: (k: string) => void): string[] {
  const kinds: string[] = [];
  for (const k of splitList(raw)) {
    const m = PENALTY_KIND[k] ?? (Object.values(PENALTY_KIND).includes(k) ? k : undefined);
    if (m === undefined) unknown(k);
    else if (!kinds.includes(m)) kinds.push(m);
  }
  return kinds;
}

/** The decision/case number that identifies a record for duplicate detection, if it has one. */
export function decisionKey(e: CreditEvent): string | undefined {
  const x = e as { decisionNumber?: string; caseNumber?: string };
  return x.decisionNumber ?? x.caseNumber;
}

const COMMA_BYTE = 0x2c;
const OUTCOME_VALUES: readonly string[] = [...new Set(Object.values(OUTCOME))];
/** The record types the byte-level converter handles: all of them (in their plain spellings). */
const FAST_TYPES: ReadonlySet<string> = new Set(CREDIT_EVENT_TYPES);

// Cell converters of the byte-level event path, as the full path reads those cells (null: decline).
const fastTypeOf = (raw: string): string | null => {
  const t = raw === '' ? undefined : lookup(TYPE as Record<string, string>, raw);
  return t !== undefined && FAST_TYPES.has(t) ? t : null;
};
const outcomeOf = (raw: string): string | null => (raw.trim() === '' ? null : (lookup(OUTCOME, raw) ?? null));
const yesNoOf = (raw: string): boolean | null => (raw.trim() === '' ? null : (boolOf(raw) ?? null));
const trimmed = (raw: string): string => raw.trim();

/**
 * Finds the `n` fields of `buf[start, end)`: field i is `buf[cs[i], ce[i])`. With `quoted`, the
 * record's quotes wrap cells (see cutQuotedFields) and the bounds are the cells' contents; else the
 * fields are split on every comma. False when the row has another number of fields (the full path
 * rejects it) or, quoted, is not simple.
 */
function cutFields(buf: Buffer, start: number, end: number, cs: Int32Array, ce: Int32Array, n: number, quoted: boolean): boolean {
  if (quoted) return cutQuotedFields(buf, start, end, cs, ce) === n;
  cs[0] = start;
  let f = 1;
  for (let p = start; p < end; p++) {
    if (buf[p] === COMMA_BYTE) {
      if (f === n) return false;
      ce[f - 1] = p;
      cs[f++] = p + 1;
    }
  }
  ce[n - 1] = end;
  return f === n;
}

const fcc = String.fromCharCode;

/**
 * The cell `b[s, e)` as a string, decoded in JavaScript when it is short and ASCII (record ids,
 * USCC): `String.fromCharCode` of its bytes costs a quarter of a native `toString` call, which is
 * paid per record. Longer or non-ASCII cells are decoded as UTF-8, the same string either way.
 */
export function cellString(b: Buffer, s: number, e: number): string {
  for (let k = s; k < e; k++) if (b[k]! > 0x7f) return b.toString('utf8', s, e);
  switch (e - s) {
    case 0:
      return '';
    case 1:
      return fcc(b[s]!);
    case 2:
      return fcc(b[s]!, b[s + 1]!);
    case 3:
      return fcc(b[s]!, b[s + 1]!, b[s + 2]!);
    case 4:
      return fcc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!);
    case 5:
      return fcc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!);
    case 6:
      return fcc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!);
    case 7:
      return fcc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!);
    case 8:
      return fcc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!);
    case 9:
      return fcc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!);
    case 10:
      return fcc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!);
    case 11:
      return fcc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!);
    case 12:
      return fcc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!);
    case 13:
      return fcc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!);
    case 14:
      return fcc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!);
    case 15:
      return fcc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!);
    case 16:
      return fcc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!, b[s + 15]!);
    case 17:
      return fcc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!, b[s + 15]!, b[s + 16]!);
    case 18:
      return fcc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!, b[s + 15]!, b[s + 16]!, b[s + 17]!);
    case 19:
      return fcc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!, b[s + 15]!, b[s + 16]!, b[s + 17]!, b[s + 18]!);
    case 20:
      return fcc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!, b[s + 15]!, b[s + 16]!, b[s + 17]!, b[s + 18]!, b[s + 19]!);
    case 21:
      return fcc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!, b[s + 15]!, b[s + 16]!, b[s + 17]!, b[s + 18]!, b[s + 19]!, b[s + 20]!);
    case 22:
      return fcc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!, b[s + 15]!, b[s + 16]!, b[s + 17]!, b[s + 18]!, b[s + 19]!, b[s + 20]!, b[s + 21]!);
    case 23:
      return fcc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!, b[s + 15]!, b[s + 16]!, b[s + 17]!, b[s + 18]!, b[s + 19]!, b[s + 20]!, b[s + 21]!, b[s + 22]!);
    case 24:
      return fcc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!, b[s + 15]!, b[s + 16]!, b[s + 17]!, b[s + 18]!, b[s + 19]!, b[s + 20]!, b[s + 21]!, b[s + 22]!, b[s + 23]!);
    default:
      return b.toString('latin1', s, e);
  }
}

// ASCII, not space: trim() cannot change a cell whose first and last bytes are such.
const solid = (b: number): boolean => b > 0x20 && b < 0x7f;

/** `buf[s, s + 10)` reads `DDDD-DD-DD` (digits and hyphens; the calendar is checked elsewhere). */
function plainDateAt(buf: Buffer, s: number): boolean {
  for (let k = 0; k < 10; k++) {
    const d = buf[s + k]! - 48;
    if (k === 4 || k === 7) {
      if (d !== -3) return false; // '-' is 48 - 3
    } else if (d < 0 || d > 9) return false;
  }
  return true;
}

/**
 * A small byte-keyed memo for one column's cells (labels such as record types or outcomes): a few
 * dozen distinct values, kept in tables that stay in cache. `undefined` from `get` = not known yet.
 */
class ColumnMemo<T> {
  private readonly slots: Int32Array;
  private readonly starts: number[] = [];
  private readonly lens: number[] = [];
  private readonly values: T[] = [];
  private readonly arena: Uint8Array;
  private used = 0;
  /** `cap` slots (a power of two), half of them used at most; then the memo starts afresh. */
  constructor(private readonly cap = 256) {
    this.slots = new Int32Array(cap);
    this.arena = new Uint8Array(cap * 16);
  }
  private slotOf(buf: Uint8Array, s: number, e: number): number {
    let h = 0x811c9dc5;
    for (let k = s; k < e; k++) h = Math.imul(h ^ buf[k]!, 0x01000193);
    let slot = (h >>> 0) & (this.cap - 1);
    const len = e - s;
    for (;;) {
      const v = this.slots[slot]!;
      if (v === 0) return slot;
      if (this.lens[v - 1] === len) {
        const o = this.starts[v - 1]!;
        let k = 0;
        while (k < len && this.arena[o + k] === buf[s + k]) k++;
        if (k === len) return slot;
      }
      slot = (slot + 1) & (this.cap - 1);
    }
  }
  /** 1 + the index of the value remembered for these bytes (see `valueAt`), or 0: one hash for both questions. */
  find(buf: Uint8Array, s: number, e: number): number {
    return this.slots[this.slotOf(buf, s, e)]!;
  }
  /** The value `find` pointed at. */
  valueAt(found: number): T {
    return this.values[found - 1]!;
  }
  /**
   * The value for cell `buf[s, e)`: remembered, or `convert` of its decoded text (then remembered).
   * `convert` must not return undefined (use null for "no value").
   */
  of(buf: Buffer, s: number, e: number, convert: (raw: string) => T): T {
    const found = this.find(buf, s, e);
    if (found !== 0) return this.valueAt(found);
    const v = convert(buf.toString('utf8', s, e));
    this.set(buf, s, e, v);
    return v;
  }
  /** Remembers `value` for these bytes (a full memo is cleared first). */
  set(buf: Uint8Array, s: number, e: number, value: T): void {
    const len = e - s;
    if (len > 256) return;
    if (this.values.length >= this.cap / 2 || this.used + len > this.arena.length) {
      this.slots.fill(0);
      this.starts.length = 0;
      this.lens.length = 0;
      this.values.length = 0;
      this.used = 0;
    }
    const slot = this.slotOf(buf, s, e);
    if (this.slots[slot] !== 0) return;
    this.arena.set(buf.subarray(s, e), this.used);
    this.starts.push(this.used);
    this.lens.push(len);
    this.values.push(value);
    this.used += len;
    this.slots[slot] = this.values.length;
  }
}

/** Plain `YYYY-MM-DD` dates of years 1900–2155 by (year, month, day): the normalised string, or null if invalid. */
class DateMemo {
  /** One per thread: dates do not depend on the layout. */
  static readonly shared = new DateMemo();
  private readonly table: (string | null | undefined)[] = new Array(256 * 12 * 31);
  /** The date of the 10 bytes at `s` (already checked to be digits and hyphens), or undefined if not a calendar date. */
  get(buf: Buffer, s: number): string | undefined {
    const y = (buf[s]! - 48) * 1000 + (buf[s + 1]! - 48) * 100 + (buf[s + 2]! - 48) * 10 + (buf[s + 3]! - 48);
    const m = (buf[s + 5]! - 48) * 10 + (buf[s + 6]! - 48);
    const d = (buf[s + 8]! - 48) * 10 + (buf[s + 9]! - 48);
    if (y < 1900 || y > 2155 || m < 1 || m > 12 || d < 1 || d > 31) return dateOf(buf.toString('latin1', s, s + 10));
    const i = ((y - 1900) * 12 + m - 1) * 31 + d - 1;
    let v = this.table[i];
    // The verdict is normalizeDate's, asked once per date.
    if (v === undefined) this.table[i] = v = dateOf(buf.toString('latin1', s, s + 10)) ?? null;
    return v ?? undefined;
  }
}

/**
 * Byte-level converter for the credit-record rows of a known enterprise in plain form (plain
 * `YYYY-MM-DD` date, plain id): the commonest types (纳税信用级别, 检查结果, 投诉举报, 年报逾期,
 * 未报年报) read only the cells they use, straight from the row's bytes; the others (行政处罚,
 * 经营异常名录, 严重失信名单, 失信被执行人, 信用修复, 守信激励) convert each cell once per distinct
 * byte string with the full path's parsers. It returns exactly the object {@link convertEvent}
 * would accept (same properties, same order) — or `undefined`, and the caller takes
 * {@link convertEvent}'s full path, which also writes any reject. Validity is the grading schema's
 * checker's: asked once per distinct value combination for the commonest types, per record for the
 * others, so the bounds stay defined in one place. Differentially tested against
 * {@link convertEvent} (test/io/fast-event.test.ts).
 *
 * @example
 * ```ts
 * const fast = new FastEventConverter(layout);
 * const e = fast.convert(buf, start, end, '91310112MA1FL8X00X') ?? slowPath();
 * ```
 */
export class FastEventConverter {
  private readonly n: number;
  /** Field bounds of the current row (see cutFields). */
  private readonly cs: Int32Array;
  private readonly ce: Int32Array;
  private readonly iId: number;
  private readonly iType: number;
  private readonly iDate: number;
  private readonly iYear: number;
  private readonly iLevel: number;
  private readonly iOutcome: number;
  private readonly iAuthority: number;
  private readonly iSubstantiated: number;
  private readonly types = new ColumnMemo<string | null>();
  private readonly outcomes = new ColumnMemo<string | null>();
  private readonly booleans = new ColumnMemo<boolean | null>();
  private readonly authorities = new ColumnMemo<string>();
  private readonly dates = DateMemo.shared;
  /**
   * checkCreditEvent's verdict per type and type-specific value combination (0 = not asked yet,
   * 1 = valid, 2 = invalid), indexed by number: a string key would be built and hashed per row.
   */
  private readonly taxVerdicts = new Int8Array(10000 * 26); // year × level letter
  private readonly lateVerdicts = new Int8Array(10000); // year
  private readonly missingVerdicts = new Int8Array(10000); // year
  private readonly outcomeVerdicts = new Int8Array(OUTCOME_VALUES.length);
  private readonly complaintVerdicts = new Int8Array(2); // substantiated
  // Cells of the other record types, converted once per distinct byte string by the full path's
  // parsers (undefined = empty cell, DECLINE = the full path decides).
  private readonly decisionDate: MemoColumn<string>;
  private readonly publicationDate: MemoColumn<string>;
  private readonly penaltyKinds: MemoColumn<readonly string[]>;
  private readonly fineAmount: MemoColumn<number>;
  private readonly authorityText: MemoColumn<string>;
  private readonly sector: MemoColumn<string>;
  private readonly procedure: MemoColumn<string>;
  private readonly tier: MemoColumn<string>;
  private readonly seriousList: MemoColumn<boolean>;
  private readonly reason: MemoColumn<string>;
  private readonly court: MemoColumn<string>;
  private readonly removedOn: MemoColumn<string>;
  private readonly repairedOn: MemoColumn<string>;
  private readonly commendLevel: MemoColumn<string>;
  private readonly title: MemoColumn<string>;
  private readonly iDecisionNumber: number;
  private readonly iCaseNumber: number;
  private readonly iOfRecord: number;
  constructor(layout: ColumnLayout) {
    this.n = layout.header.length;
    this.cs = new Int32Array(this.n);
    this.ce = new Int32Array(this.n);
    const at = (c: string) => layout.index[c] ?? -1;
    this.iId = at('id');
    this.iType = at('type');
    this.iDate = at('date');
    this.iYear = at('year');
    this.iLevel = at('level');
    this.iOutcome = at('outcome');
    this.iAuthority = at('authority');
    this.iSubstantiated = at('substantiated');
    this.iDecisionNumber = at('decision_number');
    this.iCaseNumber = at('case_number');
    this.iOfRecord = at('of_record');
    const column = <T>(name: string, convert: (raw: string) => Cell<T | undefined>) => new MemoColumn<T>(at(name), convert);
    const optionalDate = (raw: string) => (raw.trim() === '' ? undefined : (dateOf(raw) ?? DECLINE));
    const optionalText = (raw: string) => (raw.trim() === '' ? undefined : raw.trim());
    const optionalEnum = (table: Record<string, string>) => (raw: string) => (raw.trim() === '' ? undefined : (lookup(table, raw) ?? DECLINE));
    this.decisionDate = column('decision_date', optionalDate);
    this.publicationDate = column('publication_date', optionalDate);
    this.penaltyKinds = column<readonly string[]>('penalty_kinds', (raw) => {
      if (raw.trim() === '') return undefined;
      let unknown = false;
      const kinds = penaltyKindsOf(raw, () => (unknown = true));
      return unknown ? DECLINE : kinds;
    });
    const unit = layout.unit['fine_amount'] ?? 'yuan';
    this.fineAmount = column('fine_amount', (raw) => (raw.trim() === '' ? undefined : ((unit === 'wan' ? wanOf(raw) : yuanOf(raw)) ?? DECLINE)));
    this.authorityText = column('authority', optionalText);
    this.sector = column('sector', optionalText);
    this.procedure = column('procedure', (raw) => (raw.trim() === '' ? 'ordinary' : (lookup(PROCEDURE, raw) ?? DECLINE)));
    this.tier = column('tier', optionalEnum(TIER));
    this.seriousList = column('serious_list', (raw) => (raw.trim() === '' ? undefined : (boolOf(raw) ?? DECLINE)));
    this.reason = column('reason', (raw) => (raw.trim() === '' ? DECLINE : (lookup(REASON, raw) ?? DECLINE)));
    this.court = column('court', optionalText);
    this.removedOn = column('removed_on', optionalDate);
    this.repairedOn = column('repaired_on', optionalDate);
    this.commendLevel = column('level', optionalEnum(COMMEND_LEVEL));
    this.title = column('title', optionalText);
  }

  /** The converted cell of a memoised column in the current row. */
  private cell<T>(buf: Buffer, c: MemoColumn<T>): Cell<T | undefined> {
    return c.read(buf, this.cs, this.ce);
  }

  /**
   * Sets `e[prop]` to the column's cell when it has a value (an empty cell sets nothing); false when
   * the cell declines (the full path decides).
   */
  private optional<T>(e: Record<string, unknown>, prop: string, buf: Buffer, c: MemoColumn<T>): boolean {
    const v = c.read(buf, this.cs, this.ce);
    if (v === DECLINE) return false;
    if (v !== undefined) e[prop] = v;
    return true;
  }

  /** The trimmed text of field `i` (a column of unique values: decoded, not memoised); '' if absent. */
  private text(buf: Buffer, i: number): string {
    if (i < 0) return '';
    const s = this.cs[i]!;
    const e = this.ce[i]!;
    return e > s ? buf.toString('utf8', s, e).trim() : '';
  }

  /**
   * The less common record types (行政处罚, 经营异常名录, 严重失信名单, 失信被执行人, 信用修复,
   * 守信激励): the same properties in the same order as {@link convertEvent}, then the schema's
   * checker on the whole record (their values vary too much to remember verdicts).
   */
  private other(buf: Buffer, type: string, id: string, uscc: string, date: string): CreditEvent | undefined {
    const e: Record<string, unknown> = { type, id, uscc };
    switch (type) {
      case 'administrativePenalty': {
        e['decisionNumber'] = this.text(buf, this.iDecisionNumber);
        const dd = this.cell(buf, this.decisionDate);
        if (dd === DECLINE) return undefined;
        e['decisionDate'] = dd ?? date;
        e['date'] = date;
        if (!this.optional(e, 'publicationDate', buf, this.publicationDate)) return undefined;
        const kinds = this.cell(buf, this.penaltyKinds);
        if (kinds === DECLINE) return undefined;
        const fine = this.cell(buf, this.fineAmount);
        if (fine === DECLINE) return undefined;
        if (kinds !== undefined) e['penaltyKinds'] = [...kinds];
        // (a non-empty 罚款金额 cell is a fine amount here: an invalid one declined above)
        else if (fine !== undefined) e['penaltyKinds'] = ['fine'];
        if (fine !== undefined) e['fineAmountFen'] = fine;
        const authority = this.cell(buf, this.authorityText);
        if (authority === DECLINE) return undefined;
        e['authority'] = authority ?? '';
        if (!this.optional(e, 'sector', buf, this.sector)) return undefined;
        const procedure = this.cell(buf, this.procedure);
        if (procedure === DECLINE || procedure === undefined) return undefined;
        e['procedure'] = procedure;
        if (!this.optional(e, 'tier', buf, this.tier) || !this.optional(e, 'seriousList', buf, this.seriousList)) return undefined;
        break;
      }
      case 'abnormalOperationListing': {
        e['date'] = date;
        const reason = this.cell(buf, this.reason);
        if (reason === DECLINE || reason === undefined) return undefined;
        e['reason'] = reason;
        if (!this.optional(e, 'authority', buf, this.authorityText)) return undefined;
        break;
      }
      case 'abnormalOperationRemoval':
      case 'seriousIllegalRemoval': {
        e['date'] = date;
        const of = this.text(buf, this.iOfRecord);
        if (of !== '') e['ofRecord'] = of;
        break;
      }
      case 'seriousIllegalListing': {
        e['date'] = date;
        const dn = this.text(buf, this.iDecisionNumber);
        if (dn !== '') e['decisionNumber'] = dn;
        if (!this.optional(e, 'authority', buf, this.authorityText)) return undefined;
        break;
      }
      case 'dishonestJudgmentDebtor': {
        e['date'] = date;
        e['caseNumber'] = this.text(buf, this.iCaseNumber) || this.text(buf, this.iDecisionNumber);
        if (!this.optional(e, 'court', buf, this.court) || !this.optional(e, 'removedOn', buf, this.removedOn)) return undefined;
        break;
      }
      case 'creditRepair': {
        e['ofRecord'] = this.text(buf, this.iOfRecord);
        const ro = this.cell(buf, this.repairedOn);
        if (ro === DECLINE) return undefined;
        e['repairedOn'] = ro ?? date;
        e['date'] = date;
        break;
      }
      case 'commendation': {
        e['date'] = date;
        if (!this.optional(e, 'level', buf, this.commendLevel)) return undefined;
        const title = this.cell(buf, this.title);
        if (title === DECLINE) return undefined;
        e['title'] = title ?? '';
        break;
      }
      default:
        return undefined;
    }
    return checkCreditEvent(e) === null ? (e as CreditEvent) : undefined;
  }

  /**
   * The event of the plain row `buf[start, end)` whose USCC cell is the accepted code `uscc`, or
   * undefined; `quoted`: the row's quotes wrap cells (see cutQuotedFields).
   */
  convert(buf: Buffer, start: number, end: number, uscc: string, quoted = false): CreditEvent | undefined {
    const cs = this.cs;
    const ce = this.ce;
    if (!cutFields(buf, start, end, cs, ce, this.n, quoted) || this.iType < 0 || this.iId < 0 || this.iDate < 0) return undefined;
    const type = this.types.of(buf, cs[this.iType]!, ce[this.iType]!, fastTypeOf);
    if (type === null) return undefined;
    // id: non-empty, no surrounding whitespace (else the full path trims or falls back).
    const is = cs[this.iId]!;
    const ie = ce[this.iId]!;
    if (ie <= is || !solid(buf[is]!) || !solid(buf[ie - 1]!)) return undefined;
    // date: plain YYYY-MM-DD (other spellings take the full path).
    const ds = cs[this.iDate]!;
    if (ce[this.iDate]! - ds !== 10 || !plainDateAt(buf, ds)) return undefined;
    const date = this.dates.get(buf, ds);
    if (date === undefined) return undefined;
    const id = cellString(buf, is, ie);
    let event: CreditEvent;
    let verdicts: Int8Array;
    let slot: number;
    switch (type) {
      case 'taxCreditLevel':
      case 'annualReportLate':
      case 'annualReportMissing': {
        if (this.iYear < 0) return undefined;
        const ys = cs[this.iYear]!;
        if (ce[this.iYear]! - ys !== 4) return undefined;
        let year = 0;
        for (let k = 0; k < 4; k++) {
          const d = buf[ys + k]! - 48;
          if (d < 0 || d > 9) return undefined;
          year = year * 10 + d;
        }
        if (type === 'taxCreditLevel') {
          if (this.iLevel < 0) return undefined;
          const ls = cs[this.iLevel]!;
          if (ce[this.iLevel]! - ls !== 1) return undefined;
          const b = buf[ls]!;
          if (b < 65 || b > 90) return undefined; // upper-case ASCII: toUpperCase and 级 leave it as is
          const level = String.fromCharCode(b);
          event = { type, id, uscc, date, year, level } as CreditEvent;
          verdicts = this.taxVerdicts;
          slot = year * 26 + (b - 65);
        } else {
          event = { type, id, uscc, date, year } as CreditEvent;
          verdicts = type === 'annualReportLate' ? this.lateVerdicts : this.missingVerdicts;
          slot = year;
        }
        break;
      }
      case 'inspectionResult': {
        if (this.iOutcome < 0) return undefined;
        const outcome = this.outcomes.of(buf, cs[this.iOutcome]!, ce[this.iOutcome]!, outcomeOf);
        if (outcome === null) return undefined;
        const e: Record<string, unknown> = { type, id, uscc, date, outcome };
        if (this.iAuthority >= 0) {
          const a = this.authorities.of(buf, cs[this.iAuthority]!, ce[this.iAuthority]!, trimmed);
          if (a !== '') e['authority'] = a;
        }
        event = e as CreditEvent;
        verdicts = this.outcomeVerdicts;
        slot = OUTCOME_VALUES.indexOf(outcome);
        break;
      }
      case 'complaint': {
        if (this.iSubstantiated < 0) return undefined;
        const substantiated = this.booleans.of(buf, cs[this.iSubstantiated]!, ce[this.iSubstantiated]!, yesNoOf);
        if (substantiated === null) return undefined;
        event = { type, id, uscc, date, substantiated } as CreditEvent;
        verdicts = this.complaintVerdicts;
        slot = substantiated ? 1 : 0;
        break;
      }
      default:
        return this.other(buf, type, id, uscc, date);
    }
    // id (non-empty), uscc (an accepted enterprise's code) and date (a calendar date) are valid by
    // construction; the remaining values decide, and the schema's checker is asked once per combination.
    let ok = verdicts[slot]!;
    if (ok === 0) verdicts[slot] = ok = checkCreditEvent(event) === null ? 1 : 2;
    return ok === 1 ? event : undefined;
  }
}

/** A cell's converted value, or DECLINE: the full path decides (and writes the reject). */
const DECLINE: unique symbol = Symbol('decline');
type Cell<T> = T | typeof DECLINE;

/**
 * A column whose cells are converted once per distinct byte string (the byte-level converters):
 * `convert` gets the decoded cell and returns its value, undefined for an empty cell, or DECLINE.
 */
class MemoColumn<T> {
  private readonly memo = new ColumnMemo<Cell<T | undefined>>(4096);
  constructor(
    /** Field index in the layout (-1: the column is absent, its cells read as ''). */
    private readonly index: number,
    private readonly convert: (raw: string) => Cell<T | undefined>,
  ) {}
  /** The converted cell of this column in the row whose field bounds are `cs`/`ce` (see cutFields). */
  read(buf: Buffer, cs: Int32Array, ce: Int32Array): Cell<T | undefined> {
    const i = this.index;
    const s = i < 0 ? 0 : cs[i]!;
    const e = i < 0 ? 0 : ce[i]!;
    const found = this.memo.find(buf, s, e);
    if (found !== 0) return this.memo.valueAt(found);
    const v = this.convert(i < 0 ? '' : buf.toString('utf8', s, e));
    this.memo.set(buf, s, e, v);
    return v;
  }
}

/**
 * Byte-level converter of enterprise rows (企业名录行), the companion of {@link FastEventConverter}:
 * each cell but the USCC and the name is converted once per distinct byte string, by the same
 * parsers as {@link convertEnterprise}, and checked once by the grading schema's checker (on a valid
 * template enterprise with that one field replaced), so a row costs a comma scan, a USCC check and a
 * few small-table lookups. Returns exactly the object {@link convertEnterprise} accepts (same
 * properties, same order), or `undefined` when the full path must decide. Differentially tested
 * (test/io/fast-event.test.ts).
 *
 * @example
 * ```ts
 * const fast = new FastEnterpriseConverter(layout, { defaultDistrict: '闵行区' });
 * const e = fast.convert(buf, start, end) ?? slowPath();
 * ```
 */
export class FastEnterpriseConverter {
  private readonly n: number;
  /** Field bounds of the current row (see cutFields). */
  private readonly cs: Int32Array;
  private readonly ce: Int32Array;
  private readonly col: Readonly<Record<string, number>>;
  private readonly dates = DateMemo.shared;
  // The memoised columns, with the full path's parsers (set up once per layout).
  private readonly unit: 'yuan' | 'wan';
  private readonly industry: MemoColumn<string>;
  private readonly capital: MemoColumn<number>;
  private readonly district: MemoColumn<string>;
  private readonly street: MemoColumn<string>;
  private readonly status: MemoColumn<string>;
  private readonly scale: MemoColumn<string>;
  private readonly licences: MemoColumn<readonly string[]>;
  private readonly noDisturbance: MemoColumn<boolean>;
  private readonly iu: number;
  private readonly iName: number;
  private readonly iReg: number;
  constructor(
    private readonly layout: ColumnLayout,
    private readonly opts: ConvertOptions,
  ) {
    this.n = layout.header.length;
    this.cs = new Int32Array(this.n);
    this.ce = new Int32Array(this.n);
    this.col = layout.index;
    this.unit = layout.unit['registered_capital'] ?? 'yuan';
    this.industry = this.column('industry_code', 'industryCode', (raw) => {
      const v = toHalfWidth(raw).toUpperCase();
      return v === '' ? DECLINE : v;
    });
    this.capital = this.column('registered_capital', 'registeredCapitalFen', (raw) => (raw.trim() === '' ? undefined : ((this.unit === 'wan' ? wanOf(raw) : yuanOf(raw)) ?? DECLINE)));
    this.district = this.column('district', 'district', (raw) => (raw.trim() !== '' ? raw.trim() : this.opts.defaultDistrict));
    this.street = this.column('street', 'street', (raw) => raw.trim());
    this.status = this.column('status', 'status', (raw) => (raw.trim() === '' ? 'active' : (lookup(STATUS, raw) ?? DECLINE)));
    this.scale = this.column('scale', 'scale', (raw) => (raw.trim() === '' ? undefined : (lookup(SCALE, raw) ?? DECLINE)));
    this.licences = this.column<readonly string[]>('licences', 'licences', (raw) => (raw.trim() === '' ? undefined : splitList(raw).map((x) => x.toLowerCase())));
    this.noDisturbance = this.column('no_disturbance', 'onNoDisturbanceList', (raw) => (raw.trim() === '' ? undefined : (boolOf(raw) ?? DECLINE)));
    this.iu = this.col['uscc'] ?? -1;
    this.iName = this.col['name'] ?? -1;
    this.iReg = this.col['registration_date'] ?? -1;
  }

  /** A valid enterprise, for asking the checker about one field at a time. */
  private static readonly TEMPLATE: Readonly<Record<string, unknown>> = {
    uscc: '91310112MA1FL8X09J', name: 'x', industryCode: 'H', registrationDate: '2020-01-01', district: 'x', street: '', status: 'active',
  };
  /** The checker's verdict per field and primitive value (arrays are asked each time their cell is new). */
  private readonly verdicts = new Map<string, Map<unknown, boolean>>();
  private fieldOk(prop: string, value: unknown): boolean {
    if (value === undefined) return true;
    const ask = () => checkEnterprise({ ...FastEnterpriseConverter.TEMPLATE, [prop]: value }) === null;
    if (typeof value === 'object') return ask();
    let m = this.verdicts.get(prop);
    if (!m) this.verdicts.set(prop, (m = new Map()));
    let ok = m.get(value);
    if (ok === undefined) {
      if (m.size >= 1 << 16) m.clear();
      m.set(value, (ok = ask()));
    }
    return ok;
  }

  /** The converted value of a memoised column's cell in this row (remembered by its bytes). */
  private cell<T>(buf: Buffer, c: MemoColumn<T>): Cell<T | undefined> {
    return c.read(buf, this.cs, this.ce);
  }

  /** Column `name`, filling property `prop`: a converted value the checker rejects declines. */
  private column<T>(name: string, prop: string, convert: (raw: string) => Cell<T | undefined>): MemoColumn<T> {
    return new MemoColumn<T>(this.col[name] ?? -1, (raw) => {
      const v = convert(raw);
      return v !== DECLINE && !this.fieldOk(prop, v) ? DECLINE : v;
    });
  }

  /** The enterprise of the plain row `buf[start, end)`, or undefined; `quoted`: see FastEventConverter.convert. */
  convert(buf: Buffer, start: number, end: number, quoted = false): Enterprise | undefined {
    const cs = this.cs;
    const ce = this.ce;
    if (!cutFields(buf, start, end, cs, ce, this.n, quoted)) return undefined;
    const { iu, iName, iReg } = this;
    if (iu < 0 || iName < 0 || iReg < 0) return undefined;
    // USCC: 18 plain bytes that parseUscc accepts as they are.
    const us = cs[iu]!;
    if (ce[iu]! - us !== 18) return undefined;
    for (let k = us; k < us + 18; k++) {
      const b = buf[k]!;
      if (!((b >= 48 && b <= 57) || (b >= 65 && b <= 90))) return undefined;
    }
    const code = cellString(buf, us, us + 18);
    // Strictly valid as it is (a legacy code accepted only by lenient parsing takes the full path);
    // a valid code has the schema's USCC_SHAPE (test/spec/uscc.spec.ts).
    if (!isValidUscc(code)) return undefined;
    // Name: decoded, trimmed, non-empty.
    const name = buf.toString('utf8', cs[iName]!, ce[iName]!).trim();
    if (name === '') return undefined;
    // Registration date: plain YYYY-MM-DD.
    const rs = cs[iReg]!;
    if (ce[iReg]! - rs !== 10 || !plainDateAt(buf, rs)) return undefined;
    const registrationDate = this.dates.get(buf, rs);
    if (registrationDate === undefined) return undefined;
    const industryCode = this.cell(buf, this.industry);
    if (industryCode === DECLINE) return undefined;
    const capital = this.cell(buf, this.capital);
    if (capital === DECLINE) return undefined;
    const district = this.cell(buf, this.district);
    if (district === DECLINE) return undefined;
    const street = this.cell(buf, this.street);
    if (street === DECLINE) return undefined;
    const status = this.cell(buf, this.status);
    if (status === DECLINE) return undefined;
    const scale = this.cell(buf, this.scale);
    if (scale === DECLINE) return undefined;
    const licences = this.cell(buf, this.licences);
    if (licences === DECLINE) return undefined;
    const noDisturbance = this.cell(buf, this.noDisturbance);
    if (noDisturbance === DECLINE) return undefined;
    // Same properties in the same order as convertEnterprise.
    const o: Record<string, unknown> = { uscc: code, name, industryCode, registrationDate };
    if (capital !== undefined) o['registeredCapitalFen'] = capital;
    o['district'] = district;
    o['street'] = street;
    o['status'] = status;
    if (scale !== undefined) o['scale'] = scale;
    if (licences !== undefined) o['licences'] = [...licences];
    if (noDisturbance !== undefined) o['onNoDisturbanceList'] = noDisturbance;
    return o as unknown as Enterprise;
  }
}
