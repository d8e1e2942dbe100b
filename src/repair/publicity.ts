/**
 * 公示期限 (publicity periods) of administrative-penalty information and the dates that follow from
 * them: minimum period end, earliest repair date (最早可申请信用修复日), automatic end of publication
 * and the first day the record stops counting in the credit grade. One implementation, shared by
 * the 两书同达 notices and by grading (plan 三(一)2).
 */
import { z } from 'zod';
import { fail, makeIssue, type Issue } from '../_lib/issues/index.js';
import {
  addPeriod,
  addWorkingDays,
  dayOfWeek,
  fromDayNumber,
  isCalendarDate,
  toDayNumber,
  type Period,
} from '../calendar/index.js';
import { isXinfengError } from '../_lib/issues/index.js';
import {
  PENALTY_KINDS,
  PUBLICITY_TIERS,
  penaltyKindSchema,
  publicityTierSchema,
  type PublicityRuleSet,
} from '../rulebook/areas/repair.js';
import { pickDatedValue, parameterAt } from '../rulebook/value-at.js';
import type { DatedValue, Provenance } from '../rulebook/primitives.js';
import type { Rulebook } from '../rulebook/schema.js';

export { PENALTY_KINDS, PUBLICITY_TIERS, penaltyKindSchema, publicityTierSchema };

/**
 * A penalty kind (行政处罚种类): 警告, 通报批评, 罚款, 没收, 暂扣许可证件, 吊销许可证件, 降低资质等级,
 * 限制开展生产经营活动/限制从业, 责令停产停业, 责令关闭, 行政拘留, 其他.
 *
 * @example
 * ```ts
 * const kinds: PenaltyKind[] = ['fine', 'confiscation'];
 * ```
 */
export type PenaltyKind =
  | 'warning'
  | 'circulatedCriticism'
  | 'fine'
  | 'confiscation'
  | 'licenceSuspension'
  | 'licenceRevocation'
  | 'qualificationDowngrade'
  | 'businessRestriction'
  | 'productionSuspension'
  | 'closure'
  | 'detention'
  | 'other';

/**
 * Publicity tier of 国办发〔2025〕22号 / NDRC Order 36: 轻微 / 一般 / 严重.
 *
 * @example
 * ```ts
 * const t: PublicityTier = 'general'; // 一般
 * ```
 */
export type PublicityTier = 'minor' | 'general' | 'serious';

/**
 * Chinese names of penalty kinds (for documents).
 *
 * @example
 * ```ts
 * PENALTY_KIND_NAMES_ZH.fine; // '罚款'
 * ```
 */
export const PENALTY_KIND_NAMES_ZH: Readonly<Record<PenaltyKind, string>> = Object.freeze({
  warning: '警告',
  circulatedCriticism: '通报批评',
  fine: '罚款',
  confiscation: '没收违法所得、没收非法财物',
  licenceSuspension: '暂扣许可证件',
  licenceRevocation: '吊销许可证件',
  qualificationDowngrade: '降低资质等级',
  businessRestriction: '限制开展生产经营活动、限制从业',
  productionSuspension: '责令停产停业',
  closure: '责令关闭',
  detention: '行政拘留',
  other: '其他行政处罚',
});

/**
 * Chinese names of publicity tiers.
 *
 * @example
 * ```ts
 * PUBLICITY_TIER_NAMES_ZH.serious; // '严重'
 * ```
 */
export const PUBLICITY_TIER_NAMES_ZH: Readonly<Record<PublicityTier, string>> = Object.freeze({
  minor: '轻微',
  general: '一般',
  serious: '严重',
});

const dateSchema = z.string().refine(isCalendarDate, { message: 'expected a calendar date YYYY-MM-DD' });

/**
 * zod schema of {@link PublicityInput} (the publicity-relevant facts of one penalty decision).
 *
 * @example
 * ```ts
 * const input = publicityInputSchema.parse({ decisionDate: '2025-03-10', penaltyKinds: ['fine'], fineAmountFen: 2_000_000, procedure: 'ordinary' });
 * ```
 */
