/**
 * Precompilation of the grading rules (评价规则预编译): once per (rulebook, asOf), every parameter is
 * read through a {@link RulebookReader} (so the opt-in trace lists it) and turned into plain integer
 * tables in hundredths of a point, so that grading one enterprise does no rule lookups.
 */
import { fail } from '../_lib/issues/index.js';
import { addPeriod, fromDayNumber, isCalendarDate, toDayNumber } from '../calendar/index.js';
import { createPublicityEngine, type CountingFacts, type PublicityCalculator, type PublicityInput, type PublicityWindow } from '../repair/publicity.js';
import type { EXCEPTION_TRIGGERS } from '../rulebook/areas/grading.js';
import type { Provenance } from '../rulebook/primitives.js';
import type { Rulebook } from '../rulebook/schema.js';
import { resultStamp, type ResultStamp } from '../rulebook/stamp.js';
import { createRulebookReader, type RulebookReader } from '../rulebook/value-at.js';

/**
 * Credit grades, best first.
 *
 * @example
 * ```ts
 * CREDIT_GRADES.indexOf('C'); // 2 (higher = worse)
 * ```
 */
export const CREDIT_GRADES = ['A', 'B', 'C', 'D'] as const;
/**
 * A credit grade: A 信用风险低, B 一般, C 较高, D 高 (国市监信发〔2022〕6号).
 *
 * @example
 * ```ts
 * const g: CreditGrade = 'B';
 * ```
 */
export type CreditGrade = (typeof CREDIT_GRADES)[number];
/**
 * Risk levels, lowest first.
 *
 * @example
 * ```ts
 * RISK_LEVELS.indexOf('high'); // 2
 * ```
 */
export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
/**
 * A risk level: 低 / 中 / 高.
 *
 * @example
 * ```ts
 * const r: RiskLevel = 'medium';
 * ```
 */
export type RiskLevel = (typeof RISK_LEVELS)[number];
/**
 * A condition that caps the grade (see `grading.exceptions`).
 *
 * @example
 * ```ts
 * const t: ExceptionTrigger = 'seriousIllegalListed';
 * ```
 */
export type ExceptionTrigger = (typeof EXCEPTION_TRIGGERS)[number];

/**
 * zh-CN names of grades and risk levels.
 *
 * @example
 * ```ts
 * CREDIT_GRADE_NAMES_ZH.D; // 'D级（信用风险高）'
 * ```
 */
export const CREDIT_GRADE_NAMES_ZH: Readonly<Record<CreditGrade, string>> = Object.freeze({ A: 'A级（信用风险低）', B: 'B级（信用风险一般）', C: 'C级（信用风险较高）', D: 'D级（信用风险高）' });
/**
 * zh-CN names of risk levels.
 *
 * @example
 * ```ts
 * RISK_LEVEL_NAMES_ZH.high; // '高'
 * ```
 */
export const RISK_LEVEL_NAMES_ZH: Readonly<Record<RiskLevel, string>> = Object.freeze({ low: '低', medium: '中', high: '高' });

/**
 * Trigger bit positions (stable; used in masks).
 *
 * @example
 * ```ts
 * TRIGGER_INDEX.taxLevelD; // 3
 * ```
 */
export const TRIGGER_INDEX: Readonly<Record<ExceptionTrigger, number>> = Object.freeze({
  seriousIllegalListed: 0,
  abnormalOperationListed: 1,
  dishonestJudgmentDebtor: 2,
  taxLevelD: 3,
  taxLevelC: 4,
  seriousPenaltyInForce: 5,
  annualReportMissing: 6,
});

/**
 * One cell of the deduction table, compiled.
 *
 * @example
 * ```ts
 * compileGrading(rb, '2025-06-30').penaltySlot.general.pointsH; // 1100
 * ```
 */
export interface DeductionSlot {
  readonly index: number;
  /** Reason code, e.g. `deduction.administrativePenalty.general`. */
  readonly code: string;
  readonly type: string;
  readonly severity: string;
  readonly group: number;
  readonly pointsH: number;
  /** Counts for this many months (records without a publicity period of their own). */
  readonly months?: number;
  /** Earliest record date that still counts on asOf (for `months` rows). */
  readonly cutoff?: string;
}

/**
 * A compiled exception.
 *
 * @example
 * ```ts
 * compileGrading(rb, '2025-06-30').exceptions.map((e) => e.id);
 * ```
 */
export interface CompiledException {
  readonly id: string;
  readonly trigger: ExceptionTrigger;
  readonly triggerIndex: number;
  readonly maxGrade: number;
  readonly reasonZh: string;
  readonly path: string;
  readonly source: Provenance;
}

