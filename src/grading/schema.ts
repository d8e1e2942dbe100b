/**
 * Input schemas of credit grading (信用分级分类): the enterprise (市场主体) and its credit events
 * (信用记录). The zod schemas are the contract; {@link checkCreditEvent} and {@link checkEnterprise}
 * are hand-written equivalents for the hot path (differentially tested against the schemas).
 */
import { z } from 'zod';
import { isCalendarDate } from '../calendar/index.js';
import { PENALTY_KINDS, penaltyKindSchema } from '../repair/publicity.js';

/**
 * Structural form of a 统一社会信用代码 (GB 32100-2015): 18 characters of the code's charset with
 * positions 3–8 (division code) numeric. Check characters are NOT verified here, so that legacy codes
 * accepted by `parseUscc(text, { lenient: true })` at the I/O boundary remain usable.
 *
 * @example
 * ```ts
 * USCC_SHAPE.test('91310112MA1FL8X09J'); // true
 * ```
 */
export const USCC_SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/**
 * GB/T 4754-2017 industry code (国民经济行业分类): optional section letter (门类 A–T) followed by
 * a division (大类, 2 digits), group (中类, 3) or class (小类, 4), or a bare section letter.
 * Examples: `H6210` (正餐服务), `6210`, `F5251`, `C26`, `H`.
 *
 * @example
 * ```ts
 * INDUSTRY_CODE_SHAPE.test('H6210'); // true (正餐服务)
 * ```
 */
export const INDUSTRY_CODE_SHAPE = /^(?:[A-T](?:[0-9]{2,4})?|[0-9]{2,4})$/;

/**
 * Identifier shape of licences, sectors and authorities' ids used as rulebook keys.
 *
 * @example
 * ```ts
 * KEY_SHAPE.test('food-business'); // true
 * ```
 */
export const KEY_SHAPE = /^[a-z0-9][a-z0-9-]*$/;

/**
 * A `YYYY-MM-DD` calendar date (same predicate as `isCalendarDate`: year 0001–9999).
 *
 * @example
 * ```ts
 * eventDateSchema.safeParse('2025-02-30').success; // false
 * ```
 */
export const eventDateSchema = z.string().refine(isCalendarDate, { message: 'expected a calendar date YYYY-MM-DD' });

/**
 * zod schema of a structurally valid 统一社会信用代码 (see {@link USCC_SHAPE}).
 *
 * @example
 * ```ts
 * usccShapeSchema.parse('91310112MA1FL8X09J');
 * ```
 */
export const usccShapeSchema = z.string().regex(USCC_SHAPE, { message: 'expected an 18-character unified social credit code' });

/**
 * Enterprise status (登记状态).
 *
 * @example
 * ```ts
 * ENTERPRISE_STATUSES.includes('active'); // true
 * ```
 */
export const ENTERPRISE_STATUSES = ['active', 'suspended', 'revoked', 'deregistered', 'movedOut'] as const;
/**
 * Enterprise scale (企业规模, 统计上大中小微型企业划分办法).
 *
 * @example
 * ```ts
 * const scale: Enterprise['scale'] = ENTERPRISE_SCALES[0]; // 'micro'
 * ```
 */
export const ENTERPRISE_SCALES = ['micro', 'small', 'medium', 'large'] as const;

/**
 * zod schema of an enterprise (市场主体) to grade. Unknown keys are rejected.
 *
 * @example
 * ```ts
 * const e = enterpriseSchema.parse({
 *   uscc: '91310112MA1FL8X00X', name: '上海某餐饮有限公司', industryCode: 'H6210',
 *   registrationDate: '2019-04-01', registeredCapitalFen: 100_000_000, district: '闵行区',
 *   street: '莘庄镇', status: 'active', scale: 'small', licences: ['food-business'],
 * });
 * ```
 */