export const publicityInputSchema = z
  .strictObject({
    decisionDate: dateSchema,
    publicationDate: dateSchema.optional(),
    penaltyKinds: z.array(penaltyKindSchema).min(1),
    fineAmountFen: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    procedure: z.enum(['simple', 'ordinary']),
    sector: z.string().min(1).optional(),
    tier: publicityTierSchema.optional(),
    seriousList: z.boolean().optional(),
    partyType: z.enum(['organisation', 'person']).optional(),
    marketRegulation: z.boolean().optional(),
    repairedOn: dateSchema.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.publicationDate !== undefined && v.publicationDate < v.decisionDate) {
      ctx.addIssue({ code: 'custom', path: ['publicationDate'], message: 'publication date is before the decision date' });
    }
    if (v.repairedOn !== undefined && v.repairedOn < v.decisionDate) {
      ctx.addIssue({ code: 'custom', path: ['repairedOn'], message: 'repair date is before the decision date' });
    }
  });

/**
 * The publicity-relevant facts of one administrative-penalty decision.
 *
 * @example
 * ```ts
 * const input: PublicityInput = { decisionDate: '2025-03-10', penaltyKinds: ['fine'], fineAmountFen: 2_000_000, procedure: 'ordinary', sector: 'food' };
 * ```
 */
export interface PublicityInput {
  /** 处罚决定日期 (YYYY-MM-DD). */
  decisionDate: string;
  /** 公示日期, when known (GSXT periods count from it, SAMR Order 45 Art. 13). */
  publicationDate?: string;
  penaltyKinds: readonly PenaltyKind[];
  /** Fine in integer fen (分). */
  fineAmountFen?: number;
  procedure: 'simple' | 'ordinary';
  /** Sector id from the rulebook (`repair.sectors`): food, drug, specialEquipment, workSafety, fire, … */
  sector?: string;
  /** Tier set by the authority; overrides the derivation (a 严重失信 listing still raises it to 严重). */
  tier?: PublicityTier;
  /** The decision lists the party as 严重失信. */
  seriousList?: boolean;
  /** Default 'organisation'. Selects the fine thresholds. */
  partyType?: 'organisation' | 'person';
  /**
   * The deciding authority is a market-regulation department, so the penalty is also published on
   * GSXT (SAMR Order 45). Default: the sector's `marketRegulation` flag; no sector → false.
   */
  marketRegulation?: boolean;
  /** Date a repair was granted, if any. */
  repairedOn?: string;
}

/** A cited document. */
export interface PublicityCitation {
  readonly title: string;
  readonly docNo?: string;
  readonly article?: string;
  readonly status: string;
}

/** Why a decision is not published on a platform. */
export type UnpublishedReason = 'simpleProcedure' | 'onlyExemptKinds' | 'minorTier' | 'noRuleSet';

/** The publicity of one decision under one platform's rule set. */
export interface PlatformPublicity {
  /** 'creditChina' or 'gsxt' (the rulebook's rule-set series). */
  readonly series: 'creditChina' | 'gsxt';
  readonly ruleSetIds: readonly string[];
  readonly ruleSetName: string;
  /** Dates the rule-set value is in force (`to` inclusive). */
  readonly ruleSetFrom: string;
  readonly ruleSetTo?: string;
  readonly platforms: readonly string[];
  readonly basis: 'decisionDate' | 'publicationDate';
  readonly basisDate: string;
  /** True when the publication date was unknown and assumed (see `repair.publicationDateFallback`). */
  readonly basisAssumed: boolean;
  readonly published: boolean;
  readonly unpublishedReason?: UnpublishedReason;
  /** Which row of the rule set gave the periods. */
  readonly category?: 'tier' | 'lightPenalty' | 'seriousList';
  readonly minimumPeriod?: Period;
  readonly maximumPeriod?: Period;
  /** Sector whose longer minimum applied, if any. */
  readonly sectorApplied?: string;
  /** Last day of the minimum period (民法典 Arts. 201–202, never rolled to a working day). */
  readonly minimumPeriodEnd?: string;
  readonly earliestRepairDate?: string;
  /** Last day of the maximum period. */
  readonly maximumPeriodEnd?: string;
  /** First day the record is no longer published on these platforms. */
  readonly automaticEnd?: string;
  readonly repairable: boolean;
  /** Why early repair is excluded: the penalty only expires (Order 45 Art. 13) or is heavy (Art. 14(3)). */
  readonly nonRepairableReason?: 'lightPenalty' | 'heavyPenalty';
  readonly nonRepairableKinds: readonly PenaltyKind[];
  readonly citations: readonly PublicityCitation[];
}

/**
 * The publicity window of one decision over all platforms. Dates are `YYYY-MM-DD`.
 *
 * Combination: a record is gone only when it is gone from every platform, so the overall dates are
 * the latest of the published platforms (a repair on one platform is synced to the other,
 * 发改办财金〔2024〕33号, but cannot end a publication that excludes early repair).
 */
