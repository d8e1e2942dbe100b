import { z } from 'zod';
import { decimalStringSchema, parameter, type DatedValue } from '../primitives.js';

/**
 * Credit grades, best first (SAMR 国市监信发〔2022〕6号 classes A–D).
 *
 * @example
 * ```ts
 * creditGradeSchema.parse('B');
 * ```
 */
export const creditGradeSchema = z.enum(['A', 'B', 'C', 'D']);
/**
 * Risk levels, lowest first.
 *
 * @example
 * ```ts
 * riskLevelSchema.parse('high');
 * ```
 */
export const riskLevelSchema = z.enum(['low', 'medium', 'high']);

/**
 * What a supervision class (信用+风险 监管类别) means for inspections. Shared contract between
 * grading (which assigns the class) and inspection planning (which applies it).
 *
 * @example
 * ```ts
 * supervisionClassSchema.parse({ label: '一类', rank: 1, inspectionsPerYearMax: 0, samplingRatio: '0.05', keyItemsFullCoverage: false, proactiveOnsiteOff: true });
 * ```
 */
export const supervisionClassSchema = z.strictObject({
  /** zh-CN label, e.g. "一类（信用好·风险低）". */
  label: z.string().min(1),
  /** 1 = lightest supervision; higher = stricter. Used to check monotonicity. */
  rank: z.number().int().min(1),
  /** Proactive (planned) on-site inspections per agency per year, at most. */
  inspectionsPerYearMax: z.number().int().min(0),
  /** 双随机 sampling ratio for general inspection items, exact decimal in [0, 1]. */
  samplingRatio: decimalStringSchema,
  /** Whether key inspection items (重点检查事项) are fully covered (全覆盖). */
  keyItemsFullCoverage: z.boolean(),
  /** "对综合评价高的企业原则上不主动开展现场检查": proactive on-site inspection off by default. */
  proactiveOnsiteOff: z.boolean(),
});

/**
 * Points (分) as an exact decimal string with at most two decimals, ≥ 0 (e.g. "5", "2.5").
 *
 * @example
 * ```ts
 * pointsSchema.safeParse('2.555').success; // false (at most two decimals)
 * ```
 */
export const pointsSchema = z.string().regex(/^\d{1,3}(\.\d{1,2})?$/, { message: 'expected points such as "5" or "2.5" (at most two decimals)' });

const idSchema = z.string().regex(/^[A-Za-z0-9_-]+$/);

/**
 * One cell of the deduction table: the indicator group it falls in and the points it deducts.
 *
 * @example
 * ```ts
 * deductionRowSchema.parse({ group: 'socialEvaluation', points: '2', countsForMonths: 12 });
 * ```
 */
export const deductionRowSchema = z.strictObject({
  /** Indicator group id (key of `grading.indicatorGroups`). */
  group: idSchema,
  /** Points deducted per record. */
  points: pointsSchema,
  /**
   * How long the record counts, in months from its date (Civil Code Art. 201–202 arithmetic), for
   * records without a publicity period of their own. Penalties use the repair rules' publicity
   * period and listings count while listed, so they must not set it.
   */
  countsForMonths: z.number().int().min(1).max(120).optional(),
});

/**
 * The deduction table: event type × severity.
 *
 * @example
 * ```ts
 * valueAt(defaultRulebook(), 'grading.deductions', '2025-06-30').value.complaint.substantiated.points; // '2'
 * ```
 */
export const deductionTableSchema = z.strictObject({
  /** 行政处罚, by the publicity tier the repair rules assign (轻微/一般/严重). */
  administrativePenalty: z.strictObject({ minor: deductionRowSchema, general: deductionRowSchema, serious: deductionRowSchema }),
  /** 经营异常名录, by listing reason; counts while listed. */
  abnormalOperationListing: z.strictObject({
    annualReportNotFiled: deductionRowSchema,
    disclosureOverdue: deductionRowSchema,
    falseDisclosure: deductionRowSchema,
    unreachableAtAddress: deductionRowSchema,
  }),
  /** 严重违法失信名单; counts while listed. */
  seriousIllegalListing: z.strictObject({ listed: deductionRowSchema }),
  /** 失信被执行人; counts until removed. */
  dishonestJudgmentDebtor: z.strictObject({ listed: deductionRowSchema }),
  /** 检查结果. */
  inspectionResult: z.strictObject({ problemsFound: deductionRowSchema, problemsCorrected: deductionRowSchema }),
  /** 投诉举报 (经查属实). */
  complaint: z.strictObject({ substantiated: deductionRowSchema }),
  /** 纳税信用级别 (the latest year counts). */
  taxCreditLevel: z.strictObject({ C: deductionRowSchema, D: deductionRowSchema }),
  /** 年报逾期. */
  annualReportLate: z.strictObject({ late: deductionRowSchema }),
  /** 未报年报. */
  annualReportMissing: z.strictObject({ missing: deductionRowSchema }),
});