export const enterpriseSchema = z.strictObject({
  /** 统一社会信用代码 (normalised; see {@link USCC_SHAPE}). */
  uscc: usccShapeSchema,
  /** 名称. */
  name: z.string().min(1),
  /** 国民经济行业分类 GB/T 4754 code (see {@link INDUSTRY_CODE_SHAPE}). */
  industryCode: z.string().regex(INDUSTRY_CODE_SHAPE, { message: 'expected a GB/T 4754 industry code such as "H6210"' }),
  /** 成立日期. */
  registrationDate: eventDateSchema,
  /** 注册资本, in fen (分), when known. */
  registeredCapitalFen: z.int().min(0).optional(),
  /** 区, e.g. 闵行区. */
  district: z.string().min(1),
  /** 街道/镇 (may be empty when the export lacks it). */
  street: z.string(),
  /** 登记状态. */
  status: z.enum(ENTERPRISE_STATUSES),
  /** 企业规模, when known. */
  scale: z.enum(ENTERPRISE_SCALES).optional(),
  /** Licences held (许可证), as rulebook licence ids such as `food-business`, `drug-retail`. */
  licences: z.array(z.string().regex(KEY_SHAPE)).optional(),
  /** On the district's 无感监测 (no-disturbance) list. */
  onNoDisturbanceList: z.boolean().optional(),
});

/**
 * An enterprise to grade (inferred from {@link enterpriseSchema}).
 *
 * @example
 * ```ts
 * const e: Enterprise = enterpriseSchema.parse(row);
 * ```
 */
export type Enterprise = z.infer<typeof enterpriseSchema>;

const common = {
  /** Record id (unique within one enterprise's events). */
  id: z.string().min(1),
  /** USCC of the enterprise the record belongs to. */
  uscc: usccShapeSchema,
  /** Date the record takes effect (for a penalty: the decision date; for a repair: the repair date). */
  date: eventDateSchema,
};

/**
 * 行政处罚 (administrative penalty). `date` must equal `decisionDate`.
 *
 * @example
 * ```ts
 * administrativePenaltySchema.parse({ type: 'administrativePenalty', id: 'p1', uscc, date: '2025-03-10', decisionNumber: '闵市监处罚〔2025〕101号', decisionDate: '2025-03-10', penaltyKinds: ['fine'], fineAmountFen: 2_000_000, authority: '上海市闵行区市场监督管理局', procedure: 'ordinary' });
 * ```
 */
export const administrativePenaltySchema = z
  .strictObject({
    type: z.literal('administrativePenalty'),
    ...common,
    /** 行政处罚决定书文号. */
    decisionNumber: z.string().min(1),
    decisionDate: eventDateSchema,
    /** Date published on 国家企业信用信息公示系统, if published. */
    publicationDate: eventDateSchema.optional(),
    penaltyKinds: z.array(penaltyKindSchema).min(1),
    /** Fine (and confiscation) amount in fen. */
    fineAmountFen: z.int().min(0).optional(),
    /** 处罚机关. */
    authority: z.string().min(1),
    /** Sector id of the repair rules (`repair.sectors`: `food`, `drug`, `specialEquipment`, …). */
    sector: z.string().min(1).optional(),
    procedure: z.enum(['simple', 'ordinary']),
    /** Publicity tier if already classified (轻微/一般/严重). */
    tier: z.enum(['minor', 'general', 'serious']).optional(),
    /** Whether the penalty also led to a 严重违法失信名单 listing. */
    seriousList: z.boolean().optional(),
    /** Party type for the fine thresholds of the repair rules (default organisation; 个体工商户 may be `person`). */
    partyType: z.enum(['organisation', 'person']).optional(),
    /** Decided by a market-regulation department (also published on GSXT); default per sector. */
    marketRegulation: z.boolean().optional(),
  })
  .refine((e) => e.date === e.decisionDate, { message: 'date must equal decisionDate', path: ['date'] })
  .refine((e) => e.publicationDate === undefined || e.publicationDate >= e.decisionDate, {
    message: 'publicationDate is before decisionDate',
    path: ['publicationDate'],
  });

