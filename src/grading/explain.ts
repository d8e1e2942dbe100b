/**
 * Explanations (评价说明): ordered reasons with zh-CN text, points, the records behind them and the
 * rulebook value with its citation. Built only on the explained path, never in the hot loop.
 */
import { fromDayNumber, toDayNumber } from '../calendar/index.js';
import type { PublicityTier } from '../repair/publicity.js';
import type { Provenance } from '../rulebook/primitives.js';
import { CREDIT_GRADES, CREDIT_GRADE_NAMES_ZH, RISK_LEVELS, RISK_LEVEL_NAMES_ZH, type CompiledGrading } from './compile.js';
import type { Detail, DetailRecord, KernelState } from './core.js';

/** Records in date order, then by record id: the order reasons are listed in. */
function byDateThenId(a: DetailRecord, b: DetailRecord): number {
  const da = a.event['date'] as string;
  const db = b.event['date'] as string;
  if (da !== db) return da < db ? -1 : 1;
  const ia = a.event['id'] as string;
  const ib = b.event['id'] as string;
  return ia < ib ? -1 : ia > ib ? 1 : 0;
}

/**
 * One reason in a grade explanation.
 *
 * @example
 * ```ts
 * const r: GradeReason = result.reasons[0]!;
 * `${r.text}（${r.citation}）`;
 * ```
 */
export interface GradeReason {
  /** Stable code: `exception.<id>`, `deduction.<type>.<severity>`, `cap.<group>`, `positive.<kind>`, `positive.cap`, `risk.<basis>`, `class`. */
  readonly code: string;
  readonly kind: 'exception' | 'deduction' | 'cap' | 'positive' | 'positiveCap' | 'risk' | 'class';
  /** zh-CN text. */
  readonly text: string;
  /** Signed points in hundredths (deductions negative, 0 for non-score reasons). */
  readonly pointsHundredths: number;
  /** Signed points as an exact decimal string ("-5.00"), or null for non-score reasons. */
  readonly points: string | null;
  /** Record ids behind the reason. */
  readonly records: readonly string[];
  /** Rulebook parameter that gave the value. */
  readonly rulebookPath: string;
  /** Human-readable citation with status, e.g. "xinfeng library default〔library-default〕". */
  readonly citation: string;
  readonly source: Provenance;
  /** First day the record stops counting, if it does. */
  readonly stopsCountingOn?: string;
  /** Publicity facts of a penalty (from the repair rules). */
  readonly publicity?: {
    readonly tier: PublicityTier;
    readonly earliestRepairDate?: string;
    readonly automaticEnd?: string;
    readonly repairable: boolean;
    readonly citations: readonly { readonly title: string; readonly docNo?: string; readonly article?: string; readonly status: string }[];
  };
}

const TYPE_ZH: Readonly<Record<string, string>> = {
  administrativePenalty: '行政处罚',
  abnormalOperationListing: '列入经营异常名录',
  seriousIllegalListing: '列入严重违法失信名单',
  dishonestJudgmentDebtor: '失信被执行人',
  inspectionResult: '检查结果',
  complaint: '投诉举报',
  taxCreditLevel: '纳税信用级别',
  annualReportLate: '年度报告逾期报送',
  annualReportMissing: '未报送年度报告',
};
const SEVERITY_ZH: Readonly<Record<string, string>> = {
  minor: '轻微',
  general: '一般',
  serious: '严重',
  annualReportNotFiled: '未按规定期限公示年度报告',
  disclosureOverdue: '未在责令期限内公示有关企业信息',
  falseDisclosure: '公示企业信息隐瞒真实情况、弄虚作假',
  unreachableAtAddress: '通过登记的住所或者经营场所无法联系',
  listed: '列入',
  problemsFound: '发现问题',
  problemsCorrected: '发现问题已整改',
  substantiated: '经查属实',
  C: 'C级',
  D: 'D级',
  late: '逾期',
  missing: '未报',
};
const COMMEND_ZH: Readonly<Record<string, string>> = { district: '区级', city: '市级', national: '国家级' };

/**
 * Formats signed hundredths as an exact decimal string with two places.
 *
 * @example
 * ```ts
 * formatSignedPoints(-1100); // '-11.00'
 * ```
 */
export function formatSignedPoints(h: number): string {
  const sign = h < 0 ? '-' : h > 0 ? '+' : '';
  const a = Math.abs(h);
  const frac = a % 100;
  return `${sign}${Math.floor(a / 100)}.${frac < 10 ? '0' : ''}${frac}`;
}

