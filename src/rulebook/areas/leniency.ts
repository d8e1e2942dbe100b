import { z } from 'zod';
import { decimalStringSchema, parameter } from '../primitives.js';
import { roundingRuleSchema } from './general.js';

/** A limitation period in whole years (行政处罚法第三十六条). */
const limitationYearsSchema = z.strictObject({ years: z.number().int().min(1).max(50) });

/** A statute that displaces the 2-year rule under Art. 36's "法律另有规定的除外". */
const limitationByLawSchema = z.strictObject({
  /** Name of the law exactly as used in penalty provisions, e.g. 税收征收管理法. */
  law: z.string().min(1),
  years: z.number().int().min(1).max(50),
  /** Article that sets the period, e.g. 第八十六条. */
  article: z.string().min(1),
});

/** A statutory or guideline ground for 从轻/减轻 (行政处罚法第三十二条 etc.). */
const mitigatingGroundSchema = z.strictObject({
  /** Key used in case facts (`mitigators.<id>`). */
  id: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/),
  labelZh: z.string().min(1),
  /** Article cited when the ground applies, e.g. 行政处罚法第三十二条第（一）项. */
  basis: z.string().min(1),
});

/**
 * First-offence look-back used by the generic Art. 33 ¶1 s2 test when no list applies.
 * @example
 * ```ts
 * firstOffencePolicyParamSchema.parse({ lookbackMonths: 24, scope: 'same_system', sameness: 'same_type' });
 * ```
 */
export const firstOffencePolicyParamSchema = z.strictObject({
  /** Months before the act in which a prior violation defeats "初次违法"; null = no limit. */
  lookbackMonths: z.number().int().min(1).max(600).nullable(),
  scope: z.enum(['same_agency', 'same_system', 'nationwide']),
  sameness: z.enum(['same_act', 'same_type', 'any_in_domain']),
});

/**
 * Rulebook parameters of the `leniency` area (`parameters.leniency` in a rulebook): statutory
 * periods and limits used when deciding 不予处罚 / 从轻 / 减轻 / 免强. The Art. 51 simple-procedure
 * limits live at `general.simpleProcedureFineLimit`.
 * @example
 * ```ts
 * leniencyParametersSchema.shape.lighterShare;
 * ```
 */
export const leniencyParametersSchema = z.strictObject({
  /** 行政处罚法第三十六条: general limitation period. */
  limitationGeneral: parameter(limitationYearsSchema),
  /** 行政处罚法第三十六条: period when the act involves life/health or financial safety AND had harmful consequences. */
  limitationLifeHealthFinancial: parameter(limitationYearsSchema),
  /** Laws that set their own period (e.g. 税收征收管理法第八十六条: 5 years). */
  limitationByLaw: parameter(z.array(limitationByLawSchema)),
  /** 从轻: the share of the statutory fine range [min, min + share·(max − min)] (inclusive), exact decimal in (0, 1). */
  lighterShare: parameter(decimalStringSchema.refine((s) => Number(s) > 0 && Number(s) < 1, { message: 'share must be strictly between 0 and 1' })),
  /** Rounding of computed fine bounds (to fen, toward the party's disadvantage never exceeding the share). */
  fineRounding: parameter(roundingRuleSchema),
  /** 行政处罚法第六十八条: on-the-spot collection of fines up to this amount (yuan). */
  onTheSpotCollectionLimit: parameter(decimalStringSchema),
  /** 行政强制法第二十五条/第三十二条: 查封扣押/冻结 period in days and the single extension. */
  compulsoryMeasureDays: parameter(z.strictObject({ initial: z.number().int().min(1), extension: z.number().int().min(0) })),
  /** 行政强制法第十九条: hours within which an emergency on-the-spot measure is reported to the agency head. */
  emergencyReportHours: parameter(z.number().int().min(1)),
  /** Red-line categories that may not be waived by any list (上海 2022 指导意见); keys of `case.redLines`. */
  redLineCategories: parameter(z.array(z.strictObject({ id: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/), labelZh: z.string().min(1) }))),
  /** 行政处罚法第三十二条: grounds that make 从轻或者减轻 mandatory. */
  mandatoryMitigatingGrounds: parameter(z.array(mitigatingGroundSchema)),
  /** Further 应当从轻或者减轻 grounds from market-supervision guidance (secondary sources). */
  guidanceMitigatingGrounds: parameter(z.array(mitigatingGroundSchema)),
  /** 行政处罚法第三十条: age below which a natural person is not punished, and below which mitigation is mandatory. */
  ageThresholds: parameter(z.strictObject({ noPenaltyBelow: z.number().int().min(1), mitigateBelow: z.number().int().min(1) }).refine((a) => a.noPenaltyBelow < a.mitigateBelow, { message: 'noPenaltyBelow must be below mitigateBelow' })),
  /** First-offence policy of the generic Art. 33 ¶1 s2 test (lists carry their own). */
  defaultFirstOffencePolicy: parameter(firstOffencePolicyParamSchema),
  /** Enforcement system (执法系统) → the domains it covers; first-offence scope `same_system` compares these. */
  enforcementSystems: parameter(z.record(z.string().min(1), z.array(z.enum(['market', 'food', 'drug', 'advertising', 'price', 'tax', 'culture', 'transport', 'city_management', 'fire', 'ecology', 'other'])).min(1))),
  /** Jurisdiction code of cases that do not state one (list `appliesIn` prefixes match it). */
  defaultCaseJurisdiction: parameter(z.string().regex(/^[A-Z]{2}(-[A-Z0-9]+)*$/)),
});