/**
 * Reasons for listing in 经营异常名录 (企业经营异常名录管理暂行办法 第四条).
 *
 * @example
 * ```ts
 * ABNORMAL_OPERATION_REASONS[0]; // 'annualReportNotFiled'
 * ```
 */
export const ABNORMAL_OPERATION_REASONS = ['annualReportNotFiled', 'disclosureOverdue', 'falseDisclosure', 'unreachableAtAddress'] as const;

/**
 * 列入经营异常名录.
 *
 * @example
 * ```ts
 * abnormalOperationListingSchema.parse({ type: 'abnormalOperationListing', id: 'a1', uscc, date: '2025-07-01', reason: 'annualReportNotFiled' });
 * ```
 */
export const abnormalOperationListingSchema = z.strictObject({
  type: z.literal('abnormalOperationListing'),
  ...common,
  reason: z.enum(ABNORMAL_OPERATION_REASONS),
  authority: z.string().min(1).optional(),
});

/**
 * 移出经营异常名录. `ofRecord` names the listing removed; absent = the latest open listing.
 *
 * @example
 * ```ts
 * abnormalOperationRemovalSchema.parse({ type: 'abnormalOperationRemoval', id: 'a1-out', uscc, date: '2025-09-01', ofRecord: 'a1' });
 * ```
 */
export const abnormalOperationRemovalSchema = z.strictObject({
  type: z.literal('abnormalOperationRemoval'),
  ...common,
  ofRecord: z.string().min(1).optional(),
});

/**
 * 列入严重违法失信名单.
 *
 * @example
 * ```ts
 * seriousIllegalListingSchema.parse({ type: 'seriousIllegalListing', id: 's1', uscc, date: '2024-05-01' });
 * ```
 */
export const seriousIllegalListingSchema = z.strictObject({
  type: z.literal('seriousIllegalListing'),
  ...common,
  decisionNumber: z.string().min(1).optional(),
  authority: z.string().min(1).optional(),
});

/**
 * 移出严重违法失信名单. `ofRecord` names the listing removed; absent = the latest open listing.
 *
 * @example
 * ```ts
 * seriousIllegalRemovalSchema.parse({ type: 'seriousIllegalRemoval', id: 's1-out', uscc, date: '2025-05-01' });
 * ```
 */
export const seriousIllegalRemovalSchema = z.strictObject({
  type: z.literal('seriousIllegalRemoval'),
  ...common,
  ofRecord: z.string().min(1).optional(),
});

/**
 * 失信被执行人 (court-published dishonest judgment debtor); `removedOn` when the court removed it.
 *
 * @example
 * ```ts
 * dishonestJudgmentDebtorSchema.parse({ type: 'dishonestJudgmentDebtor', id: 'j1', uscc, date: '2025-01-01', caseNumber: '（2025）沪0112执100号' });
 * ```
 */
export const dishonestJudgmentDebtorSchema = z
  .strictObject({
    type: z.literal('dishonestJudgmentDebtor'),
    ...common,
    /** 执行案号. */
    caseNumber: z.string().min(1),
    court: z.string().min(1).optional(),
    removedOn: eventDateSchema.optional(),
  })
  .refine((e) => e.removedOn === undefined || e.removedOn >= e.date, { message: 'removedOn is before date', path: ['removedOn'] });

/**
 * 检查结果 (inspection result).
 *
 * @example
 * ```ts
 * inspectionResultSchema.parse({ type: 'inspectionResult', id: 'i1', uscc, date: '2025-04-02', outcome: 'noProblems' });
 * ```
 */
export const inspectionResultSchema = z.strictObject({
  type: z.literal('inspectionResult'),
  ...common,
  outcome: z.enum(['noProblems', 'problemsCorrected', 'problemsFound']),
  authority: z.string().min(1).optional(),
});

