import { z } from 'zod';
import { parameter } from '../primitives.js';

/**
 * Reasons that allow an on-site inspection outside the plan (触发式检查): the exceptions named in
 * 国市监信发〔2022〕6号 and the Shanghai 无感监管 / 无事不扰 lists.
 */
export const triggerReasonSchema = z.enum([
  'complaintOrReport',
  'dataMonitoringFinding',
  'referral',
  'requiredByLaw',
  'higherLevelDeployment',
]);

/** Rounding of n = ratio × N (no decimals: a count of enterprises). */
export const samplingRoundingSchema = z.strictObject({
  mode: z.enum(['ceil', 'floor', 'half-up', 'half-even']),
});

/** A yearly frequency cap per agency per enterprise (同一执法主体对同一企业年度检查频次上限). */
export const yearlyCapSchema = z.strictObject({
  /** On-site inspections per agency per enterprise per year, at most. */
  perAgencyPerEnterprise: z.number().int().min(0),
  /** Whether triggered (触发式) inspections count against the cap. */
  triggeredCounts: z.boolean(),
  /** Trigger reasons that never count, even when triggered inspections do (司法部 Q&A: 上级部署的专项检查). */
  exemptReasons: z.array(triggerReasonSchema),
});

/** A published cap from another jurisdiction, kept as a preset users can switch to. */
export const yearlyCapPresetSchema = yearlyCapSchema.extend({
  jurisdiction: z.string().min(1),
  docNo: z.string().min(1),
  url: z.string().url(),
});

/** Rulebook parameters of the `inspection` area (`parameters.inspection` in a rulebook). */
export const inspectionParametersSchema = z.strictObject({
  /** Rounding rule of the per-stratum sample size n = ratio × N. */
  samplingRounding: parameter(samplingRoundingSchema),
  /** Inspectors per agency per on-site inspection (at least 2 by law). */
  inspectorsPerInspection: parameter(z.number().int().min(2)),
  /** On-site inspections one inspector may be assigned per plan year. */
  inspectorLoadCap: parameter(z.number().int().min(1)),
  /** The yearly cap per agency per enterprise in force. */
  yearlyCap: parameter(yearlyCapSchema),
  /** Caps published elsewhere (§3.3), for what-if runs via withOverrides. */
  yearlyCapPresets: parameter(z.record(z.string().regex(/^[a-z0-9-]+$/), yearlyCapPresetSchema)),
  /** "相近时段": planned inspections of one enterprise by several agencies whose months differ by at most this many are joined. */
  jointWindowMonths: parameter(z.number().int().min(0).max(11)),
  /** Reasons accepted for a triggered inspection. */
  triggerReasons: parameter(z.array(triggerReasonSchema).min(1)),
  /** Default validity of an inspection code, in days (first day included). */
  codeValidityDays: parameter(z.number().int().min(1).max(366)),
  /** Scale of the visit evaluation (查后可评价). */
  evaluationScale: parameter(
    z
      .strictObject({ min: z.number().int(), max: z.number().int(), labels: z.record(z.string(), z.string()) })
      .refine((s) => s.min < s.max, { message: 'min must be below max' }),
  ),
});
