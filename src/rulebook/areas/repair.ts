import { z } from 'zod';
import { parameter, provenanceStatusSchema, type DatedValue } from '../primitives.js';

/**
 * Penalty kinds (行政处罚种类, 行政处罚法第九条 plus 限制从业/拘留) in the order of the statute.
 * Defined here because the rulebook tables are keyed by them; `src/repair` re-exports the schema.
 */
export const PENALTY_KINDS = [
  'warning', // 警告
  'circulatedCriticism', // 通报批评
  'fine', // 罚款
  'confiscation', // 没收违法所得、没收非法财物
  'licenceSuspension', // 暂扣许可证件
  'qualificationDowngrade', // 降低资质等级
  'licenceRevocation', // 吊销许可证件
  'businessRestriction', // 限制开展生产经营活动、限制从业
  'productionSuspension', // 责令停产停业
  'closure', // 责令关闭
  'detention', // 行政拘留
  'other', // 法律、行政法规规定的其他行政处罚
] as const;

/** zod schema of a penalty kind (行政处罚种类). */
export const penaltyKindSchema = z.enum(PENALTY_KINDS);

/** Publicity tiers of 国办发〔2025〕22号 / NDRC Order 36, lightest first: 轻微 / 一般 / 严重. */
export const PUBLICITY_TIERS = ['minor', 'general', 'serious'] as const;
/** zod schema of a publicity tier (轻微 / 一般 / 严重). */
export const publicityTierSchema = z.enum(PUBLICITY_TIERS);

/** A period of whole days, months or years (民法典第二百条), as stored in the rulebook. */
export const rulePeriodSchema = z.union([
  z.strictObject({ days: z.number().int().min(0).max(36600) }),
  z.strictObject({ months: z.number().int().min(0).max(1200) }),
  z.strictObject({ years: z.number().int().min(0).max(100) }),
]);

/** A cited document in a legal-basis chain (法律依据). */
export const legalBasisEntrySchema = z.strictObject({
  title: z.string().min(1),
  docNo: z.string().min(1).optional(),
  article: z.string().min(1).optional(),
  status: provenanceStatusSchema,
});

/** Publicity of one tier under a rule set. `minimum: null` = no early repair (runs to the maximum). */
export const tierPeriodRuleSchema = z.strictObject({
  published: z.boolean(),
  minimum: rulePeriodSchema.nullable(),
  maximum: rulePeriodSchema,
});

/**
 * One publicity / repair rule set (e.g. NDRC Order 58 on 信用中国, SAMR Order 45 + repair rules on
 * GSXT). The dated value in force on the rule set's basis date is the one that applies.
 */
export const publicityRuleSetSchema = z.strictObject({
  /** Rule-set ids applied together, primary first (e.g. ["SAMR_ORDER45_2021", "SAMR_REPAIR_2021"]). */
  ids: z.array(z.string().regex(/^[A-Z0-9_]+$/)).min(1),
  nameZh: z.string().min(1),
  /** Platform ids (see `repair.platforms`) where the penalty is published. */
  platforms: z.array(z.string().min(1)).min(1),
  /** Which date the periods count from (and which date selects this rule set). */
  basis: z.enum(['decisionDate', 'publicationDate']),
  unpublished: z.strictObject({
    /** 简易程序 penalties are not published. */
    simpleProcedure: z.boolean(),
    /** A decision whose kinds are ALL in this list is not published (e.g. warning-only). */
    onlyKinds: z.array(penaltyKindSchema),
  }),
  tiers: z.strictObject({ minor: tierPeriodRuleSchema, general: tierPeriodRuleSchema, serious: tierPeriodRuleSchema }),
  /** Longer minimum periods for sectors (e.g. food, drugs: 1 year). */
  sectorMinimum: z.array(z.strictObject({ sectors: z.array(z.string().min(1)).min(1), minimum: rulePeriodSchema })),
  /**
   * Light penalties that simply expire (SAMR Order 45 Art. 13): a decision whose kinds are all in
   * `kinds` (plus `fine` when `lowFine` and the fine is a 较低数额罚款) is published for `maximum`, no repair.
   */
  lightPenalty: z
    .strictObject({ kinds: z.array(penaltyKindSchema).min(1), lowFine: z.boolean(), maximum: rulePeriodSchema })
    .optional(),
  /** Kinds that exclude early repair (SAMR Order 45 Art. 14(3)). */
  noEarlyRepairKinds: z.array(penaltyKindSchema),
  /** Periods for a decision listing the party as 严重失信 (the longer of this and the tier applies). */
  seriousList: tierPeriodRuleSchema.optional(),
  /** Text of the notice for this rule set (zh-CN). */
  notice: z.strictObject({
    conditions: z.array(z.string().min(1)).min(1),
    materials: z.array(z.string().min(1)).min(1),
    channels: z.array(z.string().min(1)).min(1),
    offlineWindow: z.string().min(1).optional(),
    nonRepairable: z.array(z.string().min(1)),
    handling: z.string().min(1).optional(),
  }),
  legalBasis: z.array(legalBasisEntrySchema).min(1),
});
/** A publicity / repair rule set as stored in the rulebook. */
export type PublicityRuleSet = z.infer<typeof publicityRuleSetSchema>;