/**
 * 投诉举报 (complaint); `substantiated` = 经查属实.
 *
 * @example
 * ```ts
 * complaintSchema.parse({ type: 'complaint', id: 'c1', uscc, date: '2025-05-01', substantiated: true });
 * ```
 */
export const complaintSchema = z.strictObject({
  type: z.literal('complaint'),
  ...common,
  substantiated: z.boolean(),
});

/**
 * 纳税信用级别 for a tax year (国家税务总局公告2014年第40号 and later).
 *
 * @example
 * ```ts
 * taxCreditLevelSchema.parse({ type: 'taxCreditLevel', id: 't1', uscc, date: '2025-04-20', year: 2024, level: 'B' });
 * ```
 */
export const taxCreditLevelSchema = z.strictObject({
  type: z.literal('taxCreditLevel'),
  ...common,
  year: z.int().min(2014).max(2100),
  level: z.enum(['A', 'B', 'M', 'C', 'D']),
});

/**
 * 年报逾期补报 (annual report filed late) for a report year.
 *
 * @example
 * ```ts
 * annualReportLateSchema.parse({ type: 'annualReportLate', id: 'r1', uscc, date: '2025-07-15', year: 2024 });
 * ```
 */
export const annualReportLateSchema = z.strictObject({
  type: z.literal('annualReportLate'),
  ...common,
  year: z.int().min(2000).max(2100),
});

/**
 * 未报年报 (annual report missing) for a report year.
 *
 * @example
 * ```ts
 * annualReportMissingSchema.parse({ type: 'annualReportMissing', id: 'r2', uscc, date: '2025-07-01', year: 2024 });
 * ```
 */
export const annualReportMissingSchema = z.strictObject({
  type: z.literal('annualReportMissing'),
  ...common,
  year: z.int().min(2000).max(2100),
});

/**
 * 信用修复 of an earlier record. `date` must equal `repairedOn`.
 *
 * @example
 * ```ts
 * creditRepairSchema.parse({ type: 'creditRepair', id: 'f1', uscc, date: '2025-07-01', ofRecord: 'p1', repairedOn: '2025-07-01' });
 * ```
 */
export const creditRepairSchema = z
  .strictObject({
    type: z.literal('creditRepair'),
    ...common,
    /** Id of the repaired record. */
    ofRecord: z.string().min(1),
    repairedOn: eventDateSchema,
  })
  .refine((e) => e.date === e.repairedOn, { message: 'date must equal repairedOn', path: ['date'] });

/**
 * 守信激励 (commendation / honour).
 *
 * @example
 * ```ts
 * commendationSchema.parse({ type: 'commendation', id: 'h1', uscc, date: '2024-03-01', level: 'city', title: '守合同重信用企业' });
 * ```
 */
export const commendationSchema = z.strictObject({
  type: z.literal('commendation'),
  ...common,
  level: z.enum(['district', 'city', 'national']),
  title: z.string().min(1),
});

/**
 * zod schema of a credit event (信用记录): a closed discriminated union on `type`.
 *
 * @example
 * ```ts
 * const r = creditEventSchema.safeParse({
 *   type: 'complaint', id: 'c-1', uscc: '91310112MA1FL8X00X', date: '2025-03-02', substantiated: true,
 * });
 * r.success; // true
 * ```
 */
export const creditEventSchema = z.discriminatedUnion('type', [
  administrativePenaltySchema,
  abnormalOperationListingSchema,
  abnormalOperationRemovalSchema,
  seriousIllegalListingSchema,
  seriousIllegalRemovalSchema,
  dishonestJudgmentDebtorSchema,
  inspectionResultSchema,
  complaintSchema,
  taxCreditLevelSchema,
  annualReportLateSchema,
  annualReportMissingSchema,
  creditRepairSchema,
  commendationSchema,
]);

/**
 * A credit event (inferred from {@link creditEventSchema}).
 *
 * @example
 * ```ts
 * const events: CreditEvent[] = rows.map((r) => creditEventSchema.parse(r));
 * ```
 */