/**
 * A supervision class, as in the rulebook.
 *
 * @example
 * ```ts
 * const c: SupervisionClass = gradeEnterprise(e, evs, { rulebook, asOf }).supervisionClassDetail;
 * ```
 */
export interface SupervisionClass {
  readonly id: string;
  readonly label: string;
  readonly rank: number;
  readonly inspectionsPerYearMax: number;
  readonly samplingRatio: string;
  readonly keyItemsFullCoverage: boolean;
  readonly proactiveOnsiteOff: boolean;
}

/**
 * Publicity facts grading needs about a penalty.
 *
 * @example
 * ```ts
 * const p: PenaltyPublicity = { window, stopDay: toDayNumber(window.stopsCountingOn!) };
 * ```
 */
export interface PenaltyPublicity {
  readonly window: PublicityWindow;
  /** Day number of `stopsCountingOn`, or `Infinity` for a record that never stops, `-Infinity` for one never published. */
  readonly stopDay: number;
}

/**
 * The grading rules of one rulebook on one date, as integer tables. Internal but exposed for tooling.
 *
 * @example
 * ```ts
 * const c: CompiledGrading = compileGrading(defaultRulebook(), '2025-06-30');
 * ```
 */
export interface CompiledGrading {
  readonly rulebook: Rulebook;
  readonly asOf: string;
  readonly asOfDay: number;
  readonly reader: RulebookReader;
  readonly stamp: ResultStamp;
  readonly startH: number;
  readonly groupIds: readonly string[];
  readonly groupLabels: readonly string[];
  readonly groupCapH: readonly number[];
  readonly slots: readonly DeductionSlot[];
  readonly penaltySlot: Readonly<Record<'minor' | 'general' | 'serious', DeductionSlot>>;
  readonly abnormalSlot: Readonly<Record<string, DeductionSlot>>;
  readonly seriousListSlot: DeductionSlot;
  readonly dishonestSlot: DeductionSlot;
  readonly inspectionFoundSlot: DeductionSlot;
  readonly inspectionCorrectedSlot: DeductionSlot;
  readonly complaintSlot: DeductionSlot;
  readonly taxCSlot: DeductionSlot;
  readonly taxDSlot: DeductionSlot;
  readonly reportLateSlot: DeductionSlot;
  readonly reportMissingSlot: DeductionSlot;
  readonly commendationH: Readonly<Record<'district' | 'city' | 'national', number>>;
  readonly noProblemsH: number;
  readonly positiveCapH: number;
  /** Minimum scores (hundredths) of A, B, C. */
  readonly thresholdsH: readonly [number, number, number];
  readonly exceptions: readonly CompiledException[];
  /** Per trigger index: the compiled exception, if any. */
  readonly exceptionByTrigger: readonly (CompiledException | undefined)[];
  readonly rounding: { readonly scale: number; readonly mode: 'half-up' | 'half-even' | 'up' | 'down' | 'ceil' | 'floor' };
  readonly industryDefault: number;
  readonly industry: ReadonlyMap<string, { readonly level: number; readonly sector: string; readonly prefix: string }>;
  readonly licence: ReadonlyMap<string, { readonly level: number; readonly label: string }>;
  readonly scaleLevel: Readonly<Record<string, number>>;
  readonly classes: readonly SupervisionClass[];
  /** Class index by `grade * 3 + risk`. */
  readonly matrix: readonly number[];
  /** The repair area's publicity calculator (full windows for explanations, `countingWindow` for the kernel). */
  readonly publicity: PublicityCalculator;
}

/**
 * Converts a points string (≤ 2 decimals, validated by the rulebook schema) to hundredths.
 *
 * @example
 * ```ts
 * pointsToHundredths('2.5'); // 250
 * ```
 */
export function pointsToHundredths(points: string): number {
  const dot = points.indexOf('.');
  if (dot < 0) return Number(points) * 100;
  const frac = points.slice(dot + 1).padEnd(2, '0');
  return Number(points.slice(0, dot)) * 100 + Number(frac);
}

/** The earliest date D such that a record dated D still counts on asOf when it counts for `months` months. */
function cutoffFor(asOf: string, months: number): string {
  // Counts through addPeriod(D, months) inclusive (民法典 Arts. 201–202); addPeriod is monotone in D.
  let dn = toDayNumber(asOf) - months * 31 - 2;
  for (;;) {
    const d = fromDayNumber(dn);
    if (addPeriod(d, { months }) >= asOf) return d;
    dn++;
  }
}

