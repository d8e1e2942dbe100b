/**
 * 低风险免于现场审核 (low-risk exemption from on-site review) for pilot licensing matters, first
 * 危险化学品经营许可（不带储存设施） (plan 三(一)2 「试点开展危险化学品经营许可（不带储存设施）事项低风险企业
 * 免于现场审核」). Every condition is a rulebook parameter with its own source and status marker.
 */
import type { z } from 'zod';
import { fail, makeIssue, type Issue } from '../_lib/issues/index.js';
import { closest } from '../_lib/suggest.js';
import { addPeriod, isCalendarDate, type CalendarDate } from '../calendar/index.js';
import { createRulebookReader, resultStamp, type ParameterRead, type ProvenanceStatus, type Provenance, type ResultStamp, type Rulebook, type ValueInForce } from '../rulebook/index.js';
import type { creditGradeSchema, riskLevelSchema } from '../rulebook/areas/grading.js';
import type { exemptionMatterSchema } from '../rulebook/areas/services.js';
import type { Enterprise } from '../grading/schema.js';
import { isListedOn, listingIntervals, type ServiceRecord } from './records.js';

/** Credit grade A (best) … D. */
type CreditGrade = z.infer<typeof creditGradeSchema>;
/** Risk level low … high. */
type RiskLevel = z.infer<typeof riskLevelSchema>;

/** Grades best first; the index is the order used by bounds. */
const CREDIT_GRADE_ORDER: readonly CreditGrade[] = ['A', 'B', 'C', 'D'];
/** Risk levels lowest first. */
const RISK_LEVEL_ORDER: readonly RiskLevel[] = ['low', 'medium', 'high'];

/** Ids of the exemption conditions, in the order they are evaluated and reported. */
export type ExemptionConditionId = Exclude<keyof z.infer<typeof exemptionMatterSchema>, 'name'>;

const CONDITIONS: readonly { id: ExemptionConditionId; zh: string; en: string }[] = [
  { id: 'requireActiveStatus', zh: '登记状态为存续', en: 'registration status is active' },
  { id: 'maxGrade', zh: '信用等级不低于规定等级', en: 'credit grade at or better than the bound' },
  { id: 'maxRiskLevel', zh: '风险等级不高于规定等级', en: 'risk level at or below the bound' },
  { id: 'noPenaltyWithinMonths', zh: '回溯期内无行政处罚', en: 'no administrative penalty in the look-back window' },
  { id: 'noCompulsoryMeasureWithinMonths', zh: '回溯期内无行政强制措施', en: 'no compulsory measure in the look-back window' },
  { id: 'notOnSeriousIllegalList', zh: '未列入严重违法失信名单', en: 'not on the serious illegal and dishonest list' },
  { id: 'notOnAbnormalOperationList', zh: '未列入经营异常名录', en: 'not on the abnormal operation list' },
  { id: 'notDishonestJudgmentDebtor', zh: '非失信被执行人', en: 'not a dishonest judgment debtor' },
];

/** The record kind each look-back or list condition reads (for `unavailableKinds`). */
const CONDITION_KIND: Partial<Record<ExemptionConditionId, { kind: NonNullable<ExemptionInput['unavailableKinds']>[number]; zh: string; en: string }>> = {
  noPenaltyWithinMonths: { kind: 'administrativePenalty', zh: '行政处罚', en: 'administrative penalty' },
  noCompulsoryMeasureWithinMonths: { kind: 'compulsoryMeasure', zh: '行政强制', en: 'compulsory measure' },
  notOnSeriousIllegalList: { kind: 'seriousIllegalListing', zh: '严重违法失信名单', en: 'serious illegal list' },
  notOnAbnormalOperationList: { kind: 'abnormalOperationListing', zh: '经营异常名录', en: 'abnormal operation list' },
  notDishonestJudgmentDebtor: { kind: 'dishonestJudgmentDebtor', zh: '失信被执行人', en: 'dishonest judgment debtor' },
};

/** One evaluated condition. */
export interface ExemptionCondition {
  readonly id: ExemptionConditionId;
  readonly labelZh: string;
  readonly labelEn: string;
  readonly met: boolean;
  /** False when the input cannot carry the records the condition needs (see `unavailableKinds`). */
  readonly verified: boolean;
  /** The bound applied (grade, level, months or `true`). */
  readonly bound: string | number | boolean;
  /** What was found, zh-CN (e.g. "信用等级 B", "2024-03-05 行政处罚 p-1"). */
  readonly foundZh: string;
  /** Ids of the records that make the condition unmet (empty when met). */
  readonly offendingRecords: readonly string[];
  /** Rulebook parameter the condition comes from. */
  readonly parameter: string;
  /** `confirmed | secondary | inferred | library-default`: `library-default` is xinfeng's choice, not law. */
  readonly status: ProvenanceStatus;
  readonly source: Provenance;
}