export type CreditEvent = z.infer<typeof creditEventSchema>;
/**
 * The `type` tags of credit events.
 *
 * @example
 * ```ts
 * const t: CreditEventType = 'complaint';
 * ```
 */
export type CreditEventType = CreditEvent['type'];
/**
 * The administrative-penalty event.
 *
 * @example
 * ```ts
 * const penalties = events.filter((e): e is AdministrativePenaltyEvent => e.type === 'administrativePenalty');
 * ```
 */
export type AdministrativePenaltyEvent = Extract<CreditEvent, { type: 'administrativePenalty' }>;

/**
 * Every credit event type, in schema order.
 *
 * @example
 * ```ts
 * CREDIT_EVENT_TYPES.length; // 13
 * ```
 */
export const CREDIT_EVENT_TYPES: readonly CreditEventType[] = [
  'administrativePenalty',
  'abnormalOperationListing',
  'abnormalOperationRemoval',
  'seriousIllegalListing',
  'seriousIllegalRemoval',
  'dishonestJudgmentDebtor',
  'inspectionResult',
  'complaint',
  'taxCreditLevel',
  'annualReportLate',
  'annualReportMissing',
  'creditRepair',
  'commendation',
];

// ---------------------------------------------------------------------------------------------
// Hand-written checkers (hot path). They accept exactly what the zod schemas accept.

/**
 * Why a value failed {@link checkCreditEvent} / {@link checkEnterprise}: the field and a reason.
 *
 * @example
 * ```ts
 * const f: CheckFailure | null = checkCreditEvent(row); if (f) console.log(f.path.join('.'), f.reason);
 * ```
 */
export interface CheckFailure {
  /** Path of the offending field (`[]` for the whole value). */
  readonly path: readonly (string | number)[];
  readonly reason: string;
}

type Kind = 'str' | 'str1' | 'date' | 'uscc' | 'int0' | 'bool' | 'key' | readonly string[] | { readonly int: readonly [number, number] } | { readonly arr: readonly string[] } | 'keys';

interface FieldSpec {
  readonly kind: Kind;
  readonly optional: boolean;
}

const f = (kind: Kind, optional = false): FieldSpec => ({ kind, optional });
const COMMON: Record<string, FieldSpec> = { type: f('str'), id: f('str1'), uscc: f('uscc'), date: f('date') };

const EVENT_FIELDS: Readonly<Record<string, Readonly<Record<string, FieldSpec>>>> = {
  administrativePenalty: {
    ...COMMON,
    decisionNumber: f('str1'),
    decisionDate: f('date'),
    publicationDate: f('date', true),
    penaltyKinds: f({ arr: PENALTY_KINDS }),
    fineAmountFen: f('int0', true),
    authority: f('str1'),
    sector: f('str1', true),
    procedure: f(['simple', 'ordinary']),
    tier: f(['minor', 'general', 'serious'], true),
    seriousList: f('bool', true),
    partyType: f(['organisation', 'person'], true),
    marketRegulation: f('bool', true),
  },
  abnormalOperationListing: { ...COMMON, reason: f(ABNORMAL_OPERATION_REASONS), authority: f('str1', true) },
  abnormalOperationRemoval: { ...COMMON, ofRecord: f('str1', true) },
  seriousIllegalListing: { ...COMMON, decisionNumber: f('str1', true), authority: f('str1', true) },
  seriousIllegalRemoval: { ...COMMON, ofRecord: f('str1', true) },
  dishonestJudgmentDebtor: { ...COMMON, caseNumber: f('str1'), court: f('str1', true), removedOn: f('date', true) },
  inspectionResult: { ...COMMON, outcome: f(['noProblems', 'problemsCorrected', 'problemsFound']), authority: f('str1', true) },
  complaint: { ...COMMON, substantiated: f('bool') },
  taxCreditLevel: { ...COMMON, year: f({ int: [2014, 2100] }), level: f(['A', 'B', 'M', 'C', 'D']) },
  annualReportLate: { ...COMMON, year: f({ int: [2000, 2100] }) },
  annualReportMissing: { ...COMMON, year: f({ int: [2000, 2100] }) },
  creditRepair: { ...COMMON, ofRecord: f('str1'), repairedOn: f('date') },
  commendation: { ...COMMON, level: f(['district', 'city', 'national']), title: f('str1') },
};