type PublicityEngine = ReturnType<typeof createPublicityEngine>;
const publicityCache = new WeakMap<Rulebook, PublicityEngine>();
function publicityOf(rulebook: Rulebook): PublicityEngine {
  let p = publicityCache.get(rulebook);
  if (!p) {
    p = createPublicityEngine(rulebook);
    publicityCache.set(rulebook, p);
  }
  return p;
}

/**
 * The counting facts reader of the repair area's calculator behind `c.publicity` (same core and
 * caches): for the kernel's hot loop, which reads them in place instead of allocating a window.
 *
 * @example
 * ```ts
 * const counting = publicityCountingOf(compileGrading(rb, '2025-06-30'));
 * ```
 */
export function publicityCountingOf(c: CompiledGrading): (input: PublicityInput, repairedOn: string | null) => CountingFacts {
  return publicityOf(c.rulebook).counting;
}

const GRADE_INDEX: Readonly<Record<string, number>> = { A: 0, B: 1, C: 2, D: 3 };
const RISK_INDEX: Readonly<Record<string, number>> = { low: 0, medium: 1, high: 2 };

/**
 * Compiles the grading rules of `rulebook` in force on `asOf`. Throws `INVALID_CALENDAR_DATE` for a
 * malformed asOf and the rulebook's own errors when a parameter has no value on that date.
 *
 * @example
 * ```ts
 * const c = compileGrading(defaultRulebook(), '2025-06-30');
 * c.thresholdsH; // [9000, 7000, 4000]
 * ```
 */