/**
 * Positive adjustments (守信激励), capped in total. They never expire: time alone never worsens a grade.
 *
 * @example
 * ```ts
 * valueAt(defaultRulebook(), 'grading.positiveAdjustments', '2025-06-30').value.cap; // '5'
 * ```
 */
export const positiveAdjustmentsSchema = z.strictObject({
  commendation: z.strictObject({ district: pointsSchema, city: pointsSchema, national: pointsSchema }),
  /** Per inspection with no problems found. */
  inspectionNoProblems: pointsSchema,
  /** Total positive points at most. */
  cap: pointsSchema,
});

/**
 * Conditions that cap the grade regardless of the score (直接判定/降级情形).
 *
 * @example
 * ```ts
 * EXCEPTION_TRIGGERS.includes('taxLevelD'); // true
 * ```
 */
export const EXCEPTION_TRIGGERS = [
  'seriousIllegalListed',
  'abnormalOperationListed',
  'dishonestJudgmentDebtor',
  'taxLevelD',
  'taxLevelC',
  'seriousPenaltyInForce',
  'annualReportMissing',
] as const;

/**
 * An exception that can only lower the grade: while `trigger` holds, the grade is at most `maxGrade`.
 *
 * @example
 * ```ts
 * gradeExceptionSchema.parse({ trigger: 'taxLevelD', maxGrade: 'C', reasonZh: '纳税信用级别为D级，等级至多为C级' });
 * ```
 */
export const gradeExceptionSchema = z.strictObject({
  trigger: z.enum(EXCEPTION_TRIGGERS),
  maxGrade: creditGradeSchema,
  /** zh-CN reason shown in explanations. */
  reasonZh: z.string().min(1),
});

/**
 * Minimum score (inclusive) for A, B and C; below C is D.
 *
 * @example
 * ```ts
 * gradeThresholdsSchema.parse({ A: '90', B: '70', C: '40' });
 * ```
 */
export const gradeThresholdsSchema = z.strictObject({ A: pointsSchema, B: pointsSchema, C: pointsSchema });

/**
 * Industry-risk table keyed by GB/T 4754 code prefixes (digits of 大类/中类/小类).
 *
 * @example
 * ```ts
 * industryRiskSchema.parse({ default: 'low', entries: [{ prefix: '62', level: 'high', sector: '餐饮业', keySector: 'catering' }] });
 * ```
 */
export const industryRiskSchema = z.strictObject({
  /** Level of an industry no prefix matches. */
  default: riskLevelSchema,
  entries: z
    .array(
      z.strictObject({
        /** 2–4 digit GB/T 4754-2017 code prefix; the longest matching prefix wins. */
        prefix: z.string().regex(/^\d{2,4}$/),
        level: riskLevelSchema,
        /** zh-CN sector name, e.g. 餐饮业. */
        sector: z.string().min(1),
        /** Key sector named by plan 三(一)1, if any. */
        keySector: z.enum(['catering', 'drugs', 'hazardousChemicals', 'gas', 'specialEquipment', 'constructionQuality']).optional(),
      }),
    )
    .min(1),
});

/**
 * Licence-risk table: holding a licence sets a minimum risk level.
 *
 * @example
 * ```ts
 * licenceRiskSchema.parse({ 'food-business': { level: 'medium', label: '食品经营许可证' } });
 * ```
 */
export const licenceRiskSchema = z.record(
  z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  z.strictObject({ level: riskLevelSchema, label: z.string().min(1) }),
);