const ENTERPRISE_FIELDS: Readonly<Record<string, FieldSpec>> = {
  uscc: f('uscc'),
  name: f('str1'),
  industryCode: f('str'),
  registrationDate: f('date'),
  registeredCapitalFen: f('int0', true),
  district: f('str1'),
  street: f('str'),
  status: f(ENTERPRISE_STATUSES),
  scale: f(ENTERPRISE_SCALES, true),
  licences: f('keys', true),
  onNoDisturbanceList: f('bool', true),
};

// Validity of a value, without building a message (the message is built only on failure).
function valueOk(v: unknown, kind: Kind): boolean {
  switch (kind) {
    case 'str':
      return typeof v === 'string';
    case 'str1':
      return typeof v === 'string' && v.length > 0;
    case 'date':
      return typeof v === 'string' && v.length === 10 && isCalendarDate(v);
    case 'uscc':
      return typeof v === 'string' && v.length === 18 && USCC_SHAPE.test(v);
    case 'int0':
      return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
    case 'bool':
      return typeof v === 'boolean';
    case 'key':
      return typeof v === 'string' && KEY_SHAPE.test(v);
    case 'keys':
      if (!Array.isArray(v)) return false;
      for (const x of v) if (typeof x !== 'string' || !KEY_SHAPE.test(x)) return false;
      return true;
    default:
      break;
  }
  if (Array.isArray(kind)) return typeof v === 'string' && kind.includes(v);
  const k = kind as { int?: readonly [number, number]; arr?: readonly string[] };
  if (k.int) return typeof v === 'number' && Number.isSafeInteger(v) && v >= k.int[0] && v <= k.int[1];
  if (!Array.isArray(v) || v.length === 0) return false;
  for (const x of v) if (typeof x !== 'string' || !k.arr!.includes(x)) return false;
  return true;
}

function reasonFor(kind: Kind): string {
  switch (kind) {
    case 'str':
      return 'expected a string';
    case 'str1':
      return 'expected a non-empty string';
    case 'date':
      return 'expected a calendar date YYYY-MM-DD';
    case 'uscc':
      return 'expected an 18-character unified social credit code';
    case 'int0':
      return 'expected a non-negative integer';
    case 'bool':
      return 'expected a boolean';
    case 'key':
      return 'expected a lower-case id';
    case 'keys':
      return 'expected an array of lower-case ids';
    default:
      break;
  }
  if (Array.isArray(kind)) return `expected one of ${kind.join(', ')}`;
  const k = kind as { int?: readonly [number, number]; arr?: readonly string[] };
  if (k.int) return `expected an integer in [${k.int[0]}, ${k.int[1]}]`;
  return `expected a non-empty array of ${k.arr!.join(', ')}`;
}

function isPlainRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// Specs compiled to parallel arrays once (no per-call allocation).
interface CompiledSpec {
  readonly keys: readonly string[];
  readonly kinds: readonly Kind[];
  readonly optional: readonly boolean[];
  readonly known: Readonly<Record<string, true>>;
}
function compileSpec(spec: Readonly<Record<string, FieldSpec>>): CompiledSpec {
  const keys = Object.keys(spec);
  const known: Record<string, true> = Object.create(null) as Record<string, true>;
  for (const k of keys) known[k] = true;
  return { keys, kinds: keys.map((k) => spec[k]!.kind), optional: keys.map((k) => spec[k]!.optional), known };
}
const EVENT_SPECS = new Map<string, CompiledSpec>(Object.entries(EVENT_FIELDS).map(([t, sp]) => [t, compileSpec(sp)]));
const ENTERPRISE_SPEC = compileSpec(ENTERPRISE_FIELDS);