export function compileGrading(rulebook: Rulebook, asOf: string): CompiledGrading {
  if (!isCalendarDate(asOf)) fail('INVALID_CALENDAR_DATE', { value: String(asOf) });
  const reader = createRulebookReader(rulebook, asOf);
  const rounding = reader.get('general.scoreRounding');
  const startH = pointsToHundredths(reader.get('grading.startScore'));
  const groups = reader.get('grading.indicatorGroups');
  const groupIds = Object.keys(groups);
  const groupIndex = new Map(groupIds.map((g, i) => [g, i] as const));
  const deductions = reader.get('grading.deductions');
  const slots: DeductionSlot[] = [];
  const slotOf = (type: string, severity: string): DeductionSlot => {
    const row = (deductions as unknown as Record<string, Record<string, { group: string; points: string; countsForMonths?: number }>>)[type]![severity]!;
    const group = groupIndex.get(row.group);
    if (group === undefined) fail('RULEBOOK_INVALID', { source: rulebook.id, path: `grading.deductions.${type}.${severity}.group`, reason: `unknown indicator group ${row.group}` });
    const s: DeductionSlot = {
      index: slots.length,
      code: `deduction.${type}.${severity}`,
      type,
      severity,
      group,
      pointsH: pointsToHundredths(row.points),
      ...(row.countsForMonths !== undefined ? { months: row.countsForMonths, cutoff: cutoffFor(asOf, row.countsForMonths) } : {}),
    };
    slots.push(s);
    return s;
  };
  const penaltySlot = { minor: slotOf('administrativePenalty', 'minor'), general: slotOf('administrativePenalty', 'general'), serious: slotOf('administrativePenalty', 'serious') };
  const abnormalSlot: Record<string, DeductionSlot> = {};
  for (const r of ['annualReportNotFiled', 'disclosureOverdue', 'falseDisclosure', 'unreachableAtAddress']) abnormalSlot[r] = slotOf('abnormalOperationListing', r);
  const seriousListSlot = slotOf('seriousIllegalListing', 'listed');
  const dishonestSlot = slotOf('dishonestJudgmentDebtor', 'listed');
  const inspectionFoundSlot = slotOf('inspectionResult', 'problemsFound');
  const inspectionCorrectedSlot = slotOf('inspectionResult', 'problemsCorrected');
  const complaintSlot = slotOf('complaint', 'substantiated');
  const taxCSlot = slotOf('taxCreditLevel', 'C');
  const taxDSlot = slotOf('taxCreditLevel', 'D');
  const reportLateSlot = slotOf('annualReportLate', 'late');
  const reportMissingSlot = slotOf('annualReportMissing', 'missing');

  const pos = reader.get('grading.positiveAdjustments');
  const th = reader.get('grading.thresholds');

  const exceptions: CompiledException[] = [];
  const exceptionByTrigger: (CompiledException | undefined)[] = new Array(7).fill(undefined);
  for (const id of Object.keys(rulebook.parameters.grading.exceptions).sort()) {
    const path = `grading.exceptions.${id}`;
    // An exception with no value on asOf is simply not in force then.
    const node = rulebook.parameters.grading.exceptions[id]!;
    const inForce = node.values.some((v) => v.from <= asOf && (v.to === undefined || asOf <= v.to));
    if (!inForce) continue;
    const v = reader.at(path as 'grading.startScore') as unknown as { value: { trigger: ExceptionTrigger; maxGrade: string; reasonZh: string }; source: Provenance };
    const ce: CompiledException = {
      id,
      trigger: v.value.trigger,
      triggerIndex: TRIGGER_INDEX[v.value.trigger],
      maxGrade: GRADE_INDEX[v.value.maxGrade]!,
      reasonZh: v.value.reasonZh,
      path,
      source: v.source,
    };
    exceptions.push(ce);
    exceptionByTrigger[ce.triggerIndex] = ce;
  }

  const ind = reader.get('grading.industryRisk');
  const industry = new Map<string, { level: number; sector: string; prefix: string }>();
  for (const e of ind.entries) industry.set(e.prefix, { level: RISK_INDEX[e.level]!, sector: e.sector, prefix: e.prefix });
  const lic = reader.get('grading.licenceRisk');
  const licence = new Map<string, { level: number; label: string }>();
  for (const [k, v] of Object.entries(lic)) licence.set(k, { level: RISK_INDEX[v.level]!, label: v.label });
  const sc = reader.get('grading.scaleRisk');
  const scaleLevel: Record<string, number> = {};
  for (const [k, v] of Object.entries(sc)) scaleLevel[k] = RISK_INDEX[v]!;

  const cls = reader.get('grading.supervisionClasses');
  const classes: SupervisionClass[] = Object.keys(cls)
    .sort((a, b) => cls[a]!.rank - cls[b]!.rank)
    .map((id) => ({ id, ...cls[id]! }));
  const classIndex = new Map(classes.map((c, i) => [c.id, i] as const));
  const mx = reader.get('grading.classMatrix');
  const matrix: number[] = [];
  for (const g of CREDIT_GRADES) for (const r of RISK_LEVELS) matrix.push(classIndex.get(mx[g][r])!);

  return {
    rulebook,
    asOf,
    asOfDay: toDayNumber(asOf),
    reader,
    stamp: resultStamp(rulebook, asOf),
    startH,
    groupIds,
    groupLabels: groupIds.map((g) => groups[g]!.label),
    groupCapH: groupIds.map((g) => pointsToHundredths(groups[g]!.cap)),
    slots,
    penaltySlot,
    abnormalSlot,
    seriousListSlot,
    dishonestSlot,
    inspectionFoundSlot,
    inspectionCorrectedSlot,
    complaintSlot,
    taxCSlot,
    taxDSlot,
    reportLateSlot,
    reportMissingSlot,
    commendationH: {
      district: pointsToHundredths(pos.commendation.district),
      city: pointsToHundredths(pos.commendation.city),
      national: pointsToHundredths(pos.commendation.national),
    },
    noProblemsH: pointsToHundredths(pos.inspectionNoProblems),
    positiveCapH: pointsToHundredths(pos.cap),
    thresholdsH: [pointsToHundredths(th.A), pointsToHundredths(th.B), pointsToHundredths(th.C)],
    exceptions,
    exceptionByTrigger,
    rounding,
    industryDefault: RISK_INDEX[ind.default]!,
    industry,
    licence,
    scaleLevel,
    classes,
    matrix,
    publicity: publicityOf(rulebook).calculator,
  };
}

/**
 * Rounds a non-negative score in hundredths to `scale` decimals with a declared mode, exactly
 * (integers only). Scales of 2 or more leave hundredths unchanged.
 *
 * @example
 * ```ts
 * roundHundredths(8950, 0, 'half-up'); // 9000
 * ```
 */
export function roundHundredths(h: number, scale: number, mode: CompiledGrading['rounding']['mode']): number {
  if (scale >= 2) return h;
  const unit = scale === 1 ? 10 : 100;
  const q = Math.floor(h / unit);
  const r = h - q * unit;
  if (r === 0) return h;
  let up: boolean;
  switch (mode) {
    case 'up':
    case 'ceil':
      up = true;
      break;
    case 'down':
    case 'floor':
      up = false;
      break;
    case 'half-up':
      up = r * 2 >= unit;
      break;
    case 'half-even':
      up = r * 2 > unit || (r * 2 === unit && q % 2 === 1);
      break;
  }
  return (q + (up ? 1 : 0)) * unit;
}
