import { z } from 'zod';
import { parameter } from '../primitives.js';
import { creditGradeSchema, riskLevelSchema } from './grading.js';

const KEY = /^[a-z0-9][a-z0-9-]*$/;
const keySchema = z.string().regex(KEY, { message: 'expected a lower-case id such as "market-regulation"' });

/** Kinds of record a 专用信用报告 can list (the credit-event types plus 行政强制 compulsory measures). */
export const reportRecordKindSchema = z.enum([
  'administrativePenalty',
  'compulsoryMeasure',
  'seriousIllegalListing',
  'dishonestJudgmentDebtor',
  'abnormalOperationListing',
]);

/** One domain (领域) of the 专用信用报告 catalogue and how records are mapped to it. */
export const reportDomainSchema = z.strictObject({
  id: keySchema,
  nameZh: z.string().min(1),
  nameEn: z.string().min(1),
  /** Record `sector` ids that belong to this domain (used when no authority matches). */
  sectors: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, { message: 'expected a sector id such as "food" or "workSafety"' })).default([]),
  /** Substrings of the deciding authority's name (处罚/实施机关) that belong to this domain. */
  authorityContains: z.array(z.string().min(1)).default([]),
});

/** The domain catalogue: ordered domains (authority first, then sector; first match wins) and the fallback for unmatched records. */
export const reportDomainCatalogueSchema = z
  .strictObject({
    domains: z.array(reportDomainSchema).min(1),
    /** Domain of a record no mapping matches (so that no record is ever dropped). */
    fallbackDomain: keySchema,
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.domains.forEach((d, i) => {
      if (seen.has(d.id)) ctx.addIssue({ code: 'custom', path: ['domains', i, 'id'], message: `duplicate domain id "${d.id}"` });
      seen.add(d.id);
    });
    if (!seen.has(c.fallbackDomain)) {
      ctx.addIssue({ code: 'custom', path: ['fallbackDomain'], message: `fallback domain "${c.fallbackDomain}" is not in the catalogue` });
    }
  });

/** A renewal lead time: calendar days or working days before expiry. */
export const renewalLeadTimeSchema = z.union([
  z.strictObject({ calendarDays: z.int().min(1).max(3650) }),
  z.strictObject({ workingDays: z.int().min(1).max(2000) }),
]);

/** Rule of one time-limited permit type (限定期限行政许可). */
export const permitTypeRuleSchema = z.strictObject({
  nameZh: z.string().min(1),
  nameEn: z.string().min(1),
  /** Other names under which exports list this type (matched exactly after trimming). */
  aliases: z.array(z.string().min(1)).default([]),
  /** The holder must apply for renewal at least this long before expiry. */
  renewalLeadTime: renewalLeadTimeSchema,
  /** Longest validity a permit of this type can have, in years (a data-quality check). */
  maxValidityYears: z.int().min(1).max(50),
});

/** How a calendar-day renewal deadline that falls on a rest day is adjusted. */
export const deadlineRestDayRuleSchema = z.enum(['previousWorkingDay', 'nextWorkingDay', 'none']);

/** Reminder offsets: calendar days before the renewal deadline, strictly descending, e.g. [90, 60, 30]. */
export const reminderOffsetsSchema = z
  .array(z.int().min(0).max(3650))
  .min(1)
  .superRefine((a, ctx) => {
    for (let i = 1; i < a.length; i++) {
      if (a[i]! >= a[i - 1]!) ctx.addIssue({ code: 'custom', path: [i], message: 'reminder offsets must be strictly descending (e.g. [90, 60, 30])' });
    }
  });

/**
 * Conditions of one pilot matter of 低风险免于现场审核 (low-risk exemption from on-site review). Each
 * condition is its own dated, cited parameter; an absent condition is not applied.
 */
export const exemptionMatterSchema = z.strictObject({
  name: parameter(z.strictObject({ zh: z.string().min(1), en: z.string().min(1) })),
  /** Credit grade must be this grade or better (A best). */
  maxGrade: parameter(creditGradeSchema).optional(),
  /** Risk level must be this level or lower. */
  maxRiskLevel: parameter(riskLevelSchema).optional(),
  /** No administrative penalty decided in this many months before asOf (repaired ones included). */
  noPenaltyWithinMonths: parameter(z.int().min(1).max(240)).optional(),
  /** No compulsory measure (行政强制) in this many months before asOf. */
  noCompulsoryMeasureWithinMonths: parameter(z.int().min(1).max(240)).optional(),
  /** Not on the 严重违法失信名单 on asOf. */
  notOnSeriousIllegalList: parameter(z.literal(true)).optional(),
  /** Not on the 经营异常名录 on asOf. */
  notOnAbnormalOperationList: parameter(z.literal(true)).optional(),
  /** Not a 失信被执行人 on asOf. */
  notDishonestJudgmentDebtor: parameter(z.literal(true)).optional(),
  /** Registration status is active (存续) on asOf. */
  requireActiveStatus: parameter(z.literal(true)).optional(),
});

/**
 * Rulebook parameters of the `services` area (`parameters.services`): the 专用信用报告, the
 * permit-expiry reminder service and the low-risk exemption from on-site review (plan 三(一)2).
 */
export const servicesParametersSchema = z.strictObject({
  creditReport: z.strictObject({
    /** Longest range a report may cover, in years (the range is at most this many years, both ends inclusive). */
    maxRangeYears: parameter(z.int().min(1).max(50)),
    /** Record kinds the report lists (at least 行政处罚 incl. 简易程序, 行政强制, 严重失信主体名单). */
    recordKinds: parameter(z.array(reportRecordKindSchema).min(1)),
    /** Categories the report must cover that the input data cannot carry (stated in the report). */
    categoriesNotInData: parameter(z.array(z.strictObject({ id: keySchema, nameZh: z.string().min(1), nameEn: z.string().min(1) }))),
    /** The domain catalogue (领域目录) and the record → domain mapping. */
    domainCatalogue: parameter(reportDomainCatalogueSchema),
  }),
  permits: z.strictObject({
    /** Time-limited permit types by id, each with its own dated, cited renewal rule. */
    types: z.record(keySchema, parameter(permitTypeRuleSchema)),
    /** Adjustment of a calendar-day renewal deadline that falls on a rest day. */
    deadlineRestDayRule: parameter(deadlineRestDayRuleSchema),
    /** Reminder schedule: days before the renewal deadline. */
    reminderOffsetsDays: parameter(reminderOffsetsSchema),
  }),
  exemption: z.strictObject({
    /** Pilot matters by id, e.g. `hazardous-chemicals-trading-no-storage`. */
    matters: z.record(keySchema, exemptionMatterSchema),
  }),
});