/**
 * A one-line citation of a provenance record.
 *
 * @example
 * ```ts
 * formatCitation({ title: '《信用修复管理办法》', docNo: '国家发展改革委令2025年第36号', status: 'confirmed', lastVerifiedOn: '2026-01-01', reviewBy: '2027-01-01' });
 * // '《信用修复管理办法》（国家发展改革委令2025年第36号）〔confirmed〕'
 * ```
 */
export function formatCitation(s: Provenance): string {
  return `${s.title}${s.docNo ? `（${s.docNo}）` : ''}${s.article ? ` ${s.article}` : ''}〔${s.status}〕`;
}

function pts(h: number): string {
  return formatSignedPoints(h).replace(/^[+-]/, '');
}

function dayBefore(date: string): string {
  return fromDayNumber(toDayNumber(date) - 1);
}

function recordLabel(r: DetailRecord): string {
  const e = r.event as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof e['decisionNumber'] === 'string') parts.push(e['decisionNumber'] as string);
  if (typeof e['caseNumber'] === 'string') parts.push(e['caseNumber'] as string);
  if (typeof e['year'] === 'number') parts.push(`${e['year'] as number}年度`);
  parts.push(`记录 ${e['id'] as string}，${e['date'] as string}`);
  return parts.join('，');
}

