/**
 * 公示期限 (publicity periods) of administrative-penalty information and the dates that follow from
 * them: minimum period end, earliest repair date (最早可申请信用修复日), automatic end of publication
 * and the first day the record stops counting in the credit grade. One implementation, shared by
 * the 两书同达 notices and by grading (plan 三(一)2).
 */
import { z } from 'zod';
import { fail, makeIssue, type Issue } from '../_lib/issues/index.js';
import { addPeriod, defaultHolidayCalendar, fromDayNumber, isCalendarDate, toDayNumber, type Period } from '../calendar/index.js';
// Internals of the calendar for day-number arithmetic in the hot path (no strings, no exceptions).
import { MAX_DAY_NUMBER, MIN_DAY_NUMBER, dayNumberFromParts, daysInMonth, weekdayOfDayNumber } from '../calendar/date.js';
import { DAY_MAKEUP_WORK, DAY_UNCOVERED, DAY_WORK } from '../calendar/holidays.js';
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

/** The field definitions of {@link publicityInputSchema}, shared with the penalty-decision schema (area-internal). */
export const publicityInputFields = {
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
};

/**
 * zod schema of {@link PublicityInput} (the publicity-relevant facts of one penalty decision).
 *
 * @example
 * ```ts
 * const input = publicityInputSchema.parse({ decisionDate: '2025-03-10', penaltyKinds: ['fine'], fineAmountFen: 2_000_000, procedure: 'ordinary' });
 * ```
 */
export const publicityInputSchema = z
  .strictObject(publicityInputFields)
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
/**
 * One bit per penalty kind: the kind tests of a rule set become mask operations. A prototype-less
 * object rather than a Map: a property lookup by kind name is the cheaper of the two in V8.
 */
const KIND_BIT: Readonly<Record<string, number | undefined>> = Object.assign(Object.create(null) as Record<string, number>, Object.fromEntries(PENALTY_KINDS.map((k, i) => [k, 1 << i])));
const FINE_BIT = KIND_BIT['fine']!;
const WARNING_BIT = KIND_BIT['warning']!;
const CONFISCATION_BIT = KIND_BIT['confiscation']!;
const maskOf = (kinds: readonly string[]): number => kinds.reduce((m, k) => m | KIND_BIT[k]!, 0);
/**
 * `KIND_BIT[kind]`, the common kinds found by comparison first (cheaper than a keyed lookup, whose
 * key differs from call to call). Anything else is looked up as before.
 */
function kindBit(kind: string): number | undefined {
  switch (kind) {
    case 'fine':
      return FINE_BIT;
    case 'warning':
      return WARNING_BIT;
    case 'confiscation':
      return CONFISCATION_BIT;
    default:
      return KIND_BIT[kind];
  }
}
const NO_WARNINGS: readonly Issue[] = Object.freeze([]);
const NO_KINDS: readonly PenaltyKind[] = Object.freeze([]);
const NO_STRINGS: readonly string[] = Object.freeze([]);
const NO_CITATIONS: readonly PublicityCitation[] = Object.freeze([]);
/** "No such day" in the day-number combination below (the identity of `max`). */
const NONE = -Infinity;

/**
 * The counting facts of a publicity window as day numbers (days since 1970-01-01, see
 * `toDayNumber`): what grading needs, without the strings, platform windows and citations of the
 * full {@link PublicityWindow}. Computed by the same core as the full window (the fields equal
 * `toDayNumber` of the full window's dates, `undefined` where those are undefined).
 *
 * @example
 * ```ts
 * const c: CountingWindow = createPublicityCalculator(rb).countingWindow(input);
 * const counts = c.stopsCountingOnDay !== undefined && toDayNumber(asOf) < c.stopsCountingOnDay;
 * ```
 */
export interface CountingWindow {
  readonly tier: PublicityTier;
  readonly published: boolean;
  readonly repairable: boolean;
  /** {@link PublicityWindow.stopsCountingOn} as a day number. */
  readonly stopsCountingOnDay: number | undefined;
  /** {@link PublicityWindow.earliestRepairDate} as a day number. */
  readonly earliestRepairDay: number | undefined;
  /** {@link PublicityWindow.earliestClearDate} as a day number. */
  readonly earliestClearDay: number | undefined;
  /** {@link PublicityWindow.automaticEnd} as a day number. */
  readonly automaticEndDay: number | undefined;
  /** The same warnings as the full window (frozen issues, possibly shared between calls). */
  readonly warnings: readonly Issue[];
}

/**
 * A publicity calculator: call it for the full {@link PublicityWindow}, or use `countingWindow`
 * for the day numbers grading needs (same core computation, no strings or citations built).
 *
 * @example
 * ```ts
 * const publicity: PublicityCalculator = createPublicityCalculator(defaultRulebook());
 * publicity(input).stopsCountingOn;             // '2028-03-11'
 * publicity.countingWindow(input).stopsCountingOnDay; // toDayNumber('2028-03-11')
 * ```
 */
export interface PublicityCalculator {
  (input: PublicityInput): PublicityWindow;
  /**
   * The counting facts of `input`'s window. `repairedOn` replaces `input.repairedOn` when given:
   * a date, or `null` for "no repair" (lets a caller pass a record it does not own, such as a
   * credit event, without copying it).
   */
  countingWindow(input: PublicityInput, repairedOn?: string | null): CountingWindow;
}

/** A rule-set period compiled for day arithmetic: `n` days, or `n` months (years × 12). */
interface Span {
  readonly period: Period;
  readonly months: boolean;
  /** NaN for a malformed period: `addPeriod` then reports it. */
  readonly n: number;
  /** For a month span: the ends already computed, shared by every span of the same `n`. */
  readonly table: MonthTable | null;
}

/**
 * Ends of "day + n months" by start day, filled as they are first computed: month arithmetic is a
 * pure function of the day, and a district's decisions fall on a few thousand days. `ends[i]` is
 * the end for day `MONTH_TABLE_FIRST + i`, or `MONTH_TABLE_UNSET`.
 */
interface MonthTable {
  ends: Int32Array | null;
}
const MONTH_TABLE_FIRST = 10957; // 2000-01-01
const MONTH_TABLE_DAYS = 21915; // to 2059-12-31
const MONTH_TABLE_UNSET = -0x80000000;
/** One table per month count, shared by all calculators (bounded: counts come from rulebooks). */
const monthTables = new Map<number, MonthTable>();