function checkFields(o: Record<string, unknown>, spec: CompiledSpec): CheckFailure | null {
  const keys = spec.keys;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const v = o[key];
    if (v === undefined) {
      if (spec.optional[i]) continue;
      return { path: [key], reason: 'required' };
    }
    if (!valueOk(v, spec.kinds[i]!)) return { path: [key], reason: reasonFor(spec.kinds[i]!) };
  }
  for (const key in o) {
    if (spec.known[key] !== true && Object.prototype.hasOwnProperty.call(o, key)) return { path: [key], reason: `unknown key "${key}"` };
  }
  return null;
}

/**
 * Fast hand-written equivalent of `creditEventSchema.safeParse(value).success`: `null` when `value`
 * is a valid {@link CreditEvent}, else the first offending field and why. No allocation on success.
 *
 * @example
 * ```ts
 * checkCreditEvent({ type: 'complaint', id: 'c1', uscc: '91310112MA1FL8X00X', date: '2025-03-02', substantiated: true }); // null
 * checkCreditEvent({ type: 'fine' })?.path; // ['type']
 * ```
 */
export function checkCreditEvent(value: unknown): CheckFailure | null {
  if (!isPlainRecord(value)) return { path: [], reason: 'expected an object' };
  const type = value['type'];
  const spec = typeof type === 'string' ? EVENT_SPECS.get(type) : undefined;
  if (!spec) return { path: ['type'], reason: `unknown event type ${JSON.stringify(type) ?? 'undefined'}` };
  const bad = checkFields(value, spec);
  if (bad) return bad;
  // Cross-field rules (the schemas' refinements).
  switch (type) {
    case 'administrativePenalty': {
      if (value['date'] !== value['decisionDate']) return { path: ['date'], reason: 'date must equal decisionDate' };
      const p = value['publicationDate'] as string | undefined;
      if (p !== undefined && p < (value['decisionDate'] as string)) return { path: ['publicationDate'], reason: 'publicationDate is before decisionDate' };
      break;
    }
    case 'dishonestJudgmentDebtor': {
      const r = value['removedOn'] as string | undefined;
      if (r !== undefined && r < (value['date'] as string)) return { path: ['removedOn'], reason: 'removedOn is before date' };
      break;
    }
    case 'creditRepair':
      if (value['date'] !== value['repairedOn']) return { path: ['date'], reason: 'date must equal repairedOn' };
      break;
    default:
      break;
  }
  return null;
}

/**
 * Type guard form of {@link checkCreditEvent}.
 *
 * @example
 * ```ts
 * const valid = rows.filter(isCreditEvent);
 * ```
 */
export function isCreditEvent(value: unknown): value is CreditEvent {
  return checkCreditEvent(value) === null;
}

/**
 * Fast hand-written equivalent of `enterpriseSchema.safeParse(value).success`: `null` when valid,
 * else the first offending field and why.
 *
 * @example
 * ```ts
 * checkEnterprise({ uscc: 'x' })?.path; // ['uscc']
 * ```
 */
export function checkEnterprise(value: unknown): CheckFailure | null {
  if (!isPlainRecord(value)) return { path: [], reason: 'expected an object' };
  const bad = checkFields(value, ENTERPRISE_SPEC);
  if (bad) return bad;
  if (!INDUSTRY_CODE_SHAPE.test(value['industryCode'] as string)) return { path: ['industryCode'], reason: 'expected a GB/T 4754 industry code such as "H6210"' };
  return null;
}

/**
 * Type guard form of {@link checkEnterprise}.
 *
 * @example
 * ```ts
 * if (isEnterprise(row)) grade(row, events);
 * ```
 */
export function isEnterprise(value: unknown): value is Enterprise {
  return checkEnterprise(value) === null;
}