/** Builds the ordered reasons of a graded enterprise. */
export function buildReasons(c: CompiledGrading, st: KernelState, detail: Detail, enterprise: { readonly industryCode: string; readonly licences?: readonly string[] | undefined; readonly scale?: string | undefined }): GradeReason[] {
  const out: GradeReason[] = [];
  const at = (path: string) => (c.reader.at as (p: string) => { source: Provenance })(path);

  // 1. Exceptions that lowered the grade.
  for (const ex of c.exceptions) {
    if ((st.excMask & (1 << ex.triggerIndex)) === 0) continue;
    out.push({
      code: `exception.${ex.id}`,
      kind: 'exception',
      text: `${ex.reasonZh}（按分数为${CREDIT_GRADES[st.scoreGrade]!}级，调整为${CREDIT_GRADES[ex.maxGrade]!}级）`,
      pointsHundredths: 0,
      points: null,
      records: [...detail.triggerRecords[ex.triggerIndex]!].sort(),
      rulebookPath: ex.path,
      citation: formatCitation(ex.source),
      source: ex.source,
    });
  }

  // 2. Deductions by group, then caps.
  const dSource = at('grading.deductions').source;
  const deductions = detail.records
    .filter((r) => r.kind === 'deduction')
    .sort((a, b) => {
      const sa = a.slot!;
      const sb = b.slot!;
      if (sa.group !== sb.group) return sa.group - sb.group;
      if (sa.index !== sb.index) return sa.index - sb.index;
      return byDateThenId(a, b);
    });
  const gSource = at('grading.indicatorGroups').source;
  for (let g = 0; g < c.groupIds.length; g++) {
    for (const r of deductions) {
      if (r.slot!.group !== g) continue;
      const s = r.slot!;
      const until = r.stopsCountingOn !== undefined ? `，计分至${dayBefore(r.stopsCountingOn)}` : '';
      const reason: { -readonly [K in keyof GradeReason]: GradeReason[K] } = {
        code: s.code,
        kind: 'deduction',
        text: `${TYPE_ZH[s.type] ?? s.type}（${SEVERITY_ZH[s.severity] ?? s.severity}）：${recordLabel(r)}，扣${pts(r.pointsH)}分（${c.groupLabels[g]!}）${until}`,
        pointsHundredths: -r.pointsH,
        points: formatSignedPoints(-r.pointsH),
        records: [r.event['id'] as string],
        rulebookPath: `grading.deductions.${s.type}.${s.severity}`,
        citation: formatCitation(dSource),
        source: dSource,
      };
      if (r.stopsCountingOn !== undefined) reason.stopsCountingOn = r.stopsCountingOn;
      if (r.publicity) {
        const w = r.publicity;
        reason.publicity = {
          tier: w.tier,
          repairable: w.repairable,
          citations: w.citations,
          ...(w.earliestRepairDate !== undefined ? { earliestRepairDate: w.earliestRepairDate } : {}),
          ...(w.automaticEnd !== undefined ? { automaticEnd: w.automaticEnd } : {}),
        };
      }
      out.push(reason);
    }
    const sum = detail.groupSums[g]!;
    const cap = c.groupCapH[g]!;
    if (sum > cap) {
      out.push({
        code: `cap.${c.groupIds[g]!}`,
        kind: 'cap',
        text: `「${c.groupLabels[g]!}」扣分合计${pts(sum)}分，超过上限${pts(cap)}分，按上限计（返还${pts(sum - cap)}分）`,
        pointsHundredths: sum - cap,
        points: formatSignedPoints(sum - cap),
        records: deductions.filter((r) => r.slot!.group === g).map((r) => r.event['id'] as string),
        rulebookPath: 'grading.indicatorGroups',
        citation: formatCitation(gSource),
        source: gSource,
      });
    }
  }

  // 3. Positive adjustments, then their cap.
  const pSource = at('grading.positiveAdjustments').source;
  const positives = detail.records
    .filter((r) => r.kind === 'positive')
    .sort(byDateThenId);
  for (const r of positives) {
    const code = r.positiveCode!;
    const what = code.startsWith('commendation.')
      ? `守信激励（${COMMEND_ZH[code.slice('commendation.'.length)] ?? ''}${typeof r.event['title'] === 'string' ? `：${r.event['title'] as string}` : ''}）`
      : '检查未发现问题';
    out.push({
      code: `positive.${code}`,
      kind: 'positive',
      text: `${what}：记录 ${r.event['id'] as string}，${r.event['date'] as string}，加${pts(r.pointsH)}分`,
      pointsHundredths: r.pointsH,
      points: formatSignedPoints(r.pointsH),
      records: [r.event['id'] as string],
      rulebookPath: 'grading.positiveAdjustments',
      citation: formatCitation(pSource),
      source: pSource,
    });
  }
  if (detail.positiveRawH > c.positiveCapH) {
    out.push({
      code: 'positive.cap',
      kind: 'positiveCap',
      text: `加分合计${pts(detail.positiveRawH)}分，超过上限${pts(c.positiveCapH)}分，按上限计`,
      pointsHundredths: c.positiveCapH - detail.positiveRawH,
      points: formatSignedPoints(c.positiveCapH - detail.positiveRawH),
      records: positives.map((r) => r.event['id'] as string),
      rulebookPath: 'grading.positiveAdjustments',
      citation: formatCitation(pSource),
      source: pSource,
    });
  }

  // 4. Risk level and supervision class.
  const risk = RISK_LEVELS[st.risk]!;
  if (st.riskScale) {
    const s = at('grading.scaleRisk').source;
    out.push({ code: 'risk.scale', kind: 'risk', text: `风险等级${RISK_LEVEL_NAMES_ZH[risk]}：企业规模（${enterprise.scale ?? ''}）的风险下限`, pointsHundredths: 0, points: null, records: [], rulebookPath: 'grading.scaleRisk', citation: formatCitation(s), source: s });
  } else if (st.riskLicence !== undefined) {
    const s = at('grading.licenceRisk').source;
    const label = c.licence.get(st.riskLicence)?.label ?? st.riskLicence;
    out.push({ code: 'risk.licence', kind: 'risk', text: `风险等级${RISK_LEVEL_NAMES_ZH[risk]}：持有${label}`, pointsHundredths: 0, points: null, records: [], rulebookPath: 'grading.licenceRisk', citation: formatCitation(s), source: s });
  } else {
    const s = at('grading.industryRisk').source;
    const e = st.riskIndustryPrefix !== undefined ? c.industry.get(st.riskIndustryPrefix) : undefined;
    const text = e
      ? `风险等级${RISK_LEVEL_NAMES_ZH[risk]}：行业${enterprise.industryCode}属于${e.sector}（GB/T 4754 代码前缀 ${e.prefix}）`
      : `风险等级${RISK_LEVEL_NAMES_ZH[risk]}：行业${enterprise.industryCode}不在行业风险表中，采用默认等级`;
    out.push({ code: 'risk.industry', kind: 'risk', text, pointsHundredths: 0, points: null, records: [], rulebookPath: 'grading.industryRisk', citation: formatCitation(s), source: s });
  }
  const cls = c.classes[st.classIdx]!;
  const ms = at('grading.classMatrix').source;
  out.push({
    code: 'class',
    kind: 'class',
    text: `监管类别：${cls.label}（${CREDIT_GRADE_NAMES_ZH[CREDIT_GRADES[st.grade]!]} × 风险${RISK_LEVEL_NAMES_ZH[risk]}）；双随机抽查比例${cls.samplingRatio}，每年主动现场检查至多${cls.inspectionsPerYearMax}次${cls.keyItemsFullCoverage ? '，重点检查事项全覆盖' : ''}${cls.proactiveOnsiteOff ? '，原则上不主动开展现场检查' : ''}`,
    pointsHundredths: 0,
    points: null,
    records: [],
    rulebookPath: 'grading.classMatrix',
    citation: formatCitation(ms),
    source: ms,
  });
  return out;
}