/** The grade the exemption reads, e.g. the result of `gradeEnterprise` (structurally compatible). */
export interface GradeInput {
  readonly grade: CreditGrade;
  readonly riskLevel: RiskLevel;
}

/** Input of {@link assessOnsiteReviewExemption}. */
export interface ExemptionInput {
  readonly enterprise: Pick<Enterprise, 'uscc' | 'status'> & Partial<Pick<Enterprise, 'name'>>;
  readonly records: readonly ServiceRecord[];
  readonly grade: GradeInput;
  /**
   * Record kinds the source data cannot carry (e.g. `compulsoryMeasure`). Conditions on them are
   * reported as not verified, and an unverified condition makes the enterprise not eligible.
   */
  readonly unavailableKinds?: readonly ('administrativePenalty' | 'compulsoryMeasure' | 'seriousIllegalListing' | 'abnormalOperationListing' | 'dishonestJudgmentDebtor')[];
}

/** Options of {@link assessOnsiteReviewExemption}. */
export interface ExemptionOptions {
  readonly rulebook: Rulebook;
  readonly asOf: CalendarDate;
  /** Pilot matter id; may be omitted when the rulebook has exactly one. */
  readonly matter?: string;
}

/**
 * The exemption assessment.
 *
 * @example
 * ```ts
 * const a = assessOnsiteReviewExemption(input, { rulebook, asOf });
 * a.conditions.map((c) => `${c.met ? '✓' : '✗'} ${c.labelZh} [${c.status}]`);
 * ```
 */
export interface ExemptionAssessment {
  readonly matter: string;
  readonly matterNameZh: string;
  readonly matterNameEn: string;
  readonly uscc: string;
  /** True when every condition is met and verified. */
  readonly eligible: boolean;
  readonly conditions: readonly ExemptionCondition[];
  readonly warnings: readonly Issue[];
  readonly reads: readonly ParameterRead[];
  readonly stamp: ResultStamp;
}

/**
 * The pilot matter ids of a rulebook.
 *
 * @example
 * ```ts
 * exemptionMatters(defaultRulebook()); // ['hazardous-chemicals-trading-no-storage']
 * ```
 */
export function exemptionMatters(rulebook: Rulebook): string[] {
  return Object.keys(rulebook.parameters.services.exemption.matters).sort();
}

/**
 * Assesses whether an enterprise qualifies for 低风险免于现场审核 in a pilot matter on `asOf`:
 * every condition the rulebook defines for the matter (grade bound, risk bound, no penalty and no
 * compulsory measure in a look-back window, not on the serious-illegal or abnormal-operation list,
 * not a dishonest judgment debtor, active) is evaluated as met / unmet with its parameter, source and
 * status marker; eligible = all met.
 *
 * Monotone by construction: a worse grade, a higher risk level or an extra adverse record can only
 * turn conditions from met to unmet, never the reverse. Records after asOf are ignored (with a warning).
 *
 * @throws XinfengError `SERVICES_EXEMPTION_UNKNOWN_MATTER`, `INVALID_CALENDAR_DATE`.
 * @example
 * ```ts
 * const a = assessOnsiteReviewExemption(
 *   { enterprise, records: events, grade: { grade: 'A', riskLevel: 'low' } },
 *   { rulebook: defaultRulebook(), asOf: '2025-06-30', matter: 'hazardous-chemicals-trading-no-storage' },
 * );
 * a.eligible; a.conditions.filter((c) => !c.met).map((c) => c.labelZh);
 * ```
 */