/** Tier of each penalty kind (Order 36 classification; configurable per regulator). */
export const tierTableSchema = z.strictObject({
  /** Tier per kind; kinds whose tier is contested live in `repair.contestedKindTiers`. */
  kinds: z.partialRecord(penaltyKindSchema, publicityTierSchema),
  /** Tier of any simple-procedure (简易程序) decision. */
  simpleProcedure: publicityTierSchema,
  /** Tier of a decision listing the party as 严重失信. */
  seriousList: publicityTierSchema,
});

/** "巨额罚款": a fine at or above the threshold (fen) makes the decision `tier`. */
export const largeFineSchema = z.strictObject({
  organisationFen: z.number().int().min(0),
  personFen: z.number().int().min(0),
  tier: publicityTierSchema,
});

/** Shanghai 较低数额罚款 threshold (SAMR Order 45 Art. 13), in fen. */
export const lowFineThresholdSchema = z.strictObject({
  organisationFen: z.number().int().min(0),
  personFen: z.number().int().min(0),
  /** true: "及以下" (the threshold itself is low); false: "不含本数". */
  inclusive: z.boolean(),
});

/** Sectors with their own publicity rules; `marketRegulation` = MR remit (published on GSXT too). */
export const repairSectorSchema = z.strictObject({
  id: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/),
  nameZh: z.string().min(1),
  marketRegulation: z.boolean(),
});

/** A publication platform. */
export const publicationPlatformSchema = z.strictObject({
  id: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/),
  nameZh: z.string().min(1),
  url: z.string().min(1).optional(),
});

const TIER_RANK = { minor: 0, general: 1, serious: 2 } as const;

// Approximate length in days, only to check the ordering of periods in a rulebook.
function approxDays(p: z.infer<typeof rulePeriodSchema>): [lo: number, hi: number] {
  if ('days' in p) return [p.days, p.days];
  const m = 'months' in p ? p.months : p.years * 12;
  return [m * 28 + Math.floor(m / 12) * 1, m * 31];
}
function shorter(a: z.infer<typeof rulePeriodSchema>, b: z.infer<typeof rulePeriodSchema>): boolean {
  // a is certainly shorter than b
  return approxDays(a)[1] < approxDays(b)[0];
}

/**
 * Rulebook parameters of the `repair` area (`parameters.repair`): publicity rule sets by platform and
 * date, the tier table, thresholds, sectors and the explicit date conventions.
 */