export interface PublicityWindow {
  tier: PublicityTier;
  /** How the tier was set. */
  tierBasis: 'authority' | 'derived';
  published: boolean;
  /** Platform ids where the decision is published (`repair.platforms`). */
  platforms: readonly string[];
  /** Every rule set assessed (published or not), platform order. */
  ruleSetIds: readonly string[];
  /** Decision or publication date, per the rule set that sets the overall end. */
  basisDate: string;
  basis: 'decisionDate' | 'publicationDate';
  /** Last day of the minimum period on the repairable platforms (the latest of them). */
  minimumPeriodEnd?: string;
  /**
   * First day on which a repair application is possible on every platform that allows early repair
   * (undefined when none does).
   */
  earliestRepairDate?: string;
  /**
   * First day on which the record can be gone from every platform if repaired as early as possible:
   * the latest of each platform's earliest repair date, or its automatic end where early repair is
   * excluded.
   */
  earliestClearDate?: string;
  /** Last day of the longest maximum period. */
  maximumPeriodEnd?: string;
  /** First day on which the record is published nowhere (the latest platform end). */
  automaticEnd?: string;
  /** True when at least one published platform allows early repair. */
  repairable: boolean;
  /**
   * First day on which the record no longer counts in the credit grade (shared with grading: a
   * penalty counts while `asOf < stopsCountingOn`). `undefined` = never published, so it never
   * counts as a published record.
   *
   * Derivation, per platform: when a repair was granted (`repairedOn`) and the platform allows early
   * repair, the later of `repairedOn` and its `earliestRepairDate`, but never after its automatic
   * end; otherwise its automatic end. Overall: the latest of the published platforms.
   * `earliestRepairDate` and `automaticEnd` are the days after the minimum / maximum period ends
   * (rulebook `repair.minimumPeriodReached = 'nextDay'`) or the end days themselves (`'sameDay'`).
   */
  stopsCountingOn?: string;
  unpublishedReason?: UnpublishedReason;
  platformWindows: readonly PlatformPublicity[];
  citations: readonly { title: string; docNo?: string; article?: string; status: string }[];
  warnings: readonly Issue[];
}

const TIER_RANK: Readonly<Record<PublicityTier, number>> = { minor: 0, general: 1, serious: 2 };
const KIND_SET: ReadonlySet<string> = new Set(PENALTY_KINDS);

interface CompiledRuleSet {
  readonly rs: PublicityRuleSet;
  readonly from: string;
  readonly to?: string;
  readonly onlyKinds: ReadonlySet<string>;
  readonly lightKinds?: ReadonlySet<string>;
  readonly noEarly: ReadonlySet<string>;
  readonly sectorMin: ReadonlyMap<string, Period>;
  readonly citations: readonly PublicityCitation[];
}

interface TierRules {
  readonly kinds: Readonly<Partial<Record<string, PublicityTier>>>;
  readonly simpleProcedure: PublicityTier;
  readonly seriousList: PublicityTier;
  readonly largeFine?: { organisationFen: number; personFen: number; tier: PublicityTier };
  readonly citations: readonly PublicityCitation[];
}

interface DateRules {
  readonly tiers: TierRules;
  readonly sectors: ReadonlyMap<string, { nameZh: string; marketRegulation: boolean }>;
  readonly sectorIds: string;
  readonly nextDay: boolean;
  readonly fallback?: { mode: 'latestLegal' | 'decisionDate'; workingDays: number };
}

function cite(s: Provenance | PublicityCitation): PublicityCitation {
  const c: { title: string; docNo?: string; article?: string; status: string } = { title: s.title, status: s.status };
  if (s.docNo !== undefined) c.docNo = s.docNo;
  if (s.article !== undefined) c.article = s.article;
  return c;
}