/**
 * Minimum risk level by enterprise scale.
 *
 * @example
 * ```ts
 * scaleRiskSchema.parse({ micro: 'low', small: 'low', medium: 'low', large: 'medium' });
 * ```
 */
export const scaleRiskSchema = z.strictObject({
  micro: riskLevelSchema,
  small: riskLevelSchema,
  medium: riskLevelSchema,
  large: riskLevelSchema,
});

const riskRow = z.strictObject({ low: idSchema, medium: idSchema, high: idSchema });
/**
 * Supervision class id by credit grade × risk level.
 *
 * @example
 * ```ts
 * valueAt(defaultRulebook(), 'grading.classMatrix', '2025-06-30').value.C.high; // 'class-4'
 * ```
 */
export const classMatrixSchema = z.strictObject({ A: riskRow, B: riskRow, C: riskRow, D: riskRow });

type Ctx = z.core.$RefinementCtx<unknown>;
type Dated<T> = DatedValue<T>;

function overlap(a: Dated<unknown>, b: Dated<unknown>): boolean {
  const aEnd = a.to ?? '9999-12-31';
  const bEnd = b.to ?? '9999-12-31';
  return a.from <= bEnd && b.from <= aEnd;
}

const GRADES = ['A', 'B', 'C', 'D'] as const;
const RISKS = ['low', 'medium', 'high'] as const;

function cmpDecimal(a: string, b: string): number {
  // Non-negative decimal strings (validated): compare integer then fractional parts exactly.
  const [ai = '', af = ''] = a.replace(/^-/, '').split('.');
  const [bi = '', bf = ''] = b.replace(/^-/, '').split('.');
  const ia = ai.replace(/^0+(?=\d)/, '');
  const ib = bi.replace(/^0+(?=\d)/, '');
  if (ia.length !== ib.length) return ia.length - ib.length;
  if (ia !== ib) return ia < ib ? -1 : 1;
  const n = Math.max(af.length, bf.length);
  const fa = af.padEnd(n, '0');
  const fb = bf.padEnd(n, '0');
  return fa === fb ? 0 : fa < fb ? -1 : 1;
}

type ClassMap = Record<string, z.infer<typeof supervisionClassSchema>>;

function checkClasses(classes: ClassMap, base: (string | number)[], ctx: Ctx): void {
  const ids = Object.keys(classes).sort((x, y) => classes[x]!.rank - classes[y]!.rank || (x < y ? -1 : 1));
  for (const id of ids) {
    const r = classes[id]!.samplingRatio;
    if (r.startsWith('-') || cmpDecimal(r, '1') > 0) ctx.addIssue({ code: 'custom', path: [...base, id, 'samplingRatio'], message: `samplingRatio ${r} is outside [0, 1]` });
  }
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const lo = classes[ids[i]!]!;
      const hi = classes[ids[j]!]!;
      const where = `class "${ids[j]}" (rank ${hi.rank}) vs "${ids[i]}" (rank ${lo.rank})`;
      if (lo.rank === hi.rank) ctx.addIssue({ code: 'custom', path: [...base, ids[j]!, 'rank'], message: `rank ${hi.rank} is used by two classes: ${where}` });
      if (cmpDecimal(hi.samplingRatio, lo.samplingRatio) < 0)
        ctx.addIssue({ code: 'custom', path: [...base, ids[j]!, 'samplingRatio'], message: `not monotone: stricter ${where} has a lower samplingRatio (${hi.samplingRatio} < ${lo.samplingRatio})` });
      if (hi.inspectionsPerYearMax < lo.inspectionsPerYearMax)
        ctx.addIssue({ code: 'custom', path: [...base, ids[j]!, 'inspectionsPerYearMax'], message: `not monotone: stricter ${where} allows fewer inspections (${hi.inspectionsPerYearMax} < ${lo.inspectionsPerYearMax})` });
      if (lo.keyItemsFullCoverage && !hi.keyItemsFullCoverage)
        ctx.addIssue({ code: 'custom', path: [...base, ids[j]!, 'keyItemsFullCoverage'], message: `not monotone: stricter ${where} drops full coverage of key items` });
      if (!lo.proactiveOnsiteOff && hi.proactiveOnsiteOff)
        ctx.addIssue({ code: 'custom', path: [...base, ids[j]!, 'proactiveOnsiteOff'], message: `not monotone: stricter ${where} turns proactive on-site inspection off` });
    }
  }
}