function compileSpan(p: Period): Span {
  const q = p as { days?: unknown; months?: unknown; years?: unknown };
  let keys = 0;
  let months = false;
  let n = NaN;
  if (q.days !== undefined) {
    keys++;
    n = q.days as number;
  }
  if (q.months !== undefined) {
    keys++;
    months = true;
    n = q.months as number;
  }
  if (q.years !== undefined) {
    keys++;
    months = true;
    n = Number.isSafeInteger(q.years) ? (q.years as number) * 12 : NaN;
  }
  if (keys !== 1 || !Number.isSafeInteger(n)) n = NaN;
  let table: MonthTable | null = null;
  if (months && n === n) {
    table = monthTables.get(n) ?? null;
    if (table === null && monthTables.size < 64) {
      table = { ends: null };
      monthTables.set(n, table);
    }
  }
  return { period: p, months, n, table };
}

interface TierRule {
  readonly published: boolean;
  readonly minimum: Span | null;
  readonly maximum: Span;
}

interface CompiledRuleSet {
  /** Position in the calculator's list (keys the shared citation/platform arrays). */
  readonly seq: number;
  readonly rs: PublicityRuleSet;
  readonly from: string;
  readonly to?: string;
  readonly fromDay: number;
  /** Last day in force; Infinity when open-ended. */
  readonly toDay: number;
  /** Kinds that alone are not published (`unpublished.onlyKinds`). */
  readonly onlyMask: number;
  /** Light-penalty kinds (`lightPenalty.kinds`); -1 when the rule set has no light penalties. */
  readonly lightMask: number;
  readonly lightMaximum?: Span;
  /** Kinds that exclude early repair. */
  readonly noEarlyMask: number;
  readonly sectorMin: ReadonlyMap<string, Span>;
  readonly tiers: Readonly<Record<string, TierRule>>;
  /** `tiers.minor`, `tiers.general`, `tiers.serious`: the three tiers without a keyed lookup. */
  readonly minorRule: TierRule;
  readonly generalRule: TierRule;
  readonly seriousRule: TierRule;
  readonly seriousList?: TierRule;
  readonly citations: readonly PublicityCitation[];
}

interface TierRules {
  readonly kinds: Readonly<Partial<Record<string, PublicityTier>>>;
  /** Rank of the heaviest kind, by kind mask (the derived tier of an ordinary decision). */
  readonly rankByMask: Int8Array;
  readonly simpleProcedure: PublicityTier;
  readonly seriousList: PublicityTier;
  readonly largeFine?: { organisationFen: number; personFen: number; tier: PublicityTier };
  readonly citations: readonly PublicityCitation[];
}

/** The non-rule-set parameters, constant between two boundaries of their dated values. */
interface DateRules {
  /** Position in the calculator's epoch list (keys the shared citation arrays). */
  readonly seq: number;
  readonly tiers: TierRules;
  readonly sectors: ReadonlyMap<string, { nameZh: string; marketRegulation: boolean }>;
  readonly sectorIds: string;
  readonly nextDay: boolean;
  readonly fallback?: { mode: 'latestLegal' | 'decisionDate'; workingDays: number };
  /** REPAIR_UNKNOWN_SECTOR warnings by sector id (their text depends only on these rules). */
  readonly unknownSector: Map<string, Issue>;
}

/** An assumed publication date (decision date + the legal working days) and its warning. */
interface Assumed {
  readonly date: string;
  readonly day: number;
  readonly warning: Issue;
}

/** One platform's assessment, as numbers (scratch: reset by every call). */
class PlatformCore {
  series: 'creditChina' | 'gsxt' = 'creditChina';
  crs: CompiledRuleSet | null = null;
  basisDate = '';
  basisDay = 0;
  basisAssumed = false;
  published = false;
  unpublishedReason: UnpublishedReason | undefined = undefined;
  category: 'tier' | 'lightPenalty' | 'seriousList' | undefined = undefined;
  light = false;
  heavy = false;
  repairable = false;
  maximumPeriod: Period | undefined = undefined;
  minimumPeriod: Period | undefined = undefined;
  sectorApplied: string | undefined = undefined;
  maxEndDay = 0;
  autoEndDay = 0;
  minEndDay = 0;
  earliestDay = 0;
}

/** Everything one call computes, as numbers (scratch: the calculator is not re-entrant). */
class Core {
  tier: PublicityTier = 'general';
  tierBasis: 'authority' | 'derived' = 'derived';
  rules: DateRules | null = null;
  /** This call's warnings: the first `warnCount` of `warnBuf` (a buffer reused between calls). */
  readonly warnBuf: Issue[] = [];
  warnCount = 0;
  readonly cc = new PlatformCore();
  readonly gsxt = new PlatformCore();
  /** The assessed windows (a rule set was found), platform order: the first `windowCount`. */
  readonly windows: PlatformCore[] = [this.cc, this.gsxt];
  windowCount = 0;
  // The input's fields, each read once (inputs are often records of many shapes: slow to read).
  kinds: readonly PenaltyKind[] = [];
  kindMask = 0;
  simple = false;
  fine: number | undefined = undefined;
  person = false;
  seriousList = false;
  decisionDate = '';
  decisionDay = 0;
  publicationDate: string | undefined = undefined;
  publicationDay = 0;
  sectorId: string | undefined = undefined;
  published = false;
  repairable = false;
  minEndDay = NONE;
  earliestDay = NONE;
  clearDay = NONE;
  maxEndDay = NONE;
  autoEndDay = NONE;
  stopsDay = NONE;
  basisDate = '';
  basis: 'decisionDate' | 'publicationDate' = 'decisionDate';
  blocked: PlatformCore | null = null;
}

function cite(s: Provenance | PublicityCitation): PublicityCitation {
  const c: { title: string; docNo?: string; article?: string; status: string } = { title: s.title, status: s.status };
  if (s.docNo !== undefined) c.docNo = s.docNo;
  if (s.article !== undefined) c.article = s.article;
  return c;
}