export const repairParametersSchema = z
  .strictObject({
    ruleSets: z.strictObject({
      /** 信用中国 (NDRC): 527号 → Order 58 → Order 36, selected by decision date. */
      creditChina: parameter(publicityRuleSetSchema),
      /** 国家企业信用信息公示系统 (SAMR): Order 45 + repair rules, selected by publication date. */
      gsxt: parameter(publicityRuleSetSchema),
    }),
    tierTable: parameter(tierTableSchema),
    /** Tiers of kinds where sources conflict (暂扣许可证件, 降低资质等级: 一般 in the draft, 严重 in the CMS summary). */
    contestedKindTiers: parameter(z.partialRecord(penaltyKindSchema, publicityTierSchema)),
    largeFine: parameter(largeFineSchema),
    lowFineThreshold: parameter(lowFineThresholdSchema),
    sectors: parameter(z.array(repairSectorSchema).min(1)),
    platforms: parameter(z.array(publicationPlatformSchema).min(1)),
    /** 'sameDay': repair possible on the last day of the minimum period; 'nextDay': the day after. */
    minimumPeriodReached: parameter(z.enum(['sameDay', 'nextDay'])),
    /** When the publication date is unknown: assume the latest legal date, or the decision date. */
    publicationDateFallback: parameter(
      z.strictObject({ mode: z.enum(['latestLegal', 'decisionDate']), workingDays: z.number().int().min(0).max(100) }),
    ),
    /** Days after service within which a fine must be paid (a party deadline: rolled to a working day). */
    finePaymentDays: parameter(z.number().int().min(1).max(365)),
    /** Reminder offsets around the earliest repair date (days; negative = before). */
    reminders: parameter(
      z.strictObject({ beforeEligibleDays: z.number().int().max(0), afterEligibleDays: z.number().int().min(0) }),
    ),
  })
  .superRefine((p, ctx) => {
    const sectorIds = new Set<string>();
    for (const v of p.sectors.values) for (const s of v.value) sectorIds.add(s.id);
    const platformIds = new Set<string>();
    for (const v of p.platforms.values) for (const s of v.value) platformIds.add(s.id);
    for (const key of ['creditChina', 'gsxt'] as const) {
      const vals = p.ruleSets[key].values as DatedValue<PublicityRuleSet>[];
      vals.forEach((dv, i) => {
        const rs = dv.value;
        const base = ['ruleSets', key, 'values', i, 'value'];
        // Tiers must be monotone so that "the heaviest kind" is also "the longest period".
        const order = ['minor', 'general', 'serious'] as const;
        for (let t = 1; t < order.length; t++) {
          const lo = rs.tiers[order[t - 1]!];
          const hi = rs.tiers[order[t]!];
          if (lo.published && !hi.published) {
            ctx.addIssue({ code: 'custom', path: [...base, 'tiers', order[t]!, 'published'], message: `tier ${order[t]} must be published when ${order[t - 1]} is` });
          }
          if (shorter(hi.maximum, lo.maximum)) {
            ctx.addIssue({ code: 'custom', path: [...base, 'tiers', order[t]!, 'maximum'], message: `tier ${order[t]} maximum is shorter than ${order[t - 1]}` });
          }
          if (lo.minimum === null && hi.minimum !== null) {
            ctx.addIssue({ code: 'custom', path: [...base, 'tiers', order[t]!, 'minimum'], message: `tier ${order[t]} allows early repair but ${order[t - 1]} does not` });
          } else if (lo.minimum !== null && hi.minimum !== null && shorter(hi.minimum, lo.minimum)) {
            ctx.addIssue({ code: 'custom', path: [...base, 'tiers', order[t]!, 'minimum'], message: `tier ${order[t]} minimum is shorter than ${order[t - 1]}` });
          }
        }
        for (const t of order) {
          const r = rs.tiers[t];
          if (r.minimum !== null && shorter(r.maximum, r.minimum)) {
            ctx.addIssue({ code: 'custom', path: [...base, 'tiers', t, 'maximum'], message: 'maximum is shorter than minimum' });
          }
        }
        rs.sectorMinimum.forEach((sm, j) => {
          sm.sectors.forEach((s, k) => {
            if (!sectorIds.has(s)) ctx.addIssue({ code: 'custom', path: [...base, 'sectorMinimum', j, 'sectors', k], message: `unknown sector "${s}" (not in repair.sectors)` });
          });
        });
        rs.platforms.forEach((pl, j) => {
          if (!platformIds.has(pl)) ctx.addIssue({ code: 'custom', path: [...base, 'platforms', j], message: `unknown platform "${pl}" (not in repair.platforms)` });
        });
      });
    }
    // Every penalty kind has exactly one tier: in tierTable.kinds or in contestedKindTiers.
    p.tierTable.values.forEach((tv, i) => {
      for (const cv of p.contestedKindTiers.values) {
        if (cv.to !== undefined && cv.to < tv.from) continue;
        if (tv.to !== undefined && tv.to < cv.from) continue;
        for (const k of PENALTY_KINDS) {
          const a = tv.value.kinds[k] !== undefined;
          const b = cv.value[k] !== undefined;
          if (a === b) {
            ctx.addIssue({
              code: 'custom',
              path: ['tierTable', 'values', i, 'value', 'kinds', k],
              message: a ? `kind "${k}" has a tier both here and in contestedKindTiers (${cv.from})` : `kind "${k}" has no tier (add it here or to contestedKindTiers)`,
            });
          }
        }
      }
    });
    p.tierTable.values.forEach((dv, i) => {
      if (TIER_RANK[dv.value.simpleProcedure] > TIER_RANK[dv.value.seriousList]) {
        ctx.addIssue({ code: 'custom', path: ['tierTable', 'values', i, 'value', 'seriousList'], message: 'a serious-list decision cannot be a lighter tier than a simple-procedure one' });
      }
    });
  });