function checkMatrix(matrix: z.infer<typeof classMatrixSchema>, classes: ClassMap, base: (string | number)[], ctx: Ctx): void {
  const rank = (g: (typeof GRADES)[number], r: (typeof RISKS)[number]): number | undefined => classes[matrix[g][r]]?.rank;
  for (const g of GRADES) {
    for (const r of RISKS) {
      if (classes[matrix[g][r]] === undefined) {
        ctx.addIssue({ code: 'custom', path: [...base, g, r], message: `unknown supervision class "${matrix[g][r]}" (known: ${Object.keys(classes).join(', ')})` });
      }
    }
  }
  for (let gi = 0; gi < GRADES.length; gi++) {
    for (let ri = 0; ri < RISKS.length; ri++) {
      const g = GRADES[gi]!;
      const r = RISKS[ri]!;
      const here = rank(g, r);
      if (here === undefined) continue;
      if (gi > 0) {
        const pg = GRADES[gi - 1]!;
        const prev = rank(pg, r);
        if (prev !== undefined && here < prev)
          ctx.addIssue({ code: 'custom', path: [...base, g, r], message: `not monotone in grade: cell ${g}×${r} (rank ${here}) is lighter than the better-grade cell ${pg}×${r} (rank ${prev})` });
      }
      if (ri > 0) {
        const pr = RISKS[ri - 1]!;
        const prev = rank(g, pr);
        if (prev !== undefined && here < prev)
          ctx.addIssue({ code: 'custom', path: [...base, g, r], message: `not monotone in risk: cell ${g}×${r} (rank ${here}) is lighter than the lower-risk cell ${g}×${pr} (rank ${prev})` });
      }
    }
  }
}

const exceptionParameter = parameter(gradeExceptionSchema);

/**
 * Rulebook parameters of grading (`parameters.grading`).
 *
 * @example
 * ```ts
 * gradingParametersSchema.safeParse(json.parameters.grading).success;
 * ```
 */