// Used only while compiling and for the few rule-set combinations (the results are shared).
function pushCitations(out: PublicityCitation[], seen: Set<string>, list: readonly PublicityCitation[]): void {
  for (const c of list) {
    const k = `${c.title}|${c.docNo ?? ''}|${c.article ?? ''}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(c);
    }
  }
}

function bad(field: string, reason: string): never {
  fail('REPAIR_INVALID_INPUT', { field, reason });
}

/** Throws what `fromDayNumber` throws for a day outside 0001–9999 (results stay day numbers). */
function checkDay(day: number): void {
  if (day < MIN_DAY_NUMBER || day > MAX_DAY_NUMBER) fromDayNumber(day);
}

/**
 * `addPeriod(date, s.period)` on day numbers (民法典 Arts. 201–202: month ends clamp, no chaining);
 * `date` is the valid date of `day`. Anything `addPeriod` would reject is left to it to report.
 */
function addSpan(date: string, day: number, s: Span): number {
  const n = s.n;
  if (n !== n) return toDayNumber(addPeriod(date, s.period)); // throws
  if (!s.months) {
    const end = day + n;
    if (!(end >= MIN_DAY_NUMBER && end <= MAX_DAY_NUMBER)) return toDayNumber(addPeriod(date, s.period)); // throws
    return end;
  }
  const t = s.table;
  const i = day - MONTH_TABLE_FIRST;
  if (t === null || !(i >= 0 && i < MONTH_TABLE_DAYS)) return addMonthSpan(date, s);
  const ends = (t.ends ??= new Int32Array(MONTH_TABLE_DAYS).fill(MONTH_TABLE_UNSET));
  let end = ends[i]!;
  if (end === MONTH_TABLE_UNSET) {
    end = addMonthSpan(date, s); // throws before anything is stored
    ends[i] = end;
  }
  return end;
}

/** `addPeriod(date, s.period)` for a month span, on day numbers (see {@link addSpan}). */
function addMonthSpan(date: string, s: Span): number {
  // y/m/d straight from the validated YYYY-MM-DD text.
  const y0 = (date.charCodeAt(0) - 48) * 1000 + (date.charCodeAt(1) - 48) * 100 + (date.charCodeAt(2) - 48) * 10 + (date.charCodeAt(3) - 48);
  const m0 = (date.charCodeAt(5) - 48) * 10 + (date.charCodeAt(6) - 48);
  const d0 = (date.charCodeAt(8) - 48) * 10 + (date.charCodeAt(9) - 48);
  const total = y0 * 12 + (m0 - 1) + s.n;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  const end = y < 1 || y > 9999 ? NaN : dayNumberFromParts(y, m, d0 <= 28 ? d0 : Math.min(d0, daysInMonth(y, m)));
  if (!(end >= MIN_DAY_NUMBER && end <= MAX_DAY_NUMBER)) return toDayNumber(addPeriod(date, s.period)); // throws
  return end;
}

/**
 * The n-th working day after `day` (n ≥ 1) on the default holiday calendar, as `addWorkingDays`
 * counts it, or NaN when the count reaches a day the calendar does not cover (checked on the table,
 * so the uncovered years before 2024 cost no exception).
 */
function workingDaysAfter(day: number, n: number): number {
  const cal = defaultHolidayCalendar;
  const kinds = cal.dayKinds;
  let i = day - cal.firstDay;
  let left = n;
  while (left > 0) {
    i++;
    const k = i >= 0 && i < kinds.length ? kinds[i]! : DAY_UNCOVERED;
    if (k === DAY_UNCOVERED) return NaN;
    if (k === DAY_WORK || k === DAY_MAKEUP_WORK) left--;
  }
  return i + cal.firstDay;
}

/** n Monday–Friday days after `day`: used only when the holiday calendar does not cover the year. */
function weekdaysAfter(day: number, n: number): number {
  let d = day;
  let dow = weekdayOfDayNumber(day);
  let left = n;
  while (left > 0) {
    d++;
    dow = dow === 7 ? 1 : dow + 1;
    if (dow <= 5) left--;
  }
  return d;
}

/** The last dated value whose range contains `day` (as `pickDatedValue`, on day numbers). */
function pickRuleSet(list: readonly CompiledRuleSet[], day: number): CompiledRuleSet | null {
  for (let i = list.length - 1; i >= 0; i--) {
    const v = list[i]!;
    if (v.fromDay <= day) return day <= v.toDay ? v : null;
  }
  return null;
}

/**
 * Precompiles the publicity rules of a rulebook and returns a fast calculator. Everything that does
 * not depend on the decision is prepared once: rule sets (chosen by date) with their periods and
 * citations, the other parameters per span of dates in which none of them changes, and the arrays
 * shared by all windows of a rule-set combination. Use one calculator for a whole batch.
 *
 * Returned arrays and issues are frozen and may be shared between windows.
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
 * publicity.countingWindow({ decisionDate: '2025-03-10', penaltyKinds: ['fine'], procedure: 'ordinary' }).stopsCountingOnDay; // 21254
 * ```
 */
export function createPublicityCalculator(rulebook: Rulebook): PublicityCalculator {
  return createPublicityEngine(rulebook).calculator;
}

/**
 * The counting facts of one call, read in place (area-internal, for grading's hot loop): the
 * calculator's scratch, valid until its next call. `stopsDay` and `earliestDay` are day numbers,
 * meaningful only when `published` (`earliestDay` = -Infinity when no platform allows early repair);
 * the warnings are the first `warnCount` of `warnBuf`.
 */
export interface CountingFacts {
  readonly tier: PublicityTier;
  readonly published: boolean;
  readonly repairable: boolean;
  readonly stopsDay: number;
  readonly earliestDay: number;
  readonly warnBuf: readonly Issue[];
  readonly warnCount: number;
}

/**
 * A publicity calculator together with the same core read without building a result
 * (area-internal: grading's kernel counts every penalty of a district, so it reads the facts in
 * place instead of allocating a {@link CountingWindow} for each).
 *
 * @example
 * ```ts
 * const { calculator, counting } = createPublicityEngine(defaultRulebook());
 * const input: PublicityInput = { decisionDate: '2025-03-10', penaltyKinds: ['fine'], fineAmountFen: 2_000_000, procedure: 'ordinary' };
 * const stopsDay = counting(input, null).stopsDay; // read before the next call reuses the scratch
 * stopsDay === calculator.countingWindow(input).stopsCountingOnDay; // true
 * ```
 */
export function createPublicityEngine(rulebook: Rulebook): {
  readonly calculator: PublicityCalculator;
  /** Counting facts of `input` (`repairedOn` as in {@link PublicityCalculator.countingWindow}); throws as the calculator does. */
  readonly counting: (input: PublicityInput, repairedOn: string | null) => CountingFacts;
} {
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

  // Rule sets, compiled once: periods as spans, kind sets, citations.
  let ruleSetCount = 0;
  const compileSeries = (values: readonly DatedValue<PublicityRuleSet>[]): CompiledRuleSet[] =>
    values.map((dv) => {
      const rs = dv.value;
      const sectorMin = new Map<string, Span>();
      for (const g of rs.sectorMinimum) for (const s of g.sectors) sectorMin.set(s, compileSpan(g.minimum as Period));
      const citations: PublicityCitation[] = [];
      pushCitations(citations, new Set(), [...rs.legalBasis.map(cite), cite(dv.source)]);
      const tierRule = (r: { published: boolean; minimum: unknown; maximum: unknown }): TierRule => ({
        published: r.published,
        minimum: r.minimum === null ? null : compileSpan(r.minimum as Period),
        maximum: compileSpan(r.maximum as Period),
      });
      const tiers: Record<string, TierRule> = {};
      for (const t of Object.keys(rs.tiers)) tiers[t] = tierRule(rs.tiers[t as PublicityTier]);
      const cc: { -readonly [K in keyof CompiledRuleSet]: CompiledRuleSet[K] } = {
        seq: ruleSetCount++,
        rs,
        from: dv.from,
        fromDay: toDayNumber(dv.from),
        toDay: dv.to === undefined ? Infinity : toDayNumber(dv.to),
        onlyMask: maskOf(rs.unpublished.onlyKinds),
        lightMask: rs.lightPenalty ? maskOf(rs.lightPenalty.kinds) : -1,
        noEarlyMask: maskOf(rs.noEarlyRepairKinds),
        sectorMin,
        tiers,
        minorRule: tiers['minor']!,
        generalRule: tiers['general']!,
        seriousRule: tiers['serious']!,
        citations: Object.freeze(citations),
      };
      if (dv.to !== undefined) cc.to = dv.to;
      if (rs.lightPenalty) cc.lightMaximum = compileSpan(rs.lightPenalty.maximum as Period);
      if (rs.seriousList) cc.seriousList = tierRule(rs.seriousList);
      return cc;
    });
  const ccSets = compileSeries(ccValues);
  const gsxtSets = compileSeries(gsxtValues);

  // The other parameters change only at their values' boundaries: one DateRules per span between
  // consecutive boundaries (found by a binary search), instead of one per decision date.
  const boundaries = new Set<number>();
  for (const list of [tierValues, contestedValues, largeFineValues, sectorValues, reachedValues, fallbackValues] as DatedValue<unknown>[][]) {
    for (const v of list) {
      boundaries.add(toDayNumber(v.from));
      if (v.to !== undefined && toDayNumber(v.to) < MAX_DAY_NUMBER) boundaries.add(toDayNumber(v.to) + 1);
    }
  }
  const epochStarts = Int32Array.from([...boundaries].sort((a, b) => a - b));
  const epochRules: (DateRules | null)[] = [];
  for (const start of epochStarts) {
    const date = fromDayNumber(start);
    const t = pickDatedValue(tierValues, date);
    const c = pickDatedValue(contestedValues, date);
    const lf = pickDatedValue(largeFineValues, date);
    const sec = pickDatedValue(sectorValues, date);
    const reached = pickDatedValue(reachedValues, date);
    const fb = pickDatedValue(fallbackValues, date);
    if (!t || !c || !sec || !reached) {
      epochRules.push(null);
      continue;
    }
    const citations: PublicityCitation[] = [];
    const seen = new Set<string>();
    pushCitations(citations, seen, [cite(t.source), cite(c.source)]);
    if (lf) pushCitations(citations, seen, [cite(lf.source)]);
    const kinds: Partial<Record<string, PublicityTier>> = { ...t.value.kinds, ...c.value };
    // rankByMask[m] = the heaviest tier rank among the kinds of mask m (unlisted kinds are 一般).
    const rankByMask = new Int8Array(1 << PENALTY_KINDS.length);
    for (let m = 1; m < rankByMask.length; m++) {
      const low = 31 - Math.clz32(m & -m);
      rankByMask[m] = Math.max(rankByMask[m & (m - 1)]!, TIER_RANK[kinds[PENALTY_KINDS[low]!] ?? 'general']);
    }
    const tiers: { -readonly [K in keyof TierRules]: TierRules[K] } = {
      kinds,
      rankByMask,
      simpleProcedure: t.value.simpleProcedure,
      seriousList: t.value.seriousList,
      citations: Object.freeze(citations),
    };
    if (lf) tiers.largeFine = lf.value;
    const dr: { -readonly [K in keyof DateRules]: DateRules[K] } = {
      seq: epochRules.length,
      tiers,
      sectors: new Map(sec.value.map((s) => [s.id, { nameZh: s.nameZh, marketRegulation: s.marketRegulation }])),
      sectorIds: sec.value.map((s) => s.id).join(', '),
      nextDay: reached.value === 'nextDay',
      unknownSector: new Map(),
    };
    if (fb) dr.fallback = fb.value;
    epochRules.push(dr);
  }
  const rulesOn = (day: number): DateRules | null => {
    let lo = 0;
    let hi = epochStarts.length - 1;
    if (hi < 0 || day < epochStarts[0]!) return null;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (epochStarts[mid]! <= day) lo = mid;
      else hi = mid - 1;
    }
    return epochRules[lo]!;
  };

  const lowFineSeries = lowFineValues.map((v) => ({ fromDay: toDayNumber(v.from), toDay: v.to === undefined ? Infinity : toDayNumber(v.to), value: v.value }));
  const lowFineOn = (day: number) => {
    for (let i = lowFineSeries.length - 1; i >= 0; i--) {
      const v = lowFineSeries[i]!;
      if (v.fromDay <= day) return day <= v.toDay ? v.value : undefined;
    }
    return undefined;
  };

  // Assumed publication dates depend only on the decision day (and the rules in force on it).
  // Days of the month-table range by index (most decisions), other days in a map.
  let assumedDense: (Assumed | undefined)[] | null = null;
  const assumedByDay = new Map<number, Assumed>();
  const assumePublication = (decisionDate: string, decisionDay: number, rules: DateRules): Assumed => {
    const i = decisionDay - MONTH_TABLE_FIRST;
    const dense = i >= 0 && i < MONTH_TABLE_DAYS;
    let a = dense ? (assumedDense ??= new Array<Assumed | undefined>(MONTH_TABLE_DAYS).fill(undefined))[i] : assumedByDay.get(decisionDay);
    if (a === undefined) {
      const fb = rules.fallback;
      let day: number;
      let how: string;
      let howZh: string;
      if (!fb || fb.mode === 'decisionDate' || fb.workingDays === 0) {
        day = decisionDay;
        how = 'the decision date';
        howZh = '处罚决定日期';
      } else {
        day = workingDaysAfter(decisionDay, fb.workingDays);
        if (day === day) {
          how = `the latest legal date, ${fb.workingDays} working days after the decision`;
          howZh = `最迟公示日，即决定之日起${fb.workingDays}个工作日`;
        } else {
          day = weekdaysAfter(decisionDay, fb.workingDays);
          checkDay(day);
          how = `${fb.workingDays} weekdays after the decision (holiday calendar does not cover the year)`;
          howZh = `决定之日起${fb.workingDays}个周一至周五（节假日日历未覆盖该年度）`;
        }
      }
      const date = day === decisionDay ? decisionDate : fromDayNumber(day);
      a = { date, day, warning: makeIssue('REPAIR_PUBLICATION_DATE_ASSUMED', { assumed: date, how, howZh }, { severity: 'warning' }) };
      if (dense) assumedDense![i] = a;
      else assumedByDay.set(decisionDay, a);
    }
    return a;
  };

  let fineMissing: Issue | undefined;
  // REPAIR_REPAIRED_BEFORE_ELIGIBLE by (repair day, earliest day): common in batches (a repair
  // recorded early), and rendering its templates costs more than the rest of the window. One map
  // with one small-integer key (repair day × 2^12 + days to the earliest day) where the pair fits,
  // one lookup instead of two; other pairs are rendered each time (rare).
  let earlyRepairs = new Map<number, Issue>();
  const earlyRepairWarning = (repairedOn: string, repairedDay: number, earliestDay: number): Issue => {
    const gap = earliestDay - repairedDay;
    const cacheable = repairedDay >= 0 && repairedDay < 0x40000 && gap > 0 && gap < 0x1000;
    const key = repairedDay * 0x1000 + gap;
    let w = cacheable ? earlyRepairs.get(key) : undefined;
    if (w === undefined) {
      w = makeIssue('REPAIR_REPAIRED_BEFORE_ELIGIBLE', { repairedOn, earliest: fromDayNumber(earliestDay) }, { severity: 'warning' });
      if (cacheable) {
        if (earlyRepairs.size >= 100_000) earlyRepairs = new Map(); // bounded memory for endless streams
        earlyRepairs.set(key, w);
      }
    }
    return w;
  };
  // REPAIR_NO_RULE_SET by (date, platform series): its text depends on nothing else.
  let noRuleSet = new Map<number, Issue>();
  const noRuleSetWarning = (series: 'creditChina' | 'gsxt', date: string, day: number): Issue => {
    const key = day * 2 + (series === 'gsxt' ? 1 : 0);
    let w = noRuleSet.get(key);
    if (w === undefined) {
      w = makeIssue('REPAIR_NO_RULE_SET', { platform: series === 'gsxt' ? '国家企业信用信息公示系统 / GSXT' : '信用中国 / Credit China', date }, { severity: 'warning' });
      if (noRuleSet.size >= 100_000) noRuleSet = new Map(); // bounded memory for endless streams
      noRuleSet.set(key, w);
    }
    return w;
  };
  const core = new Core();
  const warn = (issue: Issue): void => {
    core.warnBuf[core.warnCount++] = issue;
  };

  /** One platform's assessment (the rule set chosen by the date it counts from), from `core`. */
  const assess = (pc: PlatformCore, series: 'creditChina' | 'gsxt'): void => {
    const c = core;
    const rules = c.rules!;
    const kindMask = c.kindMask;
    pc.series = series;
    pc.crs = null;
    pc.published = false;
    pc.unpublishedReason = undefined;
    pc.category = undefined;
    pc.light = false;
    pc.heavy = false;
    pc.repairable = false;
    pc.maximumPeriod = undefined;
    pc.minimumPeriod = undefined;
    pc.sectorApplied = undefined;
    // Which date selects the rule set: the one the rule set counts from. Series values share a basis.
    const usesPublication = series === 'gsxt' ? gsxtByPublication : ccByPublication;
    let basisDate = c.decisionDate;
    let basisDay = c.decisionDay;
    let assumed: Assumed | undefined;
    if (usesPublication) {
      if (c.publicationDate !== undefined) {
        basisDate = c.publicationDate;
        basisDay = c.publicationDay;
      } else if (!c.simple) {
        assumed = assumePublication(c.decisionDate, c.decisionDay, rules);
        basisDate = assumed.date;
        basisDay = assumed.day;
      }
    }
    const crs = pickRuleSet(series === 'gsxt' ? gsxtSets : ccSets, basisDay);
    if (!crs) {
      warn(noRuleSetWarning(series, basisDate, basisDay));
      return;
    }
    const rs = crs.rs;
    if (rs.basis === 'decisionDate') {
      basisDate = c.decisionDate;
      basisDay = c.decisionDay;
      assumed = undefined;
    }
    pc.crs = crs;
    pc.basisDate = basisDate;
    pc.basisDay = basisDay;
    pc.basisAssumed = assumed !== undefined;
    c.windows[c.windowCount++] = pc;
    if (c.simple && rs.unpublished.simpleProcedure) {
      pc.unpublishedReason = 'simpleProcedure';
      return;
    }
    if ((kindMask & ~crs.onlyMask) === 0) {
      pc.unpublishedReason = 'onlyExemptKinds';
      return;
    }
    let minimum: Span | null;
    let maximum: Span;
    let extraMin: Span | null | undefined; // serious-list periods, combined by the later date
    let extraMax: Span | undefined;
    let light = false;
    if (crs.lightMask !== -1 && !c.seriousList) {
      // Light when every kind is light, or a 较低数额罚款 where the rule set allows it (SAMR Order 45 Art. 13).
      const rest = kindMask & ~crs.lightMask;
      if (rest === 0) light = true;
      else if ((rest & FINE_BIT) !== 0 && rs.lightPenalty!.lowFine) {
        let lowFine = false;
        const fine = c.fine;
        if (fine !== undefined) {
          const th = lowFineOn(basisDay);
          // Without a threshold the fine is not low; warn when the kinds, read in order, reach the fine.
          if (!th) {
            if (fineBeforeOtherKinds(c.kinds, crs.lightMask)) warn(makeIssue('REPAIR_LOW_FINE_THRESHOLD_MISSING', { date: basisDate }, { severity: 'warning' }));
          } else {
            const limit = c.person ? th.personFen : th.organisationFen;
            lowFine = th.inclusive ? fine <= limit : fine < limit;
          }
        }
        light = lowFine && rest === FINE_BIT;
      }
    }
    if (light) {
      pc.light = true;
      pc.category = 'lightPenalty';
      minimum = null;
      maximum = crs.lightMaximum!;
    } else {
      const t = c.tier;
      const rule = t === 'general' ? crs.generalRule : t === 'serious' ? crs.seriousRule : t === 'minor' ? crs.minorRule : crs.tiers[t]!;
      const sl = c.seriousList ? crs.seriousList : undefined;
      if (!rule.published && !(sl && sl.published)) {
        pc.unpublishedReason = 'minorTier';
        return;
      }
      pc.category = sl && sl.published && !rule.published ? 'seriousList' : 'tier';
      if (rule.published) {
        minimum = rule.minimum;
        maximum = rule.maximum;
        if (sl && sl.published) {
          extraMin = sl.minimum;
          extraMax = sl.maximum;
        }
      } else {
        minimum = sl!.minimum;
        maximum = sl!.maximum;
      }
    }
    pc.published = true;
    // Only a published window depends on the assumed publication date.
    if (pc.basisAssumed) warn(assumed!.warning);
    pc.maximumPeriod = maximum.period;
    let maxEnd = addSpan(basisDate, basisDay, maximum);
    if (extraMax) {
      const e = addSpan(basisDate, basisDay, extraMax);
      if (e > maxEnd) {
        maxEnd = e;
        pc.maximumPeriod = extraMax.period;
        pc.category = 'seriousList';
      }
    }
    pc.maxEndDay = maxEnd;
    pc.autoEndDay = rules.nextDay ? maxEnd + 1 : maxEnd;
    checkDay(pc.autoEndDay);
    if (!light) {
      if ((kindMask & crs.noEarlyMask) !== 0) {
        pc.heavy = true;
        minimum = null;
      }
      if (extraMin === null) minimum = null;
    }
    if (minimum !== null) {
      let minEnd = addSpan(basisDate, basisDay, minimum);
      pc.minimumPeriod = minimum.period;
      if (extraMin) {
        const e = addSpan(basisDate, basisDay, extraMin);
        if (e > minEnd) {
          minEnd = e;
          pc.minimumPeriod = extraMin.period;
        }
      }
      const sectorId = c.sectorId;
      if (sectorId !== undefined) {
        const sm = crs.sectorMin.get(sectorId);
        if (sm) {
          const e = addSpan(basisDate, basisDay, sm);
          if (e > minEnd) {
            minEnd = e;
            pc.minimumPeriod = sm.period;
            pc.sectorApplied = sectorId;
          }
        }
      }
      if (minEnd > maxEnd) minEnd = maxEnd; // a minimum can never outlast the publication itself
      pc.minEndDay = minEnd;
      pc.earliestDay = rules.nextDay ? minEnd + 1 : minEnd;
      checkDay(pc.earliestDay);
      pc.repairable = true;
    }
  };

  /**
   * The core: validates `input` and fills `core` (numbers and rule references only). Both the full
   * window and the counting window are read from it. `repairedOnArg === undefined` → `input.repairedOn`.
   */
  const run = (input: PublicityInput, repairedOnArg: string | null | undefined): void => {
    const c = core;
    if (typeof input !== 'object' || input === null) bad('input', 'expected an object');
    const decisionDate = input.decisionDate;
    const decisionDay = toDayNumber(decisionDate); // throws INVALID_CALENDAR_DATE
    const kinds = input.penaltyKinds;
    if (!Array.isArray(kinds) || kinds.length === 0) bad('penaltyKinds', 'at least one penalty kind is required');
    let kindMask = 0;
    for (let i = 0; i < kinds.length; i++) {
      const k = kinds[i];
      const bit = typeof k === 'string' ? kindBit(k) : undefined;
      if (bit === undefined) fail('REPAIR_UNKNOWN_PENALTY_KIND', { kind: String(k), allowed: PENALTY_KINDS.join(', ') });
      kindMask |= bit;
    }
    const procedure = input.procedure;
    if (procedure !== 'simple' && procedure !== 'ordinary') bad('procedure', `expected "simple" or "ordinary", got ${String(procedure)}`);
    const fine = input.fineAmountFen;
    if (fine !== undefined && (!Number.isSafeInteger(fine) || fine < 0)) bad('fineAmountFen', `expected a non-negative integer (fen), got ${String(fine)}`);
    const givenTier = input.tier;
    if (givenTier !== undefined && !(givenTier in TIER_RANK)) bad('tier', `expected minor, general or serious, got ${String(givenTier)}`);
    const partyType = input.partyType ?? 'organisation';
    if (partyType !== 'organisation' && partyType !== 'person') bad('partyType', `expected organisation or person, got ${String(partyType)}`);
    let publicationDate = input.publicationDate;
    let publicationDay = publicationDate !== undefined ? toDayNumber(publicationDate) : 0;
    const repairedOn = repairedOnArg === undefined ? input.repairedOn : repairedOnArg === null ? undefined : repairedOnArg;
    const repairedDay = repairedOn !== undefined ? toDayNumber(repairedOn) : 0;
    const sector = input.sector;
    const marketRegulation = input.marketRegulation;
    const seriousList = !!input.seriousList;

    c.warnCount = 0;
    c.windowCount = 0;
    c.published = false;
    c.repairable = false;
    c.minEndDay = NONE;
    c.earliestDay = NONE;
    c.clearDay = NONE;
    c.maxEndDay = NONE;
    c.autoEndDay = NONE;
    c.stopsDay = NONE;
    c.basisDate = decisionDate;
    c.basis = 'decisionDate';
    c.blocked = null;
    c.kinds = kinds;
    c.kindMask = kindMask;
    c.simple = procedure === 'simple';
    c.fine = fine;
    c.person = partyType === 'person';
    c.seriousList = seriousList;
    c.decisionDate = decisionDate;
    c.decisionDay = decisionDay;
    const rules = rulesOn(decisionDay);
    c.rules = rules;
    if (!rules) {
      // Before any rulebook coverage: nothing can be assessed.
      warn(noRuleSetWarning('creditChina', decisionDate, decisionDay));
      c.tier = givenTier ?? 'general';
      c.tierBasis = givenTier ? 'authority' : 'derived';
      return;
    }
    if (publicationDate !== undefined && publicationDay < decisionDay) {
      warn(makeIssue('REPAIR_PUBLICATION_BEFORE_DECISION', { publicationDate, decisionDate }, { severity: 'warning' }));
      publicationDate = decisionDate;
      publicationDay = decisionDay;
    }
    c.publicationDate = publicationDate;
    c.publicationDay = publicationDay;

    // Sector and GSXT applicability.
    let sectorId = sector;
    let sectorMr = false;
    if (sectorId !== undefined) {
      const s = rules.sectors.get(sectorId);
      if (!s) {
        let w = rules.unknownSector.get(sectorId);
        if (w === undefined) {
          w = makeIssue('REPAIR_UNKNOWN_SECTOR', { sector: sectorId, known: rules.sectorIds }, { severity: 'warning' });
          rules.unknownSector.set(sectorId, w);
        }
        warn(w);
        sectorId = undefined;
      } else sectorMr = s.marketRegulation;
    }
    c.sectorId = sectorId;
    const onGsxt = marketRegulation ?? sectorMr;

    // Tier: authority's choice, else the heaviest kind (so several kinds → the longest period).
    const tt = rules.tiers;
    let tier: PublicityTier;
    const hasFine = (kindMask & FINE_BIT) !== 0;
    if (hasFine && fine === undefined) warn((fineMissing ??= makeIssue('REPAIR_FINE_AMOUNT_MISSING', {}, { severity: 'warning' })));
    if (givenTier !== undefined) {
      tier = givenTier;
      c.tierBasis = 'authority';
    } else {
      c.tierBasis = 'derived';
      if (c.simple) tier = tt.simpleProcedure;
      else {
        tier = PUBLICITY_TIERS[tt.rankByMask[kindMask]!]!;
        if (hasFine && fine !== undefined && tt.largeFine) {
          const limit = c.person ? tt.largeFine.personFen : tt.largeFine.organisationFen;
          if (fine >= limit && TIER_RANK[tt.largeFine.tier] > TIER_RANK[tier]) tier = tt.largeFine.tier;
        }
      }
    }
    if (seriousList && TIER_RANK[tt.seriousList] > TIER_RANK[tier]) {
      if (c.tierBasis === 'authority') warn(makeIssue('REPAIR_TIER_RAISED_BY_SERIOUS_LIST', { given: tier, tier: tt.seriousList }, { severity: 'warning' }));
      tier = tt.seriousList;
    }
    c.tier = tier;

    assess(c.cc, 'creditChina');
    if (onGsxt) assess(c.gsxt, 'gsxt');

    // Combine: the record is gone only when it is gone from every platform. A platform where the
    // penalty cannot be repaired early (it expires, or is heavy) leaves it there until its own end.
    let blocked: PlatformCore | null = null;
    for (let i = 0; i < c.windowCount; i++) {
      const w = c.windows[i]!;
      if (!w.published) continue;
      c.published = true;
      const auto = w.autoEndDay;
      let exit = auto;
      if (w.repairable) {
        c.repairable = true;
        if (w.minEndDay > c.minEndDay) c.minEndDay = w.minEndDay;
        if (w.earliestDay > c.earliestDay) c.earliestDay = w.earliestDay;
        if (w.earliestDay > c.clearDay) c.clearDay = w.earliestDay;
        if (repairedOn !== undefined) {
          const e = repairedDay > w.earliestDay ? repairedDay : w.earliestDay;
          if (e < auto) exit = e;
        }
      } else {
        if (auto > c.clearDay) c.clearDay = auto;
        if (blocked === null || auto > blocked.autoEndDay) blocked = w;
      }
      if (exit > c.stopsDay) c.stopsDay = exit;
      if (w.maxEndDay > c.maxEndDay) c.maxEndDay = w.maxEndDay;
      if (auto > c.autoEndDay) {
        c.autoEndDay = auto;
        c.basisDate = w.basisDate;
        c.basis = w.crs!.rs.basis;
      }
    }
    c.blocked = blocked;
    if (!c.published) return;
    if (repairedOn !== undefined && repairedDay < c.autoEndDay) {
      if (c.earliestDay !== NONE && repairedDay < c.earliestDay) {
        warn(earlyRepairWarning(repairedOn, repairedDay, c.earliestDay));
      }
      if (blocked !== null && repairedDay < blocked.autoEndDay) {
        const rs = blocked.crs!.rs;
        const reason = blocked.light
          ? `${rs.platforms.join('/')}: expires, no early repair / 公示期满自动停止`
          : `${rs.platforms.join('/')}: heavy penalty / 较重处罚 ${nonRepairableKinds(blocked, kinds).join(', ')}`;
        warn(makeIssue('REPAIR_NOT_REPAIRABLE', { repairedOn, reason }, { severity: 'warning' }));
      }
    }
  };

  // Platforms, rule-set ids and citations depend only on which rule sets were assessed and which
  // published, and on the date rules: one frozen set of arrays per combination, built on first use.
  const combos = new Map<number, { platforms: readonly string[]; ruleSetIds: readonly string[]; citations: readonly PublicityCitation[] }>();
  const comboOf = (c: Core) => {
    let key = c.rules!.seq;
    for (let i = 0; i < c.windowCount; i++) key = (key * (ruleSetCount + 1) + c.windows[i]!.crs!.seq + 1) * 2 + (c.windows[i]!.published ? 1 : 0);
    key = key * 3 + c.windowCount;
    let hit = combos.get(key);
    if (hit === undefined) {
      const platforms: string[] = [];
      const ruleSetIds: string[] = [];
      const citations: PublicityCitation[] = [];
      const seen = new Set<string>();
      for (let i = 0; i < c.windowCount; i++) {
        const w = c.windows[i]!;
        const rs = w.crs!.rs;
        for (const id of rs.ids) if (!ruleSetIds.includes(id)) ruleSetIds.push(id);
        pushCitations(citations, seen, w.crs!.citations);
        if (w.published) for (const p of rs.platforms) if (!platforms.includes(p)) platforms.push(p);
      }
      pushCitations(citations, seen, c.rules!.tiers.citations);
      hit = { platforms: Object.freeze(platforms), ruleSetIds: Object.freeze(ruleSetIds), citations: Object.freeze(citations) };
      combos.set(key, hit);
    }
    return hit;
  };

  const calculator = function publicityWindow(input: PublicityInput): PublicityWindow {
    run(input, undefined);
    const c = core;
    const warnings = c.warnCount > 0 ? c.warnBuf.slice(0, c.warnCount) : [];
    if (!c.rules) {
      return {
        tier: c.tier,
        tierBasis: c.tierBasis,
        published: false,
        platforms: NO_STRINGS,
        ruleSetIds: NO_STRINGS,
        basisDate: input.decisionDate,
        basis: 'decisionDate',
        repairable: false,
        unpublishedReason: 'noRuleSet',
        platformWindows: [],
        citations: NO_CITATIONS,
        warnings,
      };
    }
    const windows: PlatformPublicity[] = [];
    for (let i = 0; i < c.windowCount; i++) windows.push(platformWindow(c.windows[i]!, c.kinds));
    const combo = comboOf(c);
    const out: PublicityWindow = {
      tier: c.tier,
      tierBasis: c.tierBasis,
      published: c.published,
      platforms: combo.platforms,
      ruleSetIds: combo.ruleSetIds,
      basisDate: c.basisDate,
      basis: c.basis,
      repairable: c.repairable,
      platformWindows: windows,
      citations: combo.citations,
      warnings,
    };
    if (!c.published) {
      out.unpublishedReason = windows.find((w) => w.unpublishedReason)?.unpublishedReason ?? 'noRuleSet';
      return out;
    }
    if (c.minEndDay !== NONE) out.minimumPeriodEnd = fromDayNumber(c.minEndDay);
    if (c.earliestDay !== NONE) out.earliestRepairDate = fromDayNumber(c.earliestDay);
    out.earliestClearDate = fromDayNumber(c.clearDay);
    out.maximumPeriodEnd = fromDayNumber(c.maxEndDay);
    out.automaticEnd = fromDayNumber(c.autoEndDay);
    out.stopsCountingOn = fromDayNumber(c.stopsDay);
    return out;
  } as PublicityCalculator;

  calculator.countingWindow = function countingWindow(input: PublicityInput, repairedOn?: string | null): CountingWindow {
    run(input, repairedOn);
    const c = core;
    const published = c.published;
    return {
      tier: c.tier,
      published,
      repairable: c.repairable,
      stopsCountingOnDay: published ? c.stopsDay : undefined,
      earliestRepairDay: published && c.earliestDay !== NONE ? c.earliestDay : undefined,
      earliestClearDay: published ? c.clearDay : undefined,
      automaticEndDay: published ? c.autoEndDay : undefined,
      warnings: c.warnCount > 0 ? c.warnBuf.slice(0, c.warnCount) : NO_WARNINGS,
    };
  };
  const counting = (input: PublicityInput, repairedOn: string | null): CountingFacts => {
    run(input, repairedOn);
    return core;
  };
  return { calculator, counting };
}

/**
 * True when, reading `kinds` in order, the first kind outside `lightMask` is a fine: where the
 * light-penalty test would look at the fine amount (it stops at the first kind that is not light).
 */
function fineBeforeOtherKinds(kinds: readonly PenaltyKind[], lightMask: number): boolean {
  for (const k of kinds) {
    const bit = KIND_BIT[k]!;
    if ((bit & lightMask) === 0) return bit === FINE_BIT;
  }
  return false;
}

/** Kinds that exclude early repair on this platform, each once, in input order. */
function nonRepairableKinds(pc: PlatformCore, kinds: readonly PenaltyKind[]): readonly PenaltyKind[] {
  if (!pc.heavy) return NO_KINDS;
  const out: PenaltyKind[] = [];
  for (const k of kinds) if ((pc.crs!.noEarlyMask & KIND_BIT[k]!) !== 0 && !out.includes(k)) out.push(k);
  return out;
}

/** The full platform window of one assessment. Keys are set in the order readers have always seen. */
function platformWindow(pc: PlatformCore, kinds: readonly PenaltyKind[]): PlatformPublicity {
  const crs = pc.crs!;
  const rs = crs.rs;
  const w: { -readonly [K in keyof PlatformPublicity]: PlatformPublicity[K] } = {
    series: pc.series,
    ruleSetIds: rs.ids,
    ruleSetName: rs.nameZh,
    ruleSetFrom: crs.from,
    platforms: rs.platforms,
    basis: rs.basis,
    basisDate: pc.basisDate,
    basisAssumed: pc.basisAssumed,
    published: pc.published,
    repairable: pc.repairable,
    nonRepairableKinds: nonRepairableKinds(pc, kinds),
    citations: crs.citations,
  };
  if (crs.to !== undefined) w.ruleSetTo = crs.to;
  if (!pc.published) {
    w.unpublishedReason = pc.unpublishedReason!;
    return w;
  }
  w.category = pc.category!;
  if (pc.light) w.nonRepairableReason = 'lightPenalty';
  w.maximumPeriod = pc.maximumPeriod!;
  w.maximumPeriodEnd = fromDayNumber(pc.maxEndDay);
  w.automaticEnd = fromDayNumber(pc.autoEndDay);
  if (pc.heavy) w.nonRepairableReason = 'heavyPenalty';
  if (pc.repairable) {
    w.minimumPeriod = pc.minimumPeriod!;
    if (pc.sectorApplied !== undefined) w.sectorApplied = pc.sectorApplied;
    w.minimumPeriodEnd = fromDayNumber(pc.minEndDay);
    w.earliestRepairDate = fromDayNumber(pc.earliestDay);
  }
  return w;
}

const calculators = new WeakMap<Rulebook, PublicityCalculator>();

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