export function assessOnsiteReviewExemption(input: ExemptionInput, options: ExemptionOptions): ExemptionAssessment {
  const { rulebook, asOf } = options;
  if (!isCalendarDate(asOf)) fail('INVALID_CALENDAR_DATE', { value: String(asOf) });
  const known = exemptionMatters(rulebook);
  const matter = options.matter ?? (known.length === 1 ? known[0]! : '');
  const spec = Object.prototype.hasOwnProperty.call(rulebook.parameters.services.exemption.matters, matter)
    ? rulebook.parameters.services.exemption.matters[matter]
    : undefined;
  if (!spec) {
    const near = closest(matter, known);
    fail('SERVICES_EXEMPTION_UNKNOWN_MATTER', {
      matter,
      suggestion: near ? ` (did you mean "${near}"?)` : '',
      suggestionZh: near ? `（是否应为“${near}”？）` : '',
      known: known.join(', '),
    });
  }
  if (!CREDIT_GRADE_ORDER.includes(input.grade.grade)) fail('INVALID_ARGUMENT', { name: 'grade.grade', reason: `expected one of ${CREDIT_GRADE_ORDER.join(', ')}` });
  if (!RISK_LEVEL_ORDER.includes(input.grade.riskLevel)) fail('INVALID_ARGUMENT', { name: 'grade.riskLevel', reason: `expected one of ${RISK_LEVEL_ORDER.join(', ')}` });

  const reader = createRulebookReader(rulebook, asOf);
  const base = `services.exemption.matters.${matter}`;
  const at = (key: string): ValueInForce<unknown> => reader.at(`${base}.${key}` as 'services.permits.deadlineRestDayRule') as ValueInForce<unknown>;
  const name = at('name').value as { zh: string; en: string };

  const warnings: Issue[] = [];
  const uscc = input.enterprise.uscc;
  const own: ServiceRecord[] = [];
  for (const r of input.records) {
    if (r.uscc !== uscc) warnings.push(makeIssue('SERVICES_RECORD_OTHER_ENTERPRISE', { record: r.id, recordUscc: r.uscc, uscc }));
    else if (r.date > asOf) warnings.push(makeIssue('SERVICES_RECORD_AFTER_CUTOFF', { record: r.id, date: r.date, asOf }));
    else own.push(r);
  }
  const sortedIds = (rs: readonly ServiceRecord[]): string[] => rs.map((r) => r.id).sort();
  const lookback = (type: ServiceRecord['type'], months: number): { start: CalendarDate; hits: ServiceRecord[] } => {
    // Window (asOf − N months, asOf]: the N-month period ending on asOf (民法典第二百零二条 month arithmetic).
    const start = addPeriod(asOf, { months: -months });
    return { start, hits: own.filter((r) => r.type === type && r.date > start).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1)) };
  };

  const conditions: ExemptionCondition[] = [];
  for (const c of CONDITIONS) {
    if (spec[c.id] === undefined) continue;
    const v = at(c.id);
    let met: boolean;
    let foundZh: string;
    let offending: string[] = [];
    const needs = CONDITION_KIND[c.id];
    const verified = needs === undefined || !(input.unavailableKinds ?? []).includes(needs.kind);
    if (!verified) {
      warnings.push(makeIssue('SERVICES_CONDITION_UNVERIFIED', { condition: c.en, conditionZh: c.zh, kind: needs!.en, kindZh: needs!.zh }));
    }
    switch (c.id) {
      case 'requireActiveStatus':
        met = input.enterprise.status === 'active';
        foundZh = `登记状态 ${input.enterprise.status}`;
        break;
      case 'maxGrade':
        met = CREDIT_GRADE_ORDER.indexOf(input.grade.grade) <= CREDIT_GRADE_ORDER.indexOf(v.value as CreditGrade);
        foundZh = `信用等级 ${input.grade.grade}`;
        break;
      case 'maxRiskLevel':
        met = RISK_LEVEL_ORDER.indexOf(input.grade.riskLevel) <= RISK_LEVEL_ORDER.indexOf(v.value as RiskLevel);
        foundZh = `风险等级 ${input.grade.riskLevel}`;
        break;
      case 'noPenaltyWithinMonths':
      case 'noCompulsoryMeasureWithinMonths': {
        const type = c.id === 'noPenaltyWithinMonths' ? 'administrativePenalty' : 'compulsoryMeasure';
        const { start, hits } = lookback(type, v.value as number);
        met = hits.length === 0;
        offending = hits.map((r) => r.id);
        foundZh = met ? `${start} 之后无记录` : hits.map((r) => `${r.date} ${r.id}`).join('、');
        break;
      }
      case 'notOnSeriousIllegalList':
      case 'notOnAbnormalOperationList': {
        const type = c.id === 'notOnSeriousIllegalList' ? 'seriousIllegalListing' : 'abnormalOperationListing';
        const { intervals } = listingIntervals(own, type, asOf);
        const open = intervals.filter((i) => isListedOn([i], asOf));
        met = open.length === 0;
        offending = open.map((i) => i.id).sort();
        foundZh = met ? '计算日未在名单中' : `列入记录 ${offending.join('、')}`;
        break;
      }
      case 'notDishonestJudgmentDebtor': {
        const open = own.filter((r) => r.type === 'dishonestJudgmentDebtor' && (r.removedOn === undefined || r.removedOn > asOf));
        met = open.length === 0;
        offending = sortedIds(open);
        foundZh = met ? '计算日非失信被执行人' : `失信被执行人记录 ${offending.join('、')}`;
        break;
      }
    }
    if (!verified) foundZh = `输入数据不含${needs!.zh}记录，无法核查`;
    conditions.push({
      id: c.id,
      labelZh: c.zh,
      labelEn: c.en,
      met,
      verified,
      bound: v.value as string | number | boolean,
      foundZh,
      offendingRecords: offending,
      parameter: `${base}.${c.id}`,
      status: v.source.status,
      source: v.source,
    });
  }
  warnings.sort((a, b) => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
  warnings.push(...reader.warnings);
  return {
    matter,
    matterNameZh: name.zh,
    matterNameEn: name.en,
    uscc,
    eligible: conditions.every((c) => c.met && c.verified),
    conditions,
    warnings,
    reads: reader.reads,
    stamp: resultStamp(rulebook, asOf),
  };
}