export const gradingParametersSchema = z
  .strictObject({
    /** Starting score (满分). */
    startScore: parameter(pointsSchema),
    /** Indicator groups (SAMR 一级指标 style) with the most points each can deduct. */
    indicatorGroups: parameter(z.record(idSchema, z.strictObject({ label: z.string().min(1), cap: pointsSchema }))),
    /** Deduction table: event type × severity. */
    deductions: parameter(deductionTableSchema),
    /** Positive adjustments (守信激励), capped. */
    positiveAdjustments: parameter(positiveAdjustmentsSchema),
    /** Minimum scores for grades A, B, C. */
    thresholds: parameter(gradeThresholdsSchema),
    /** Exceptions that only lower the grade, one parameter each (each with its own source). */
    exceptions: z.record(idSchema, exceptionParameter),
    /** Industry-risk table (GB/T 4754 prefixes). */
    industryRisk: parameter(industryRiskSchema),
    /** Minimum risk level by licence held. */
    licenceRisk: parameter(licenceRiskSchema),
    /** Minimum risk level by enterprise scale. */
    scaleRisk: parameter(scaleRiskSchema),
    /** Supervision classes by id. */
    supervisionClasses: parameter(z.record(idSchema, supervisionClassSchema)),
    /** Supervision class by credit grade × risk level; must be monotone in both axes. */
    classMatrix: parameter(classMatrixSchema),
  })
  .superRefine((g, ctx) => {
    // Deductions: groups exist; countsForMonths only where the record has no period of its own.
    for (const [i, dv] of g.deductions.values.entries()) {
      for (const [type, rows] of Object.entries(dv.value)) {
        for (const [sev, row] of Object.entries(rows as Record<string, z.infer<typeof deductionRowSchema>>)) {
          const path = ['deductions', 'values', i, 'value', type, sev];
          const own = type === 'administrativePenalty' || type === 'abnormalOperationListing' || type === 'seriousIllegalListing' || type === 'dishonestJudgmentDebtor';
          if (own && row.countsForMonths !== undefined)
            ctx.addIssue({ code: 'custom', path: [...path, 'countsForMonths'], message: `${type} counts by its publicity period or listing; countsForMonths must not be set` });
          if (!own && row.countsForMonths === undefined)
            ctx.addIssue({ code: 'custom', path: [...path, 'countsForMonths'], message: `${type} needs countsForMonths (how long the record counts)` });
          for (const gv of g.indicatorGroups.values) {
            if (overlap(dv, gv) && gv.value[row.group] === undefined)
              ctx.addIssue({ code: 'custom', path: [...path, 'group'], message: `unknown indicator group "${row.group}" (known: ${Object.keys(gv.value).join(', ')})` });
          }
        }
      }
    }
    // Thresholds strictly descending and within the start score.
    for (const [i, tv] of g.thresholds.values.entries()) {
      const t = tv.value;
      if (!(cmpDecimal(t.A, t.B) > 0 && cmpDecimal(t.B, t.C) > 0))
        ctx.addIssue({ code: 'custom', path: ['thresholds', 'values', i, 'value'], message: `thresholds must descend strictly: A ${t.A} > B ${t.B} > C ${t.C}` });
      for (const sv of g.startScore.values) {
        if (overlap(tv, sv) && cmpDecimal(t.A, sv.value) > 0)
          ctx.addIssue({ code: 'custom', path: ['thresholds', 'values', i, 'value', 'A'], message: `threshold A ${t.A} is above the start score ${sv.value}: no enterprise could be graded A` });
      }
    }
    for (const [i, sv] of g.startScore.values.entries()) {
      if (cmpDecimal(sv.value, '100') > 0) ctx.addIssue({ code: 'custom', path: ['startScore', 'values', i, 'value'], message: `start score ${sv.value} exceeds 100` });
    }
    // Exceptions: only lower (A would never lower), and no two on one trigger at the same time.
    const ex = Object.entries(g.exceptions);
    for (const [id, p] of ex) {
      for (const [i, v] of p.values.entries()) {
        if (v.value.maxGrade === 'A')
          ctx.addIssue({ code: 'custom', path: ['exceptions', id, 'values', i, 'value', 'maxGrade'], message: `exception "${id}" caps at A, which never lowers a grade` });
      }
    }
    for (let a = 0; a < ex.length; a++) {
      for (let b = a + 1; b < ex.length; b++) {
        const [ida, pa] = ex[a]!;
        const [idb, pb] = ex[b]!;
        for (const [i, va] of pa.values.entries()) {
          for (const vb of pb.values) {
            if (va.value.trigger === vb.value.trigger && overlap(va, vb)) {
              const kind = va.value.maxGrade === vb.value.maxGrade ? 'overlapping (duplicate)' : 'conflicting';
              ctx.addIssue({
                code: 'custom',
                path: ['exceptions', ida, 'values', i, 'value', 'trigger'],
                message: `${kind} exceptions "${ida}" (≤${va.value.maxGrade}) and "${idb}" (≤${vb.value.maxGrade}) share trigger "${va.value.trigger}" from ${va.from > vb.from ? va.from : vb.from}`,
              });
            }
          }
        }
      }
    }
    // Industry table: no duplicate prefixes.
    for (const [i, iv] of g.industryRisk.values.entries()) {
      const seen = new Map<string, number>();
      for (const [j, e] of iv.value.entries.entries()) {
        const k = seen.get(e.prefix);
        if (k !== undefined) ctx.addIssue({ code: 'custom', path: ['industryRisk', 'values', i, 'value', 'entries', j, 'prefix'], message: `prefix ${e.prefix} repeats entry ${k}` });
        else seen.set(e.prefix, j);
      }
    }
    // Supervision classes monotone in rank; matrix refers to known classes and is monotone in both axes.
    for (const [i, cv] of g.supervisionClasses.values.entries()) checkClasses(cv.value, ['supervisionClasses', 'values', i, 'value'], ctx);
    for (const [i, mv] of g.classMatrix.values.entries()) {
      for (const cv of g.supervisionClasses.values) {
        if (overlap(mv, cv)) checkMatrix(mv.value, cv.value, ['classMatrix', 'values', i, 'value'], ctx);
      }
    }
  });

/**
 * Grading parameters as validated.
 *
 * @example
 * ```ts
 * const g: GradingParameters = defaultRulebook().parameters.grading;
 * ```
 */
export type GradingParameters = z.infer<typeof gradingParametersSchema>;