function pushCitations(out: PublicityCitation[], seen: Set<string>, list: readonly PublicityCitation[]): void {
  for (const c of list) {
    const k = `${c.title}|${c.docNo ?? ''}|${c.article ?? ''}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(c);
    }
  }
}

function maxDate(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a >= b ? a : b;
}

function nextDay(d: string): string {
  return fromDayNumber(toDayNumber(d) + 1);
}

function bad(field: string, reason: string): never {
  fail('REPAIR_INVALID_INPUT', { field, reason });
}

// n Monday–Friday days after date: used only when the holiday calendar does not cover the year.
function addWeekdays(date: string, n: number): string {
  let d = toDayNumber(date);
  let dow = dayOfWeek(date) as number;
  let left = n;
  while (left > 0) {
    d++;
    dow = dow === 7 ? 1 : dow + 1;
    if (dow <= 5) left--;
  }
  return fromDayNumber(d);
}

/**
 * Precompiles the publicity rules of a rulebook and returns a fast calculator. Rule lookups are
 * cached per distinct date; use one calculator for a whole batch (millions of calls).
 *
 * @throws XinfengError `REPAIR_INVALID_INPUT`, `REPAIR_UNKNOWN_PENALTY_KIND` or
 * `INVALID_CALENDAR_DATE` for malformed input (programmer misuse). Domain conditions (no rule set
 * in force, unknown sector, repair before eligibility …) come back in `warnings`.
 * @example
 * ```ts
 * const publicity = createPublicityCalculator(defaultRulebook());
 * const w = publicity({ decisionDate: '2025-03-10', penaltyKinds: ['fine'], fineAmountFen: 2_000_000, procedure: 'ordinary' });
 * w.earliestRepairDate; // '2025-06-11' (Order 58: 3 months, next day)
 * w.automaticEnd;       // '2028-03-11'
 * ```
 */
export function createPublicityCalculator(rulebook: Rulebook): (input: PublicityInput) => PublicityWindow {
  const ccValues = parameterAt(rulebook, 'repair.ruleSets.creditChina').values as DatedValue<PublicityRuleSet>[];
  const gsxtValues = parameterAt(rulebook, 'repair.ruleSets.gsxt').values as DatedValue<PublicityRuleSet>[];
  const vals = <T>(path: string): DatedValue<T>[] => parameterAt(rulebook, path).values as DatedValue<T>[];
  const tierValues = vals<{ kinds: Partial<Record<string, PublicityTier>>; simpleProcedure: PublicityTier; seriousList: PublicityTier }>('repair.tierTable');
  const contestedValues = vals<Partial<Record<string, PublicityTier>>>('repair.contestedKindTiers');
  const largeFineValues = vals<{ organisationFen: number; personFen: number; tier: PublicityTier }>('repair.largeFine');
  const lowFineValues = vals<{ organisationFen: number; personFen: number; inclusive: boolean }>('repair.lowFineThreshold');
  const sectorValues = vals<{ id: string; nameZh: string; marketRegulation: boolean }[]>('repair.sectors');
  const reachedValues = vals<'sameDay' | 'nextDay'>('repair.minimumPeriodReached');
  const fallbackValues = vals<{ mode: 'latestLegal' | 'decisionDate'; workingDays: number }>('repair.publicationDateFallback');

  // A series whose rule sets count from publication is selected by the publication date.
  const ccByPublication = ccValues.some((v) => v.value.basis === 'publicationDate');
  const gsxtByPublication = gsxtValues.some((v) => v.value.basis === 'publicationDate');

  const compiled = new WeakMap<object, CompiledRuleSet>();
  const compile = (dv: DatedValue<PublicityRuleSet>): CompiledRuleSet => {
    let c = compiled.get(dv);
    if (!c) {
      const rs = dv.value;
      const sectorMin = new Map<string, Period>();
      for (const g of rs.sectorMinimum) for (const s of g.sectors) sectorMin.set(s, g.minimum as Period);
      const citations: PublicityCitation[] = [];
      pushCitations(citations, new Set(), [...rs.legalBasis.map(cite), cite(dv.source)]);
      const cc: { -readonly [K in keyof CompiledRuleSet]: CompiledRuleSet[K] } = {
        rs,
        from: dv.from,
        onlyKinds: new Set(rs.unpublished.onlyKinds),
        noEarly: new Set(rs.noEarlyRepairKinds),
        sectorMin,
        citations,
      };
      if (dv.to !== undefined) cc.to = dv.to;
      if (rs.lightPenalty) cc.lightKinds = new Set(rs.lightPenalty.kinds);
      c = cc;
      compiled.set(dv, c);
    }
    return c;
  };

  const dateRules = new Map<string, DateRules | null>();
  const rulesOn = (date: string): DateRules | null => {
    let r = dateRules.get(date);
    if (r === undefined) {
      const t = pickDatedValue(tierValues, date);
      const c = pickDatedValue(contestedValues, date);
      const lf = pickDatedValue(largeFineValues, date);
      const sec = pickDatedValue(sectorValues, date);
      const reached = pickDatedValue(reachedValues, date);
      const fb = pickDatedValue(fallbackValues, date);
      if (!t || !c || !sec || !reached) {
        r = null;
      } else {
        const citations: PublicityCitation[] = [];
        const seen = new Set<string>();
        pushCitations(citations, seen, [cite(t.source), cite(c.source)]);
        if (lf) pushCitations(citations, seen, [cite(lf.source)]);
        const tiers: { -readonly [K in keyof TierRules]: TierRules[K] } = {
          kinds: { ...t.value.kinds, ...c.value },
          simpleProcedure: t.value.simpleProcedure,
          seriousList: t.value.seriousList,
          citations,
        };
        if (lf) tiers.largeFine = lf.value;
        const sectors = new Map(sec.value.map((s) => [s.id, { nameZh: s.nameZh, marketRegulation: s.marketRegulation }]));
        const dr: { -readonly [K in keyof DateRules]: DateRules[K] } = {
          tiers,
          sectors,
          sectorIds: sec.value.map((s) => s.id).join(', '),
          nextDay: reached.value === 'nextDay',
        };
        if (fb) dr.fallback = fb.value;
        r = dr;
      }
      dateRules.set(date, r);
    }
    return r;
  };

  const ruleSetCache = new Map<string, CompiledRuleSet | null>();
  const ruleSetOn = (series: 'creditChina' | 'gsxt', date: string): CompiledRuleSet | null => {
    const key = series === 'gsxt' ? `g${date}` : `c${date}`;
    let r = ruleSetCache.get(key);
    if (r === undefined) {
      const dv = pickDatedValue(series === 'gsxt' ? gsxtValues : ccValues, date);
      r = dv ? compile(dv) : null;
      ruleSetCache.set(key, r);
    }
    return r;
  };

  const assumedPub = new Map<string, { date: string; how: string; howZh: string }>();
  const assumePublication = (decisionDate: string, rules: DateRules): { date: string; how: string; howZh: string } => {
    let a = assumedPub.get(decisionDate);
    if (!a) {
      const fb = rules.fallback;
      if (!fb || fb.mode === 'decisionDate' || fb.workingDays === 0) {
        a = { date: decisionDate, how: 'the decision date', howZh: '处罚决定日期' };
      } else {
        try {
          a = {
            date: addWorkingDays(decisionDate, fb.workingDays),
            how: `the latest legal date, ${fb.workingDays} working days after the decision`,
            howZh: `最迟公示日，即决定之日起${fb.workingDays}个工作日`,
          };
        } catch (e) {
          if (!isXinfengError(e) || e.code !== 'CALENDAR_YEAR_NOT_COVERED') throw e;
          a = {
            date: addWeekdays(decisionDate, fb.workingDays),
            how: `${fb.workingDays} weekdays after the decision (holiday calendar does not cover the year)`,
            howZh: `决定之日起${fb.workingDays}个周一至周五（节假日日历未覆盖该年度）`,
          };
        }
      }
      assumedPub.set(decisionDate, a);
    }
    return a;
  };

  const lowFineOn = (date: string) => pickDatedValue(lowFineValues, date);

  return function publicityWindow(input: PublicityInput): PublicityWindow {
    if (typeof input !== 'object' || input === null) bad('input', 'expected an object');
    const decisionDate = input.decisionDate;
    toDayNumber(decisionDate); // throws INVALID_CALENDAR_DATE
    const kinds = input.penaltyKinds;
    if (!Array.isArray(kinds) || kinds.length === 0) bad('penaltyKinds', 'at least one penalty kind is required');
    for (const k of kinds) {
      if (!KIND_SET.has(k)) fail('REPAIR_UNKNOWN_PENALTY_KIND', { kind: String(k), allowed: PENALTY_KINDS.join(', ') });
    }
    const procedure = input.procedure;
    if (procedure !== 'simple' && procedure !== 'ordinary') bad('procedure', `expected "simple" or "ordinary", got ${String(procedure)}`);
    const fine = input.fineAmountFen;
    if (fine !== undefined && (!Number.isSafeInteger(fine) || fine < 0)) bad('fineAmountFen', `expected a non-negative integer (fen), got ${String(fine)}`);
    if (input.tier !== undefined && !(input.tier in TIER_RANK)) bad('tier', `expected minor, general or serious, got ${String(input.tier)}`);
    const partyType = input.partyType ?? 'organisation';
    if (partyType !== 'organisation' && partyType !== 'person') bad('partyType', `expected organisation or person, got ${String(partyType)}`);
    let publicationDate = input.publicationDate;
    if (publicationDate !== undefined) toDayNumber(publicationDate);
    if (input.repairedOn !== undefined) toDayNumber(input.repairedOn);

    const warnings: Issue[] = [];
    const rules = rulesOn(decisionDate);
    if (!rules) {
      // Before any rulebook coverage: nothing can be assessed.
      warnings.push(makeIssue('REPAIR_NO_RULE_SET', { platform: '信用中国 / Credit China', date: decisionDate }, { severity: 'warning' }));
      return {
        tier: input.tier ?? 'general',
        tierBasis: input.tier ? 'authority' : 'derived',
        published: false,
        platforms: [],
        ruleSetIds: [],
        basisDate: decisionDate,
        basis: 'decisionDate',
        repairable: false,
        unpublishedReason: 'noRuleSet',
        platformWindows: [],
        citations: [],
        warnings,
      };
    }
    if (publicationDate !== undefined && publicationDate < decisionDate) {
      warnings.push(makeIssue('REPAIR_PUBLICATION_BEFORE_DECISION', { publicationDate, decisionDate }, { severity: 'warning' }));
      publicationDate = decisionDate;
    }

    // Sector and GSXT applicability.
    let sectorId = input.sector;
    let sectorMr = false;
    if (sectorId !== undefined) {
      const s = rules.sectors.get(sectorId);
      if (!s) {
        warnings.push(makeIssue('REPAIR_UNKNOWN_SECTOR', { sector: sectorId, known: rules.sectorIds }, { severity: 'warning' }));
        sectorId = undefined;
      } else sectorMr = s.marketRegulation;
    }
    const onGsxt = input.marketRegulation ?? sectorMr;

    // Tier: authority's choice, else the heaviest kind (so several kinds → the longest period).
    const tt = rules.tiers;
    let tier: PublicityTier;
    let tierBasis: 'authority' | 'derived';
    const hasFine = kinds.includes('fine');
    if (hasFine && fine === undefined) warnings.push(makeIssue('REPAIR_FINE_AMOUNT_MISSING', {}, { severity: 'warning' }));
    if (input.tier !== undefined) {
      tier = input.tier;
      tierBasis = 'authority';
    } else {
      tierBasis = 'derived';
      if (procedure === 'simple') tier = tt.simpleProcedure;
      else {
        let rank = 0;
        for (const k of kinds) rank = Math.max(rank, TIER_RANK[tt.kinds[k] ?? 'general']);
        tier = PUBLICITY_TIERS[rank]!;
        if (hasFine && fine !== undefined && tt.largeFine) {
          const limit = partyType === 'person' ? tt.largeFine.personFen : tt.largeFine.organisationFen;
          if (fine >= limit && TIER_RANK[tt.largeFine.tier] > TIER_RANK[tier]) tier = tt.largeFine.tier;
        }
      }
    }
    if (input.seriousList && TIER_RANK[tt.seriousList] > TIER_RANK[tier]) {
      if (tierBasis === 'authority') warnings.push(makeIssue('REPAIR_TIER_RAISED_BY_SERIOUS_LIST', { given: tier, tier: tt.seriousList }, { severity: 'warning' }));
      tier = tt.seriousList;
    }

    const windows: PlatformPublicity[] = [];
    const assess = (series: 'creditChina' | 'gsxt'): void => {
      // Which date selects the rule set: the one the rule set counts from. Series values share a basis.
      const usesPublication = series === 'gsxt' ? gsxtByPublication : ccByPublication;
      let basisDate = decisionDate;
      let basisAssumed = false;
      let assumed: { date: string; how: string; howZh: string } | undefined;
      if (usesPublication) {
        if (publicationDate !== undefined) basisDate = publicationDate;
        else if (procedure === 'ordinary') {
          const a = assumePublication(decisionDate, rules);
          basisDate = a.date;
          basisAssumed = true;
          assumed = a;
        }
      }
      const crs = ruleSetOn(series, basisDate);
      if (!crs) {
        warnings.push(
          makeIssue('REPAIR_NO_RULE_SET', { platform: series === 'gsxt' ? '国家企业信用信息公示系统 / GSXT' : '信用中国 / Credit China', date: basisDate }, { severity: 'warning' }),
        );
        return;
      }
      const rs = crs.rs;
      if (rs.basis === 'decisionDate') {
        basisDate = decisionDate;
        basisAssumed = false;
      }
      const w: { -readonly [K in keyof PlatformPublicity]: PlatformPublicity[K] } = {
        series,
        ruleSetIds: rs.ids,
        ruleSetName: rs.nameZh,
        ruleSetFrom: crs.from,
        platforms: rs.platforms,
        basis: rs.basis,
        basisDate,
        basisAssumed,
        published: false,
        repairable: false,
        nonRepairableKinds: [],
        citations: crs.citations,
      };
      if (crs.to !== undefined) w.ruleSetTo = crs.to;
      windows.push(w);
      if (procedure === 'simple' && rs.unpublished.simpleProcedure) {
        w.unpublishedReason = 'simpleProcedure';
        return;
      }
      if (kinds.every((k) => crs.onlyKinds.has(k))) {
        w.unpublishedReason = 'onlyExemptKinds';
        return;
      }
      let minimum: Period | null;
      let maximum: Period;
      let extraMin: Period | null | undefined; // serious-list periods, combined by the later date
      let extraMax: Period | undefined;
      let light = false;
      if (crs.lightKinds && !input.seriousList) {
        const lp = rs.lightPenalty!;
        let lowFine: boolean | undefined;
        light = kinds.every((k) => {
          if (crs.lightKinds!.has(k)) return true;
          if (k !== 'fine' || !lp.lowFine) return false;
          if (lowFine === undefined) {
            lowFine = false;
            if (fine !== undefined) {
              const th = lowFineOn(basisDate);
              if (!th) warnings.push(makeIssue('REPAIR_LOW_FINE_THRESHOLD_MISSING', { date: basisDate }, { severity: 'warning' }));
              else {
                const limit = partyType === 'person' ? th.value.personFen : th.value.organisationFen;
                lowFine = th.value.inclusive ? fine <= limit : fine < limit;
              }
            }
          }
          return lowFine;
        });
      }
      if (light) {
        w.category = 'lightPenalty';
        minimum = null;
        maximum = rs.lightPenalty!.maximum as Period;
        w.nonRepairableReason = 'lightPenalty';
      } else {
        const rule = rs.tiers[tier];
        const sl = input.seriousList ? rs.seriousList : undefined;
        if (!rule.published && !(sl && sl.published)) {
          w.unpublishedReason = 'minorTier';
          return;
        }
        w.category = sl && sl.published && !rule.published ? 'seriousList' : 'tier';
        if (rule.published) {
          minimum = rule.minimum as Period | null;
          maximum = rule.maximum as Period;
          if (sl && sl.published) {
            extraMin = sl.minimum as Period | null;
            extraMax = sl.maximum as Period;
          }
        } else {
          minimum = sl!.minimum as Period | null;
          maximum = sl!.maximum as Period;
        }
      }
      w.published = true;
      // Only a published window depends on the assumed publication date.
      if (basisAssumed && assumed) warnings.push(makeIssue('REPAIR_PUBLICATION_DATE_ASSUMED', { assumed: assumed.date, how: assumed.how, howZh: assumed.howZh }, { severity: 'warning' }));
      w.maximumPeriod = maximum;
      let maxEnd = addPeriod(basisDate, maximum);
      if (extraMax) {
        const e = addPeriod(basisDate, extraMax);
        if (e > maxEnd) {
          maxEnd = e;
          w.maximumPeriod = extraMax;
          w.category = 'seriousList';
        }
      }
      w.maximumPeriodEnd = maxEnd;
      w.automaticEnd = rules.nextDay ? nextDay(maxEnd) : maxEnd;
      if (!light) {
        const heavy = kinds.filter((k) => crs.noEarly.has(k));
        if (heavy.length) {
          w.nonRepairableKinds = [...new Set(heavy)];
          w.nonRepairableReason = 'heavyPenalty';
          minimum = null;
        }
        if (extraMin === null) minimum = null;
      }
      if (minimum !== null) {
        let minEnd = addPeriod(basisDate, minimum);
        w.minimumPeriod = minimum;
        if (extraMin) {
          const e = addPeriod(basisDate, extraMin);
          if (e > minEnd) {
            minEnd = e;
            w.minimumPeriod = extraMin;
          }
        }
        if (sectorId !== undefined) {
          const sm = crs.sectorMin.get(sectorId);
          if (sm) {
            const e = addPeriod(basisDate, sm);
            if (e > minEnd) {
              minEnd = e;
              w.minimumPeriod = sm;
              w.sectorApplied = sectorId;
            }
          }
        }
        if (minEnd > maxEnd) minEnd = maxEnd; // a minimum can never outlast the publication itself
        w.minimumPeriodEnd = minEnd;
        w.earliestRepairDate = rules.nextDay ? nextDay(minEnd) : minEnd;
        w.repairable = true;
      }
    };
    assess('creditChina');
    if (onGsxt) assess('gsxt');

    // Combine: the record is gone only when it is gone from every platform. A platform where the
    // penalty cannot be repaired early (it expires, or is heavy) leaves it there until its own end.
    const platforms: string[] = [];
    const ruleSetIds: string[] = [];
    const citations: PublicityCitation[] = [];
    const seen = new Set<string>();
    const repairedOn = input.repairedOn;
    let published = false;
    let anyRepairable = false;
    let minEnd: string | undefined;
    let earliest: string | undefined;
    let clear: string | undefined;
    let maxEnd: string | undefined;
    let autoEnd: string | undefined;
    let stops: string | undefined;
    let basisDate = decisionDate;
    let basis: 'decisionDate' | 'publicationDate' = 'decisionDate';
    let blocked: PlatformPublicity | undefined;
    for (const w of windows) {
      for (const id of w.ruleSetIds) if (!ruleSetIds.includes(id)) ruleSetIds.push(id);
      pushCitations(citations, seen, w.citations);
      if (!w.published) continue;
      published = true;
      for (const p of w.platforms) if (!platforms.includes(p)) platforms.push(p);
      const auto = w.automaticEnd!;
      let exit = auto;
      if (w.repairable) {
        anyRepairable = true;
        minEnd = maxDate(minEnd, w.minimumPeriodEnd);
        earliest = maxDate(earliest, w.earliestRepairDate);
        clear = maxDate(clear, w.earliestRepairDate);
        if (repairedOn !== undefined) {
          const e = repairedOn > w.earliestRepairDate! ? repairedOn : w.earliestRepairDate!;
          if (e < auto) exit = e;
        }
      } else {
        clear = maxDate(clear, auto);
        if (blocked === undefined || auto > blocked.automaticEnd!) blocked = w;
      }
      stops = maxDate(stops, exit);
      maxEnd = maxDate(maxEnd, w.maximumPeriodEnd);
      if (autoEnd === undefined || auto > autoEnd) {
        autoEnd = auto;
        basisDate = w.basisDate;
        basis = w.basis;
      }
    }
    pushCitations(citations, seen, tt.citations);
    const out: PublicityWindow = {
      tier,
      tierBasis,
      published,
      platforms,
      ruleSetIds,
      basisDate,
      basis,
      repairable: anyRepairable,
      platformWindows: windows,
      citations,
      warnings,
    };
    if (!published) {
      out.unpublishedReason = windows.find((w) => w.unpublishedReason)?.unpublishedReason ?? 'noRuleSet';
      return out;
    }
    if (minEnd !== undefined) out.minimumPeriodEnd = minEnd;
    if (earliest !== undefined) out.earliestRepairDate = earliest;
    out.earliestClearDate = clear!;
    out.maximumPeriodEnd = maxEnd!;
    out.automaticEnd = autoEnd!;
    if (repairedOn !== undefined && repairedOn < autoEnd!) {
      if (earliest !== undefined && repairedOn < earliest) {
        warnings.push(makeIssue('REPAIR_REPAIRED_BEFORE_ELIGIBLE', { repairedOn, earliest }, { severity: 'warning' }));
      }
      if (blocked !== undefined && repairedOn < blocked.automaticEnd!) {
        const reason =
          blocked.nonRepairableReason === 'lightPenalty'
            ? `${blocked.platforms.join('/')}: expires, no early repair / 公示期满自动停止`
            : `${blocked.platforms.join('/')}: heavy penalty / 较重处罚 ${blocked.nonRepairableKinds.join(', ')}`;
        warnings.push(makeIssue('REPAIR_NOT_REPAIRABLE', { repairedOn, reason }, { severity: 'warning' }));
      }
    }
    out.stopsCountingOn = stops!;
    return out;
  };
}

const calculators = new WeakMap<Rulebook, (input: PublicityInput) => PublicityWindow>();

/**
 * The publicity window of one decision (convenience wrapper; the calculator is cached per rulebook).
 * See {@link PublicityWindow.stopsCountingOn} for how the grade end date is derived.
 *
 * @example
 * ```ts
 * const w = publicityWindow({ decisionDate: '2026-05-20', penaltyKinds: ['licenceRevocation'], procedure: 'ordinary' }, defaultRulebook());
 * w.tier;               // 'serious'
 * w.earliestRepairDate; // '2027-05-21' (Order 36: 1 year)
 * ```
 */
export function publicityWindow(input: PublicityInput, rulebook: Rulebook): PublicityWindow {
  let calc = calculators.get(rulebook);
  if (!calc) {
    calc = createPublicityCalculator(rulebook);
    calculators.set(rulebook, calc);
  }
  return calc(input);
}
